#include "stream/xv2_decoder.h"

#include <gtest/gtest.h>

#include "decoder_test_util.h"

namespace chorus::stream {
namespace {

using namespace testing_util;

TEST(Xv2Decoder, EdgeCasesFixture) {
  Xv2Decoder d;
  auto lines = read_lines(fixture("xv2_edge.jsonl"));
  ASSERT_EQ(lines.size(), 10u);
  auto r = decode_lines(d, lines);
  ASSERT_EQ(r.out.events.size(), 4u);
  const Post& p1 = r.out.events[0].post;
  EXPECT_EQ(p1.id, "x:1");
  EXPECT_EQ(p1.author.id, "u1");
  EXPECT_EQ(p1.author.handle, "alice");
  EXPECT_EQ(p1.author.display_name, "Alice \xF0\x9F\x91\xA9");
  EXPECT_TRUE(p1.author.verified);
  EXPECT_EQ(p1.author.followers, 100);
  EXPECT_EQ(p1.author.created_at_ms, 1546300800000);
  EXPECT_EQ(p1.hashtags, std::vector<std::string>{"News"});
  EXPECT_EQ(p1.mentions, std::vector<std::string>{"bob"});
  EXPECT_EQ(p1.urls, std::vector<std::string>{"https://example.org/story"});
  EXPECT_EQ(p1.quote_of, "x:9");
  EXPECT_EQ(p1.metrics, (PostMetrics{3, 1, 2, 4, 50}));
  const Post& p2 = r.out.events[1].post;
  EXPECT_EQ(p2.lang, "");
  EXPECT_EQ(p2.repost_of, "x:8");
  EXPECT_EQ(p2.author.id, "u404");
  EXPECT_EQ(p2.author.handle, "");
  EXPECT_EQ(r.out.events[2].post.reply_to, "x:2");
  EXPECT_EQ(r.out.events[3].post.id, "x:5");
  ASSERT_EQ(r.out.item_errors.size(), 1u);
  EXPECT_EQ(r.out.item_errors[0], "data[1]: created_at: missing or not positive");
  ASSERT_EQ(r.errors.size(), 7u);
  const char* reasons[] = {
      "errors: operational-disconnect: This stream has been disconnected upstream",
      "public_metrics.like_count: expected an integer",
      "entities.hashtags: expected an array",
      "data: expected an object or an array",
      "data: missing",
      "malformed JSON",
      "created_at:"};
  for (size_t i = 0; i < 7; ++i)
    EXPECT_NE(r.errors[i].find(reasons[i]), std::string::npos) << r.errors[i];
}

TEST(Xv2Decoder, SharedSearchPagesJoinIncludes) {
  std::string brexit = shared_data("x_api_v2_tweets/twarc_brexit.jsonl");
  std::string kpop = shared_data("x_api_v2_tweets/twarc_kpop.jsonl");
  std::string two = shared_data("x_api_v2_tweets/twarc_two_tweets.jsonl");
  if (brexit.empty() || kpop.empty() || two.empty())
    GTEST_SKIP() << "shared data x_api_v2_tweets is absent";
  Xv2Decoder d;
  auto r = decode_lines(d, read_lines(brexit));
  EXPECT_TRUE(r.errors.empty());
  EXPECT_TRUE(r.out.item_errors.empty());
  ASSERT_EQ(r.out.events.size(), 100u);
  size_t reposts = 0, replies = 0, quotes = 0;
  for (const auto& e : r.out.events) {
    reposts += !e.post.repost_of.empty();
    replies += !e.post.reply_to.empty();
    quotes += !e.post.quote_of.empty();
    EXPECT_FALSE(e.post.author.handle.empty()) << e.post.id;  // every author is in includes
  }
  EXPECT_EQ(reposts, 67u);
  EXPECT_EQ(replies, 10u);
  EXPECT_EQ(quotes, 11u);
  EXPECT_EQ(decode_lines(d, read_lines(kpop)).out.events.size(), 100u);
  auto t = decode_lines(d, read_lines(two));
  ASSERT_EQ(t.out.events.size(), 1u);
  const Post& p = t.out.events[0].post;
  EXPECT_EQ(p.id, "x:1394735776701816833");
  EXPECT_EQ(p.author.handle, "LachiVeronica");
  EXPECT_EQ(p.author.display_name, "Veronica Lachi");
  EXPECT_EQ(p.repost_of, "x:1391677057810288641");
  EXPECT_EQ(p.hashtags, std::vector<std::string>{"POIUYTREWQ"});
  EXPECT_EQ(p.mentions, std::vector<std::string>{"bibaigna96"});
  EXPECT_EQ(p.metrics.reposts, 1);
  EXPECT_EQ(p.created_at_ms, 1621365896000);  // 2021-05-18T19:24:56.000Z
}

TEST(Xv2Decoder, SharedStreamWithTruncatedLine) {
  std::string path = shared_data("x_api_v2_tweets/twarc_streaming_output_with_error.jsonl");
  if (path.empty()) GTEST_SKIP() << "shared data x_api_v2_tweets is absent";
  Xv2Decoder d;
  auto r = decode_lines(d, read_lines(path));
  ASSERT_EQ(r.out.events.size(), 7u);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].rfind("line 8: malformed JSON", 0), 0u) << r.errors[0];
  const Post& p = r.out.events[0].post;
  EXPECT_EQ(p.id, "x:1377650090978992134");
  EXPECT_EQ(p.author.handle, "blackheart_265");
  EXPECT_EQ(p.quote_of, "x:1377640162566496258");
  EXPECT_EQ(p.lang, "en");
}

}  // namespace
}  // namespace chorus::stream
