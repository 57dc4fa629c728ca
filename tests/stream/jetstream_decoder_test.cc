#include "stream/jetstream_decoder.h"

#include <gtest/gtest.h>

#include "decoder_test_util.h"

namespace chorus::stream {
namespace {

using namespace testing_util;

TEST(JetstreamDecoder, SharedCaptureOf152Events) {
  std::string path = shared_data("bluesky_jetstream_events/jetstream_v1_152_events.jsonl");
  if (path.empty()) GTEST_SKIP() << "shared data bluesky_jetstream_events is absent";
  JetstreamDecoder d;
  auto r = decode_lines(d, read_lines(path));
  EXPECT_TRUE(r.errors.empty()) << r.errors.front();
  EXPECT_EQ(count_kind(r.out, EventKind::kPost), 17u);
  EXPECT_EQ(count_kind(r.out, EventKind::kDelete), 1u);
  EXPECT_EQ(r.out.skipped, 134u);
  EXPECT_EQ(d.last_cursor(), 1783175888390226);  // time_us of the last event (an account event)
  bool saw_tags = false;
  for (const auto& e : r.out.events) {
    EXPECT_EQ(e.post.id.rfind("at://did:", 0), 0u) << e.post.id;
    EXPECT_GT(e.cursor, 0);
    if (e.post.hashtags == std::vector<std::string>{"HowToTellAiToShutUp", "IndieRebellion"}) {
      saw_tags = true;
      EXPECT_EQ(e.post.lang, "de");
      EXPECT_EQ(e.post.author.id, "did:plc:tn3hni2jpphsgl6amfbb7ja6");
    }
  }
  EXPECT_TRUE(saw_tags);
}

TEST(JetstreamDecoder, SharedGoldenReplyPost) {
  std::string path = shared_data("bluesky_jetstream_events/jetstream_v1_golden_10.jsonl");
  if (path.empty()) GTEST_SKIP() << "shared data bluesky_jetstream_events is absent";
  JetstreamDecoder d;
  auto r = decode_lines(d, read_lines(path));
  EXPECT_TRUE(r.errors.empty());
  ASSERT_EQ(r.out.events.size(), 1u);
  EXPECT_EQ(r.out.skipped, 9u);
  const Post& p = r.out.events[0].post;
  EXPECT_EQ(p.id, "at://did:plc:q235v55g5unth4zjjdpacfdr/app.bsky.feed.post/3mmoojp4cd223");
  EXPECT_EQ(p.text, "Try RSV for a good time !!");
  EXPECT_EQ(p.reply_to, "at://did:plc:j76trmiofvaxxpvx2vnb2vwf/app.bsky.feed.post/3mmojbrjwbs26");
  EXPECT_EQ(p.created_at_ms, 1779719008757);  // 2026-05-25T14:23:28.757Z
  EXPECT_EQ(p.lang, "en");
  EXPECT_EQ(p.source, "jetstream");
  EXPECT_EQ(r.out.events[0].cursor, 1779719009157119);
}

TEST(JetstreamDecoder, EdgeCasesFixture) {
  JetstreamDecoder d;
  auto lines = read_lines(fixture("jetstream_edge.jsonl"));
  ASSERT_EQ(lines.size(), 13u);
  auto r = decode_lines(d, lines);
  ASSERT_EQ(r.out.events.size(), 4u);
  EXPECT_EQ(r.out.skipped, 2u);
  const Post& p1 = r.out.events[0].post;
  EXPECT_EQ(p1.id, "at://did:plc:aaa/app.bsky.feed.post/r1");
  EXPECT_EQ(p1.text, "hi @alice.bsky.social \xF0\x9F\x98\x80 #Tag");
  EXPECT_EQ(p1.mentions, std::vector<std::string>{"alice.bsky.social"});
  EXPECT_EQ(p1.hashtags, std::vector<std::string>{"Tag"});
  EXPECT_EQ(p1.quote_of, "at://did:plc:q/app.bsky.feed.post/q1");
  EXPECT_EQ(p1.lang, "en");
  const Post& p2 = r.out.events[1].post;
  EXPECT_EQ(p2.text, "حريق قرب ميناء الإسكندرية");
  EXPECT_EQ(p2.created_at_ms, 1700000000500);  // unparsable createdAt: the event time
  EXPECT_EQ(p2.quote_of, "at://did:plc:q/app.bsky.feed.post/q2");
  EXPECT_EQ(r.out.events[2].kind, EventKind::kEdit);
  EXPECT_EQ(r.out.events[2].post.text, "edited");
  EXPECT_EQ(r.out.events[3].kind, EventKind::kDelete);
  EXPECT_EQ(r.out.events[3].post.id, p1.id);
  ASSERT_EQ(r.errors.size(), 7u);
  const char* reasons[] = {"record.text: expected a string",
                           "malformed JSON",
                           "commit: missing",
                           "commit.operation: unknown 'frobnicate'",
                           "record.langs: expected",
                           "commit.record: missing",
                           "malformed JSON"};
  for (size_t i = 0; i < 7; ++i)
    EXPECT_NE(r.errors[i].find(reasons[i]), std::string::npos) << r.errors[i];
  EXPECT_EQ(d.last_cursor(), 1700000000900000);
}

}  // namespace
}  // namespace chorus::stream
