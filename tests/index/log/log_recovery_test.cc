// Recovery of damaged logs: torn tails, corrupt records, garbage, damaged file-start records.
#include <gtest/gtest.h>

#include "base/random.h"
#include "index/log/log_test_util.h"
#include "index/log_format.h"
#include "index/post_log.h"
#include "support/temp_dir.h"

namespace chorus::index {
namespace {

using testing::log_path;
using testing::payload_for;
using testing::reopen;

LogOptions options_with_files(uint64_t file_bytes) {
  LogOptions o;
  o.sync = LogOptions::Sync::kNone;
  o.file_bytes = file_bytes;
  return o;
}

// Writes records 1..n and closes the log; returns their locators.
std::vector<LogAppend> write_records(const std::string& dir, uint64_t n, uint64_t file_bytes) {
  std::vector<LogAppend> out;
  auto r = reopen(Env::posix(), dir, options_with_files(file_bytes));
  EXPECT_TRUE(r.status.is_ok()) << r.status.to_string();
  if (!r.log) return out;
  for (uint64_t i = 1; i <= n; ++i) out.push_back(*r.log->append(payload_for(i)));
  EXPECT_TRUE(r.log->close().is_ok());
  return out;
}

bool any_message_has(const RecoveryReport& report, const std::string& a, const std::string& b) {
  for (const auto& m : report.messages) {
    if (m.find(a) != std::string::npos && m.find(b) != std::string::npos) return true;
  }
  return false;
}

void expect_records(const std::vector<testing::Replayed>& got, uint64_t first, uint64_t last) {
  ASSERT_EQ(got.size(), last - first + 1);
  for (uint64_t s = first; s <= last; ++s) {
    EXPECT_EQ(got[s - first].seq, s);
    EXPECT_EQ(got[s - first].payload, payload_for(s));
  }
}

TEST(PostLogRecovery, TornTailAtEveryOffsetOfTheLastRecord) {
  constexpr uint64_t kRecords = 6;
  chorus::testing::TempDir probe;
  auto locs = write_records(probe.path(), kRecords, 1 << 20);
  ASSERT_EQ(locs.size(), kRecords);
  const uint64_t start = locs.back().locator.offset;
  const uint64_t end = start + log_format::kHeaderSize + payload_for(kRecords).size();
  const std::string file = log_format::file_name(locs.back().locator.file);
  for (uint64_t cut = start + 1; cut < end; ++cut) {
    SCOPED_TRACE("cut at " + std::to_string(cut));
    chorus::testing::TempDir dir;
    write_records(dir.path(), kRecords, 1 << 20);
    std::string path = log_path(dir.path(), locs.back().locator.file);
    ASSERT_TRUE(Env::posix()->truncate_file(path, cut).is_ok());
    {
      auto r = reopen(Env::posix(), dir.path(), options_with_files(1 << 20));
      ASSERT_TRUE(r.status.is_ok()) << r.status.to_string();
      expect_records(r.records, 1, kRecords - 1);
      EXPECT_EQ(r.report.truncated_bytes, cut - start);
      EXPECT_EQ(r.report.skipped_records, 0u);
      EXPECT_TRUE(any_message_has(r.report, file, "offset " + std::to_string(start)));
      EXPECT_EQ(*Env::posix()->file_size(path), start);
      auto a = r.log->append(payload_for(kRecords));
      ASSERT_TRUE(a.is_ok());
      EXPECT_EQ(a->seq, kRecords);
      EXPECT_EQ(a->locator.pack(), locs.back().locator.pack());
    }
    auto r = reopen(Env::posix(), dir.path(), options_with_files(1 << 20));
    ASSERT_TRUE(r.status.is_ok());
    expect_records(r.records, 1, kRecords);
    EXPECT_TRUE(r.report.messages.empty());
  }
}

// Flips one payload byte of record `victim` and checks that exactly that record is skipped.
void check_corrupt_record(uint64_t victim) {
  constexpr uint64_t kRecords = 60;
  chorus::testing::TempDir dir;
  auto locs = write_records(dir.path(), kRecords, 2048);
  ASSERT_GT(locs.back().locator.file, 3u);
  const LogLocator where = locs[victim - 1].locator;
  testing::flip_byte(log_path(dir.path(), where.file), where.offset + log_format::kHeaderSize + 5);
  auto r = reopen(Env::posix(), dir.path(), options_with_files(2048));
  ASSERT_TRUE(r.status.is_ok()) << r.status.to_string();
  EXPECT_EQ(r.report.skipped_records, 1u);
  EXPECT_EQ(r.report.skipped_bytes, log_format::kHeaderSize + payload_for(victim).size());
  EXPECT_EQ(r.report.truncated_bytes, 0u);
  EXPECT_EQ(r.report.records, kRecords - 1);
  EXPECT_TRUE(any_message_has(r.report, log_format::file_name(where.file),
                              "offset " + std::to_string(where.offset)));
  ASSERT_EQ(r.records.size(), kRecords - 1);
  for (const auto& rec : r.records) {
    EXPECT_NE(rec.seq, victim);
    EXPECT_EQ(rec.payload, payload_for(rec.seq));  // every other record keeps its seq
    EXPECT_EQ(rec.where.pack(), locs[rec.seq - 1].locator.pack());
  }
  EXPECT_EQ(r.log->read(where).status().code(), StatusCode::kCorruption);
  EXPECT_EQ(r.log->append("next")->seq, kRecords + 1);
}

TEST(PostLogRecovery, CorruptRecordInTheMiddleOfAnEarlierFileIsSkipped) {
  check_corrupt_record(12);
}

TEST(PostLogRecovery, CorruptRecordInTheMiddleOfTheLastFileIsSkipped) {
  check_corrupt_record(58);
}

TEST(PostLogRecovery, DamagedLengthFieldSkipsToTheNextIntactRecord) {
  constexpr uint64_t kRecords = 60;
  chorus::testing::TempDir dir;
  auto locs = write_records(dir.path(), kRecords, 2048);
  const LogLocator where = locs[19].locator;
  testing::flip_byte(log_path(dir.path(), where.file),
                     where.offset + 6);  // third byte of the length
  auto r = reopen(Env::posix(), dir.path(), options_with_files(2048));
  ASSERT_TRUE(r.status.is_ok());
  EXPECT_EQ(r.report.skipped_records, 1u);
  EXPECT_EQ(r.report.skipped_bytes, log_format::kHeaderSize + payload_for(20).size());
  EXPECT_TRUE(any_message_has(r.report, "offset " + std::to_string(where.offset), "length"));
  ASSERT_EQ(r.records.size(), kRecords - 1);
  for (const auto& rec : r.records) EXPECT_EQ(rec.payload, payload_for(rec.seq));
}

void check_garbage_tail(const std::string& garbage) {
  constexpr uint64_t kRecords = 40;
  chorus::testing::TempDir dir;
  auto locs = write_records(dir.path(), kRecords, 4096);
  std::string path = log_path(dir.path(), locs.back().locator.file);
  uint64_t clean = *Env::posix()->file_size(path);
  testing::append_bytes(path, garbage);
  {
    auto r = reopen(Env::posix(), dir.path(), options_with_files(4096));
    ASSERT_TRUE(r.status.is_ok());
    expect_records(r.records, 1, kRecords);
    EXPECT_EQ(r.report.truncated_bytes, garbage.size());
    EXPECT_TRUE(any_message_has(r.report, log_format::file_name(locs.back().locator.file),
                                "offset " + std::to_string(clean)));
    EXPECT_EQ(*Env::posix()->file_size(path), clean);
    EXPECT_EQ(r.log->append(payload_for(kRecords + 1))->seq, kRecords + 1);
  }
  auto r = reopen(Env::posix(), dir.path(), options_with_files(4096));
  ASSERT_TRUE(r.status.is_ok());
  expect_records(r.records, 1, kRecords + 1);
  EXPECT_TRUE(r.report.messages.empty());
}

TEST(PostLogRecovery, ZerosAfterTheLastRecordAreTruncated) {
  check_garbage_tail(std::string(3000, '\0'));
}

TEST(PostLogRecovery, RandomBytesAfterTheLastRecordAreTruncated) {
  Rng rng(7);
  for (int round = 0; round < 5; ++round) {
    std::string garbage(1 + rng.below(2000), '\0');
    for (char& c : garbage) c = static_cast<char>(rng.next());
    check_garbage_tail(garbage);
  }
}

TEST(PostLogRecovery, TornFileStartOfANewFileIsRebuilt) {
  chorus::testing::TempDir dir;
  auto locs = write_records(dir.path(), 30, 2048);
  uint32_t next_file = locs.back().locator.file + 1;
  // A crash right after a roll created the next file and wrote part of its start record.
  testing::append_bytes(log_path(dir.path(), next_file),
                        log_format::encode_file_start(31).substr(0, 5));
  {
    auto r = reopen(Env::posix(), dir.path(), options_with_files(2048));
    ASSERT_TRUE(r.status.is_ok()) << r.status.to_string();
    expect_records(r.records, 1, 30);
    EXPECT_EQ(r.report.truncated_bytes, 5u);
    auto a = r.log->append(payload_for(31));
    ASSERT_TRUE(a.is_ok());
    EXPECT_EQ(a->seq, 31u);
    EXPECT_EQ(a->locator.file, next_file);
  }
  auto r = reopen(Env::posix(), dir.path(), options_with_files(2048));
  ASSERT_TRUE(r.status.is_ok());
  expect_records(r.records, 1, 31);
  EXPECT_TRUE(r.report.messages.empty());
}

TEST(PostLogRecovery, DamagedFileStartOfAnEarlierFileIsReported) {
  chorus::testing::TempDir dir;
  auto locs = write_records(dir.path(), 60, 2048);
  testing::flip_byte(log_path(dir.path(), 2), 12);  // inside file 2's start record
  auto r = reopen(Env::posix(), dir.path(), options_with_files(2048));
  ASSERT_TRUE(r.status.is_ok());
  EXPECT_EQ(r.report.skipped_records, 0u);
  EXPECT_EQ(r.report.skipped_bytes, log_format::kFileStartSize);
  EXPECT_TRUE(any_message_has(r.report, log_format::file_name(2), "offset 0"));
  expect_records(r.records, 1, 60);  // seqs inferred from file 1, confirmed by file 3
}

// Replaces the intact file-start record of a log file with one carrying `first_seq`.
void rewrite_file_start(const std::string& path, uint64_t first_seq) {
  auto bytes = Env::posix()->read_file(path);
  ASSERT_TRUE(bytes.is_ok());
  bytes->replace(0, log_format::kFileStartSize, log_format::encode_file_start(first_seq));
  ASSERT_TRUE(Env::posix()->write_file_atomic(path, *bytes).is_ok());
}

TEST(PostLogRecovery, FileStartSequenceNumbersThatWouldWrapAreRefused) {
  chorus::testing::TempDir dir;
  write_records(dir.path(), 60, 2048);
  rewrite_file_start(log_path(dir.path(), 1), log_format::kMaxFirstSeq + 1);
  rewrite_file_start(log_path(dir.path(), 2), ~uint64_t{0});
  {
    auto r = reopen(Env::posix(), dir.path(), options_with_files(2048));
    ASSERT_TRUE(r.status.is_ok()) << r.status.to_string();
    expect_records(r.records, 1, 60);
    EXPECT_TRUE(any_message_has(r.report, log_format::file_name(1), "out of range"));
    EXPECT_TRUE(any_message_has(r.report, log_format::file_name(2), "out of range"));
    auto a = r.log->append(payload_for(61));
    ASSERT_TRUE(a.is_ok());
    EXPECT_EQ(a->seq, 61u);
  }
  auto r = reopen(Env::posix(), dir.path(), options_with_files(2048));
  ASSERT_TRUE(r.status.is_ok());
  expect_records(r.records, 1, 61);
}

TEST(PostLogRecovery, OtherFilesInTheDirectoryAreIgnored) {
  chorus::testing::TempDir dir;
  write_records(dir.path(), 5, 4096);
  testing::append_bytes(dir.file("notes.txt"), "not a log");
  testing::append_bytes(dir.file("log-abc.clog"), "not a log either");
  auto r = reopen(Env::posix(), dir.path(), options_with_files(4096));
  ASSERT_TRUE(r.status.is_ok());
  expect_records(r.records, 1, 5);
  EXPECT_TRUE(r.report.messages.empty());
}

}  // namespace
}  // namespace chorus::index
