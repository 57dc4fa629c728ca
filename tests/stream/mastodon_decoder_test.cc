#include "stream/mastodon_decoder.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "decoder_test_util.h"
#include "stream/sse_parser.h"

namespace chorus::stream {
namespace {

using namespace testing_util;

TEST(MastodonDecoder, EdgeCasesFixture) {
  MastodonDecoder d;
  auto lines = read_lines(fixture("mastodon_edge.jsonl"));
  ASSERT_EQ(lines.size(), 23u);
  auto r = decode_lines(d, lines);
  EXPECT_EQ(count_kind(r.out, EventKind::kPost), 6u);
  EXPECT_EQ(count_kind(r.out, EventKind::kEdit), 1u);
  EXPECT_EQ(count_kind(r.out, EventKind::kDelete), 2u);
  EXPECT_EQ(r.out.skipped, 1u);
  ASSERT_EQ(r.out.events.size(), 9u);

  const StreamEvent& e1 = r.out.events[0];
  EXPECT_EQ(e1.post.id, "mastodon:100");
  EXPECT_EQ(e1.post.text,
            "Hello & welcome\nto https://example.org/a \xF0\x9F\x98\x80\n\n@al #Fire "
            "\xF0\x9F\x94\xA5 'q'");
  EXPECT_EQ(e1.post.urls, std::vector<std::string>{"https://example.org/a?x=1&y=2"});
  EXPECT_EQ(e1.post.mentions, std::vector<std::string>{"al@m.s"});
  EXPECT_EQ(e1.post.hashtags, std::vector<std::string>{"Fire"});
  EXPECT_EQ(e1.post.reply_to, "mastodon:99");
  EXPECT_EQ(e1.post.author.handle, "botty");
  EXPECT_EQ(e1.post.author.followers, 5);
  EXPECT_EQ(e1.post.author.created_at_ms, 1609459200000);
  EXPECT_TRUE(e1.author_bot);
  EXPECT_EQ(e1.post.metrics.reposts, 2);
  EXPECT_EQ(e1.post.created_at_ms, 1709294400000);

  EXPECT_EQ(r.out.events[1].post.repost_of, "mastodon:55");
  EXPECT_EQ(r.out.events[1].post.text, "original text");
  EXPECT_FALSE(r.out.events[1].author_bot);
  EXPECT_EQ(r.out.events[2].post.text, "CW: news\n\nمرحبا بالعالم");
  EXPECT_EQ(r.out.events[2].post.lang, "ar");
  EXPECT_EQ(r.out.events[3].post.text, "streamed");
  EXPECT_EQ(r.out.events[4].kind, EventKind::kEdit);
  EXPECT_EQ(r.out.events[4].post.text, "streamed, edited");
  EXPECT_EQ(r.out.events[5].kind, EventKind::kDelete);
  EXPECT_EQ(r.out.events[5].post.id, "mastodon:103");
  EXPECT_EQ(r.out.events[6].post.text, "ws");
  EXPECT_EQ(r.out.events[7].post.id, "mastodon:104");
  EXPECT_EQ(r.out.events[7].kind, EventKind::kDelete);
  EXPECT_EQ(r.out.events[8].post.id, "mastodon:105");

  ASSERT_EQ(r.out.item_errors.size(), 2u);
  EXPECT_NE(r.out.item_errors[0].find("[1] created_at: missing"), std::string::npos)
      << r.out.item_errors[0];
  EXPECT_NE(r.out.item_errors[1].find("[2] favourites_count: expected an integer"),
            std::string::npos)
      << r.out.item_errors[1];
  ASSERT_EQ(r.errors.size(), 6u);
  const char* reasons[] = {"created_at: expected",      "malformed JSON",
                           "tags: expected an array",   "id: missing",
                           "delete: missing status id", "malformed JSON"};
  for (size_t i = 0; i < 6; ++i)
    EXPECT_NE(r.errors[i].find(reasons[i]), std::string::npos) << r.errors[i];
}

TEST(MastodonDecoder, SharedRestResponsesAndStreams) {
  std::string path = shared_data("mastodon_api_events/mastodon_api_responses.jsonl");
  if (path.empty()) GTEST_SKIP() << "shared data mastodon_api_events is absent";
  MastodonDecoder d;
  DecodeOutput out;
  size_t statuses = 0, streamed = 0;
  for (const auto& line : read_lines(path)) {
    auto j = nlohmann::json::parse(line);
    if (j.contains("body_text")) {
      SseParser sse([&](std::string_view event, std::string_view data) {
        ASSERT_TRUE(d.decode_event(event, data, &out).is_ok()) << event;
        ++streamed;
      });
      sse.feed(j["body_text"].get<std::string>());
      continue;
    }
    const auto& body = j["body"];
    bool page = body.is_array();
    bool status = body.is_object() && body.contains("content") && body.contains("account");
    if (!page && !status) continue;
    statuses += page ? body.size() : 1;
    Status st = d.decode(body.dump(), &out);
    ASSERT_TRUE(st.is_ok()) << st.to_string();
  }
  EXPECT_TRUE(out.item_errors.empty()) << out.item_errors.front();
  EXPECT_EQ(statuses, 24u);
  EXPECT_EQ(streamed, 2u);  // one `update`, one `conversation`
  EXPECT_EQ(out.skipped, 1u);
  ASSERT_EQ(out.events.size(), 25u);
  const Post& first = out.events[0].post;
  EXPECT_EQ(first.id, "mastodon:117020593741189701");
  EXPECT_EQ(first.text, "#hoot (hashtag toot)");
  EXPECT_EQ(first.hashtags, std::vector<std::string>{"hoot"});
  EXPECT_EQ(first.lang, "ja");
  EXPECT_EQ(first.author.handle, "mastodonpy_test_2");
  EXPECT_EQ(out.events.back().post.text, "it's cool guy");
  bool saw_mention = false;
  for (const auto& e : out.events)
    if (e.post.text == "@mastodonpy_test beep beep I'm a jeep") {
      saw_mention = true;
      EXPECT_EQ(e.post.mentions, std::vector<std::string>{"mastodonpy_test"});
      EXPECT_TRUE(e.post.urls.empty());
    }
  EXPECT_TRUE(saw_mention);
}

TEST(SseParser, FramesEventsAcrossPiecesAndLineEndings) {
  std::vector<std::pair<std::string, std::string>> got;
  SseParser p([&](std::string_view e, std::string_view d) { got.emplace_back(e, d); });
  std::string stream =
      ":)\r\nevent: update\r\ndata: {\"a\":1}\r\n\r\ndata: x\ndata: y\nid: 7\n\n"
      "event: delete\rdata: 5\r\r";
  for (size_t piece : {1, 2, 1000}) {
    got.clear();
    for (size_t i = 0; i < stream.size(); i += piece) p.feed(stream.substr(i, piece));
    ASSERT_EQ(got.size(), 3u) << piece;
    EXPECT_EQ(got[0], (std::pair<std::string, std::string>{"update", "{\"a\":1}"}));
    EXPECT_EQ(got[1], (std::pair<std::string, std::string>{"message", "x\ny"}));
    EXPECT_EQ(got[2], (std::pair<std::string, std::string>{"delete", "5"}));
    EXPECT_EQ(p.last_event_id(), "7");
  }
}

TEST(SseParser, DropsOversizeEvents) {
  int n = 0;
  SseParser p([&](std::string_view, std::string_view) { ++n; }, 16);
  p.feed("data: 0123456789abcdefXYZ\n\ndata: ok\n\n");
  EXPECT_EQ(n, 1);
  EXPECT_EQ(p.dropped(), 1u);
}

}  // namespace
}  // namespace chorus::stream
