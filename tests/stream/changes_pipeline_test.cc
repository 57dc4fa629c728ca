// Deletes and edits from every decoder reach the index through the IngestPipeline: a record
// stream of creates, edits and deletes in each format leaves the index holding the latest
// version of what was not deleted, and the pipeline and index count what they did.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "index/index.h"
#include "stream/decoder.h"
#include "stream/event_change.h"
#include "stream/ingest_pipeline.h"
#include "stream/jsonl_decoder.h"
#include "stream/xv2_decoder.h"
#include "support/temp_dir.h"

namespace chorus::stream {
namespace {

struct Case {
  std::string format;
  std::string input;
  std::string edited_id;            // created, then edited: "flood" finds it, "fire" does not
  std::string deleted_id;           // created, then deleted: "quiet" finds nothing
  uint64_t edits = 1, deletes = 2;  // events decoded; one delete targets an unknown id
};

std::string jetstream(const std::string& op, const std::string& rkey, const std::string& text) {
  std::string line = R"({"did":"did:plc:aaa","time_us":1700000000000000,"kind":"commit",)"
                     R"("commit":{"rev":"r","operation":")" +
                     op + R"(","collection":"app.bsky.feed.post","rkey":")" + rkey + "\"";
  if (op != "delete")
    line += R"(,"record":{"text":")" + text + R"(","createdAt":"2024-03-01T12:00:00Z"})";
  return line + "}}\n";
}

std::string mastodon(const std::string& event, const std::string& id, const std::string& text) {
  if (event == "delete") return "event: delete\ndata: " + id + "\n\n";
  return "event: " + event + "\ndata: {\"id\":\"" + id +
         R"(","created_at":"2024-03-01T12:00:00.000Z","content":"<p>)" + text +
         R"(</p>","account":{"id":"7","username":"bob","acct":"bob"}})" + "\n\n";
}

std::string tweet(const std::string& id, const std::string& text, const std::string& history) {
  return R"({"data":{"id":")" + id + R"(","text":")" + text +
         R"(","created_at":"2024-03-01T12:00:00.000Z","author_id":"u1","edit_history_tweet_ids":[)" +
         history + "]}}\n";
}

std::string jsonl(const std::string& op, const std::string& id, const std::string& text) {
  if (op == "delete") return R"({"op":"delete","id":")" + id + "\"}\n";
  return R"({"op":")" + op + R"(","id":")" + id + R"(","text":")" + text +
         R"(","created_at":1700000000000})" + "\n";
}

std::vector<Case> cases() {
  const std::string at = "at://did:plc:aaa/app.bsky.feed.post/";
  return {
      {"jetstream",
       jetstream("create", "r1", "harbour fire") + jetstream("create", "r2", "quiet street") +
           jetstream("update", "r1", "harbour flood") + jetstream("delete", "r2", "") +
           jetstream("delete", "r9", ""),
       at + "r1", at + "r2"},
      {"mastodon",
       mastodon("update", "1", "harbour fire") + mastodon("update", "2", "quiet street") +
           mastodon("status.update", "1", "harbour flood") + mastodon("delete", "2", "") +
           mastodon("delete", "9", ""),
       "mastodon:1", "mastodon:2"},
      {"xv2",
       tweet("1", "harbour fire", R"("1")") + tweet("2", "quiet street", R"("2")") +
           tweet("3", "harbour flood", R"("1","3")") +
           R"({"data":{"delete":{"tweet":{"id":"2","author_id":"u1"},"event_at":"2024-03-01T12:01:00.000Z"}}})"
           "\n"
           R"({"data":{"delete":{"tweet":{"id":"9"}}}})"
           "\n",
       "x:1", "x:2"},
      {"jsonl",
       jsonl("post", "j1", "harbour fire") + jsonl("post", "j2", "quiet street") +
           jsonl("edit", "j1", "harbour flood") + jsonl("delete", "j2", "") +
           jsonl("delete", "j9", ""),
       "j1", "j2"},
  };
}

class ChangesThroughPipeline : public ::testing::TestWithParam<Case> {};

