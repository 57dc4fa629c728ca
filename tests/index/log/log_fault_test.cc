// Injected faults: a full disk and failing fsyncs.
#include <gtest/gtest.h>

#include "index/log/log_test_util.h"
#include "index/log_format.h"
#include "index/post_log.h"
#include "support/fault_env.h"
#include "support/temp_dir.h"

namespace chorus::index {
namespace {

using testing::payload_for;
using testing::reopen;

LogOptions options(LogOptions::Sync sync, uint64_t file_bytes) {
  LogOptions o;
  o.sync = sync;
  o.file_bytes = file_bytes;
  o.sync_interval_ms = 2;
  return o;
}

size_t count_log_files(const std::string& dir) {
  size_t n = 0;
  auto names = Env::posix()->list_dir(dir);
  for (const auto& name : *names) {
    uint32_t number = 0;
    if (log_format::parse_file_name(name, &number)) ++n;
  }
  return n;
}

TEST(PostLogFaults, DiskFullRefusesAppendsAndLosesNothing) {
  chorus::testing::TempDir dir;
  chorus::testing::FaultEnv env;
  uint64_t last = 0;
  {
    auto r = reopen(&env, dir.path(), options(LogOptions::Sync::kInterval, 1 << 20));
    ASSERT_TRUE(r.status.is_ok());
    for (uint64_t i = 1; i <= 20; ++i) ASSERT_TRUE(r.log->append(payload_for(i)).is_ok());
    ASSERT_TRUE(r.log->sync().is_ok());  // 1..20 acknowledged
    env.set_disk_budget(2000);
    Status refused;
    for (uint64_t i = 21; i < 200; ++i) {
      auto a = r.log->append(payload_for(i));
      if (!a.is_ok()) {
        refused = a.status();
        break;
      }
      EXPECT_EQ(a->seq, i);
    }
    EXPECT_EQ(refused.code(), StatusCode::kNoSpace) << refused.to_string();
    last = r.log->last_seq();
    EXPECT_GT(last, 20u);
    std::string big = payload_for(last + 1);
    std::vector<std::string_view> batch(4, big);
    EXPECT_EQ(r.log->append_batch(batch).status().code(), StatusCode::kNoSpace);
    EXPECT_EQ(r.log->last_seq(), last);  // refused appends left no trace
    ASSERT_TRUE(r.log->sync().is_ok());
    EXPECT_EQ(r.log->durable_seq(), last);
    EXPECT_EQ(*r.log->read({1, static_cast<uint32_t>(log_format::kFileStartSize)}), payload_for(1));
    env.set_disk_budget(-1);  // space returns
    for (uint64_t i = last + 1; i <= last + 10; ++i) {
      auto a = r.log->append(payload_for(i));
      ASSERT_TRUE(a.is_ok()) << a.status().to_string();
      EXPECT_EQ(a->seq, i);
    }
    last += 10;
  }
  auto r = reopen(Env::posix(), dir.path(), options(LogOptions::Sync::kNone, 1 << 20));
  ASSERT_TRUE(r.status.is_ok());
  EXPECT_TRUE(r.report.messages.empty());
  ASSERT_EQ(r.records.size(), last);
  for (const auto& rec : r.records) EXPECT_EQ(rec.payload, payload_for(rec.seq));
}

TEST(PostLogFaults, DiskFullWhileRollingLeavesNoStrayFile) {
  chorus::testing::TempDir dir;
  chorus::testing::FaultEnv env;
  {
    auto r = reopen(&env, dir.path(), options(LogOptions::Sync::kAlways, 1024));
    ASSERT_TRUE(r.status.is_ok());
    uint64_t seq = 0;
    uint32_t offset = 0;
    while (offset < 700) {  // fill the current file so that a 309-byte record cannot fit
      auto a = r.log->append(payload_for(seq + 1));
      ASSERT_TRUE(a.is_ok());
      seq = a->seq;
      offset = a->locator.offset;
    }
    size_t files = count_log_files(dir.path());
    env.set_disk_budget(0);  // the next append must roll, and the new file cannot be started
    auto refused = r.log->append(std::string(300, 'x'));
    EXPECT_EQ(refused.status().code(), StatusCode::kNoSpace);
    EXPECT_EQ(count_log_files(dir.path()), files);
    EXPECT_EQ(r.log->last_seq(), seq);
    env.set_disk_budget(-1);
    auto a = r.log->append(std::string(300, 'y'));
    ASSERT_TRUE(a.is_ok()) << a.status().to_string();
    EXPECT_EQ(a->seq, seq + 1);
    EXPECT_EQ(count_log_files(dir.path()), files + 1);
  }
  auto r = reopen(Env::posix(), dir.path(), options(LogOptions::Sync::kNone, 1024));
  ASSERT_TRUE(r.status.is_ok());
  EXPECT_TRUE(r.report.messages.empty());
  ASSERT_FALSE(r.records.empty());
  EXPECT_EQ(r.records.back().payload, std::string(300, 'y'));
  r.records.pop_back();
  for (const auto& rec : r.records) EXPECT_EQ(rec.payload, payload_for(rec.seq));
}

TEST(PostLogFaults, FailedSyncIsStickyUntilReopen) {
  chorus::testing::TempDir dir;
  chorus::testing::FaultEnv env;
  {
    auto r = reopen(&env, dir.path(), options(LogOptions::Sync::kAlways, 1 << 20));
    ASSERT_TRUE(r.status.is_ok());
    ASSERT_TRUE(r.log->append(payload_for(1)).is_ok());
    env.fail_syncs(true);
    auto a = r.log->append(payload_for(2));  // written, never acknowledged
    EXPECT_EQ(a.status().code(), StatusCode::kIOError);
    EXPECT_EQ(r.log->durable_seq(), 1u);
    env.fail_syncs(false);  // a later fsync could falsely succeed: the log must stay failed
    EXPECT_EQ(r.log->append(payload_for(3)).status().code(), StatusCode::kIOError);
    EXPECT_EQ(r.log->sync().code(), StatusCode::kIOError);
    EXPECT_EQ(r.log->durable_seq(), 1u);
    EXPECT_EQ(*r.log->read({1, static_cast<uint32_t>(log_format::kFileStartSize)}), payload_for(1));
    EXPECT_FALSE(r.log->close().is_ok());
  }
  auto r = reopen(&env, dir.path(), options(LogOptions::Sync::kAlways, 1 << 20));
  ASSERT_TRUE(r.status.is_ok());
  ASSERT_EQ(r.records.size(), 2u);  // the unacknowledged record reached the OS and is kept
  EXPECT_EQ(r.records[1].payload, payload_for(2));
  EXPECT_EQ(r.log->append(payload_for(3))->seq, 3u);
}

TEST(PostLogFaults, FlusherFailureWakesWaiters) {
  chorus::testing::TempDir dir;
  chorus::testing::FaultEnv env;
  auto r = reopen(&env, dir.path(), options(LogOptions::Sync::kInterval, 1 << 20));
  ASSERT_TRUE(r.status.is_ok());
  env.fail_syncs(true);
  auto a = r.log->append(payload_for(1));
  ASSERT_TRUE(a.is_ok());  // kInterval: written to the OS, not yet durable
  EXPECT_EQ(r.log->wait_durable(a->seq).code(), StatusCode::kIOError);
  EXPECT_EQ(r.log->durable_seq(), 0u);
}

}  // namespace
}  // namespace chorus::index
