// Change records in the post log: sequence numbers shared with data records, replayed through
// their own callback in order, CRC-checked like the others, skipped by readers that do not ask
// for them; and the change payload codec.
#include <gtest/gtest.h>

#include "index/change_record.h"
#include "log_test_util.h"
#include "support/temp_dir.h"

namespace chorus::index {
namespace {

using testing::log_path;

struct Seen {
  uint64_t seq;
  bool change;
  std::string payload;
};

std::vector<Seen> replay_all(const std::string& dir, RecoveryReport* report) {
  std::vector<Seen> seen;
  auto data = [&](uint64_t seq, LogLocator, std::string_view p) {
    seen.push_back({seq, false, std::string(p)});
    return Status::ok();
  };
  auto change = [&](uint64_t seq, LogLocator, std::string_view p) {
    seen.push_back({seq, true, std::string(p)});
    return Status::ok();
  };
  auto log = PostLog::open(Env::posix(), dir, {}, data, report, change);
  EXPECT_TRUE(log.is_ok()) << log.status().to_string();
  return seen;
}

TEST(ChangeRecords, ShareSequenceNumbersAndReplayInOrder) {
  chorus::testing::TempDir dir;
  LogLocator change_at;
  {
    auto r = testing::reopen(Env::posix(), dir.path());
    ASSERT_TRUE(r.log->append("post-1").is_ok());
    auto c = r.log->append_change("change-2");
    ASSERT_TRUE(c.is_ok());
    EXPECT_EQ(c->seq, 2u);
    change_at = c->locator;
    ASSERT_TRUE(r.log->append("post-3").is_ok());
    bool is_change = false;
    auto read = r.log->read(change_at, &is_change);
    ASSERT_TRUE(read.is_ok());
    EXPECT_EQ(*read, "change-2");
    EXPECT_TRUE(is_change);
  }
  RecoveryReport report;
  std::vector<Seen> seen = replay_all(dir.path(), &report);
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(report.records, 3u);
  EXPECT_EQ(seen[1].seq, 2u);
  EXPECT_TRUE(seen[1].change);
  EXPECT_EQ(seen[1].payload, "change-2");
  EXPECT_EQ(seen[2].seq, 3u);
  EXPECT_FALSE(seen[2].change);
  // A reader that does not ask for changes still gets the posts at their own sequence numbers.
  auto plain = testing::reopen(Env::posix(), dir.path());
  ASSERT_EQ(plain.records.size(), 2u);
  EXPECT_EQ(plain.records[1].seq, 3u);
  EXPECT_EQ(plain.records[1].payload, "post-3");
}

TEST(ChangeRecords, ACorruptChangeRecordIsSkippedAndReported) {
  chorus::testing::TempDir dir;
  LogLocator change_at;
  {
    auto r = testing::reopen(Env::posix(), dir.path());
    ASSERT_TRUE(r.log->append("post-1").is_ok());
    change_at = r.log->append_change("change-2")->locator;
    ASSERT_TRUE(r.log->append("post-3").is_ok());
  }
  testing::flip_byte(log_path(dir.path(), change_at.file), change_at.offset + 12);
  RecoveryReport report;
  std::vector<Seen> seen = replay_all(dir.path(), &report);
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[1].seq, 3u);  // the skipped record keeps its sequence number
  EXPECT_EQ(report.skipped_records, 1u);
  ASSERT_EQ(report.messages.size(), 1u);
  EXPECT_NE(report.messages[0].find("checksum"), std::string::npos);
}

TEST(ChangeRecords, PayloadCodecRoundTripsAndNamesBadInput) {
  std::string bytes;
  encode_delete_change("at://did/app.bsky.feed.post/1", &bytes);
  DecodedChange c;
  ASSERT_TRUE(decode_change(bytes, &c).is_ok());
  EXPECT_EQ(c.op, ChangeOp::kDelete);
  EXPECT_EQ(c.id, "at://did/app.bsky.feed.post/1");
  Post p;
  p.id = "x:9";
  p.text = "edited text";
  p.created_at_ms = 5;
  bytes.clear();
  encode_edit_change(p, &bytes);
  ASSERT_TRUE(decode_change(bytes, &c).is_ok());
  EXPECT_EQ(c.op, ChangeOp::kEdit);
  EXPECT_EQ(c.post, p);
  EXPECT_EQ(c.id, "x:9");
  EXPECT_EQ(decode_change("", &c).code(), StatusCode::kCorruption);
  EXPECT_EQ(decode_change(std::string(1, '\x01'), &c).code(), StatusCode::kCorruption);
  EXPECT_NE(decode_change("\x07zz", &c).message().find("unknown operation 7"), std::string::npos);
  EXPECT_EQ(decode_change(bytes.substr(0, bytes.size() / 2), &c).code(), StatusCode::kCorruption);
}

}  // namespace
}  // namespace chorus::index