TEST_P(ChangesThroughPipeline, ReachTheIndex) {
  const Case& c = GetParam();
  chorus::testing::TempDir dir;
  ASSERT_TRUE(Env::posix()->write_file_atomic(dir.file("in"), c.input).is_ok());
  index::IndexOptions io;
  io.log.sync = index::LogOptions::Sync::kNone;
  auto idx = index::Index::open(Env::posix(), dir.file("index"), io);
  ASSERT_TRUE(idx.is_ok()) << idx.status().to_string();
  auto decoder = make_decoder(c.format);
  ASSERT_TRUE(decoder.is_ok());
  LineReader reader(std::make_unique<FileByteSource>(Env::posix(), dir.file("in")));
  DeadLetterSink dead(Env::posix(), dir.file("dead.jsonl"));
  IngestPipeline pipeline(Env::posix(), &reader, decoder->get(), &dead);
  std::vector<index::Change> changes;
  Status st = pipeline.run([&](std::vector<StreamEvent>& batch) {
    changes.clear();
    for (StreamEvent& e : batch) changes.push_back(to_change(std::move(e)));
    for (auto& r : (*idx)->apply(changes))
      if (!r.is_ok()) return r.status();
    return Status::ok();
  });
  ASSERT_TRUE(st.is_ok()) << st.to_string();
  EXPECT_EQ(dead.count(), 0u);
  PipelineStats ps = pipeline.stats();
  EXPECT_EQ(ps.posts, 2u);
  EXPECT_EQ(ps.edits, c.edits);
  EXPECT_EQ(ps.deletes, c.deletes);
  auto found = [&](const std::string& text) {
    index::Query q;
    q.text = text;
    std::vector<std::string> ids;
    auto r = (*idx)->search(q);
    EXPECT_TRUE(r.is_ok()) << r.status().to_string();
    if (r.is_ok())
      for (const auto& h : r->hits) ids.push_back(h.post.id);
    return ids;
  };
  EXPECT_EQ(found("flood"), std::vector<std::string>{c.edited_id});
  EXPECT_TRUE(found("fire").empty());
  EXPECT_TRUE(found("quiet").empty());
  EXPECT_EQ(found("harbour"), std::vector<std::string>{c.edited_id});
  ASSERT_TRUE((*idx)->get(c.edited_id).is_ok());
  EXPECT_EQ((*idx)->get(c.edited_id)->text, "harbour flood");
  EXPECT_FALSE((*idx)->get(c.deleted_id).is_ok());
  index::IndexStats is = (*idx)->stats();
  EXPECT_EQ(is.edits, 1u);
  EXPECT_EQ(is.deletes, 1u);
  EXPECT_EQ(is.unknown_changes, 1u);  // the delete of an id never seen
}

INSTANTIATE_TEST_SUITE_P(Formats, ChangesThroughPipeline, ::testing::ValuesIn(cases()),
                         [](const auto& info) { return info.param.format; });

TEST(JsonlOps, DecodesPostEditDeleteAndRejectsTheRest) {
  JsonlDecoder d;
  DecodeOutput out;
  ASSERT_TRUE(d.decode(R"({"id":"a","text":"t","created_at":5})", &out).is_ok());
  ASSERT_TRUE(d.decode(R"({"op":"post","id":"b","text":"t","created_at":5})", &out).is_ok());
  ASSERT_TRUE(d.decode(R"({"op":"edit","id":"a","text":"u","created_at":5})", &out).is_ok());
  ASSERT_TRUE(d.decode(R"({"op":"delete","id":"b"})", &out).is_ok());
  ASSERT_TRUE(d.decode(R"({"id":"c","text":"say \"op\" here","created_at":5})", &out).is_ok());
  ASSERT_EQ(out.events.size(), 5u);
  EXPECT_EQ(out.events[0].kind, EventKind::kPost);
  EXPECT_EQ(out.events[1].kind, EventKind::kPost);
  EXPECT_EQ(out.events[2].kind, EventKind::kEdit);
  EXPECT_EQ(out.events[2].post.text, "u");
  EXPECT_EQ(out.events[3].kind, EventKind::kDelete);
  EXPECT_EQ(out.events[3].post.id, "b");
  EXPECT_EQ(out.events[3].post.source, "jsonl");
  EXPECT_EQ(out.events[4].kind, EventKind::kPost);
  Status bad = d.decode(R"({"op":"undelete","id":"b"})", &out);
  EXPECT_EQ(bad.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(bad.message().find("op: unknown 'undelete'"), std::string::npos);
  EXPECT_NE(d.decode(R"({"op":"delete"})", &out).message().find("id"), std::string::npos);
  EXPECT_NE(d.decode(R"({"op":3,"id":"b"})", &out).message().find("op"), std::string::npos);
  EXPECT_FALSE(d.decode(R"({"op":"edit","id":"a"})", &out).is_ok());  // an edit is a whole post
  EXPECT_EQ(out.events.size(), 5u);  // nothing appended on rejection
}

TEST(Xv2Changes, EditHistoryAndComplianceEvents) {
  Xv2Decoder d;
  DecodeOutput out;
  ASSERT_TRUE(d.decode(R"({"data":{"id":"5","text":"v2","edit_history_tweet_ids":["4","5"],)"
                       R"("created_at":"2024-03-01T12:00:00.000Z"}})",
                       &out)
                  .is_ok());
  ASSERT_TRUE(d.decode(R"({"data":{"withheld":{"tweet":{"id":"4"}}}})", &out).is_ok());
  ASSERT_EQ(out.events.size(), 1u);
  EXPECT_EQ(out.events[0].kind, EventKind::kEdit);
  EXPECT_EQ(out.events[0].post.id, "x:4");
  EXPECT_EQ(out.events[0].post.text, "v2");
  EXPECT_EQ(out.skipped, 1u);
  EXPECT_NE(
      d.decode(R"({"data":{"delete":{"tweet":{}}}})", &out).message().find("data.delete.tweet.id"),
      std::string::npos);
  EXPECT_FALSE(d.decode(R"({"data":{"delete":"4"}})", &out).is_ok());
  EXPECT_FALSE(d.decode(R"({"data":{"id":"5","text":"v","edit_history_tweet_ids":[4],)"
                        R"("created_at":"2024-03-01T12:00:00.000Z"}})",
                        &out)
                   .is_ok());
}

}  // namespace
}  // namespace chorus::stream
