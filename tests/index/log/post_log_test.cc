#include "index/post_log.h"

#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>

#include "base/random.h"
#include "index/log/log_test_util.h"
#include "support/temp_dir.h"

namespace chorus::index {
namespace {

using testing::payload_for;
using testing::reopen;

LogOptions small_files(LogOptions::Sync sync = LogOptions::Sync::kInterval) {
  LogOptions o;
  o.sync = sync;
  o.file_bytes = 1024;
  o.sync_interval_ms = 2;
  return o;
}

TEST(PostLog, RoundTripAcrossSeveralFiles) {
  chorus::testing::TempDir dir;
  Env* env = Env::posix();
  std::vector<LogAppend> appended;
  {
    auto r = reopen(env, dir.path(), small_files());
    ASSERT_TRUE(r.status.is_ok()) << r.status.to_string();
    EXPECT_EQ(r.records.size(), 0u);
    EXPECT_EQ(r.log->last_seq(), 0u);
    for (uint64_t i = 1; i <= 200; ++i) {
      auto a = r.log->append(payload_for(i));
      ASSERT_TRUE(a.is_ok()) << a.status().to_string();
      EXPECT_EQ(a->seq, i);
      appended.push_back(*a);
    }
    std::set<uint32_t> files;
    for (const auto& a : appended) {
      files.insert(a.locator.file);
      auto got = r.log->read(a.locator);
      ASSERT_TRUE(got.is_ok()) << got.status().to_string();
      EXPECT_EQ(*got, payload_for(a.seq));
    }
    EXPECT_GE(files.size(), 10u);
    ASSERT_TRUE(r.log->sync().is_ok());
    EXPECT_EQ(r.log->durable_seq(), 200u);
    EXPECT_EQ(r.log->last_seq(), 200u);
    ASSERT_TRUE(r.log->close().is_ok());
  }
  auto r = reopen(env, dir.path(), small_files());
  ASSERT_TRUE(r.status.is_ok()) << r.status.to_string();
  ASSERT_EQ(r.records.size(), 200u);
  EXPECT_EQ(r.report.records, 200u);
  EXPECT_EQ(r.report.truncated_bytes, 0u);
  EXPECT_EQ(r.report.skipped_records, 0u);
  EXPECT_TRUE(r.report.messages.empty());
  for (size_t i = 0; i < 200; ++i) {
    EXPECT_EQ(r.records[i].seq, appended[i].seq);
    EXPECT_EQ(r.records[i].where.pack(), appended[i].locator.pack());
    EXPECT_EQ(r.records[i].payload, payload_for(i + 1));
  }
  EXPECT_EQ(r.log->durable_seq(), 200u);
  auto next = r.log->append(payload_for(201));
  ASSERT_TRUE(next.is_ok());
  EXPECT_EQ(next->seq, 201u);
  EXPECT_EQ(*r.log->read(next->locator), payload_for(201));
}

TEST(PostLog, BatchGetsContiguousSeqsAndFreshFileWhenLarge) {
  chorus::testing::TempDir dir;
  auto r = reopen(Env::posix(), dir.path(), small_files(LogOptions::Sync::kAlways));
  ASSERT_TRUE(r.status.is_ok());
  ASSERT_TRUE(r.log->append("first").is_ok());
  std::vector<std::string> owned;
  for (uint64_t i = 2; i <= 30; ++i) owned.push_back(payload_for(i));
  std::vector<std::string_view> views(owned.begin(), owned.end());
  auto b = r.log->append_batch(views);
  ASSERT_TRUE(b.is_ok()) << b.status().to_string();
  ASSERT_EQ(b->size(), 29u);
  EXPECT_EQ(r.log->durable_seq(), 30u);  // kAlways: durable on return
  for (size_t i = 0; i < b->size(); ++i) {
    EXPECT_EQ((*b)[i].seq, i + 2);
    EXPECT_EQ((*b)[i].locator.file, (*b)[0].locator.file);  // one write, one file
    EXPECT_EQ(*r.log->read((*b)[i].locator), owned[i]);
  }
  auto empty = r.log->append_batch({});
  ASSERT_TRUE(empty.is_ok());
  EXPECT_TRUE(empty->empty());
  EXPECT_EQ(r.log->last_seq(), 30u);
}

TEST(PostLog, DurabilityPerSyncMode) {
  chorus::testing::TempDir dir;
  Env* env = Env::posix();
  {
    auto r = reopen(env, dir.file("none"), small_files(LogOptions::Sync::kNone));
    ASSERT_TRUE(r.status.is_ok());
    auto a = r.log->append("x");
    ASSERT_TRUE(a.is_ok());
    EXPECT_EQ(r.log->durable_seq(), 0u);
    EXPECT_EQ(r.log->wait_durable(2).code(), StatusCode::kInvalidArgument);
    ASSERT_TRUE(r.log->wait_durable(1).is_ok());
    EXPECT_EQ(r.log->durable_seq(), 1u);
  }
  {
    auto r = reopen(env, dir.file("interval"), small_files(LogOptions::Sync::kInterval));
    ASSERT_TRUE(r.status.is_ok());
    uint64_t last = 0;
    for (int i = 0; i < 50; ++i) last = r.log->append(payload_for(i + 1))->seq;
    ASSERT_TRUE(r.log->wait_durable(last).is_ok());  // the flusher covers it
    EXPECT_GE(r.log->durable_seq(), last);
  }
  {
    auto r = reopen(env, dir.file("always"), small_files(LogOptions::Sync::kAlways));
    ASSERT_TRUE(r.status.is_ok());
    for (uint64_t i = 1; i <= 20; ++i) {
      ASSERT_TRUE(r.log->append(payload_for(i)).is_ok());
      EXPECT_EQ(r.log->durable_seq(), i);
    }
  }
}

TEST(PostLog, ReadRejectsBadLocators) {
  chorus::testing::TempDir dir;
  auto r = reopen(Env::posix(), dir.path(), small_files());
  ASSERT_TRUE(r.status.is_ok());
  auto a = r.log->append(payload_for(1));
  ASSERT_TRUE(a.is_ok());
  EXPECT_EQ(r.log->read({99, 0}).status().code(), StatusCode::kNotFound);
  auto past = r.log->read({a->locator.file, 100000});
  EXPECT_EQ(past.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(past.status().message().find("offset 100000"), std::string::npos);
  // Offset 0 holds the file-start record, not a data record.
  EXPECT_EQ(r.log->read({a->locator.file, 0}).status().code(), StatusCode::kInvalidArgument);
  auto inside = r.log->read({a->locator.file, a->locator.offset + 3});
  EXPECT_FALSE(inside.is_ok());
}

TEST(PostLog, ConcurrentReadersWhileAppending) {
  chorus::testing::TempDir dir;
  LogOptions options = small_files();
  options.file_bytes = 64 << 10;  // a few rolls while readers run
  auto r = reopen(Env::posix(), dir.path(), options);
  ASSERT_TRUE(r.status.is_ok());
  constexpr size_t kRecords = 3000;
  std::vector<uint64_t> locators(kRecords);
  std::atomic<size_t> published{0};
  std::atomic<int> failures{0};
  std::atomic<uint64_t> reads{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 2; ++t) {
    readers.emplace_back([&, t] {
      Rng rng(t + 1);
      while (published.load(std::memory_order_acquire) < kRecords) {
        size_t n = published.load(std::memory_order_acquire);
        if (n == 0) continue;
        size_t i = n - 1 - rng.below(std::min<size_t>(n, 64));  // mostly the newest records
        auto got = r.log->read(LogLocator::unpack(locators[i]));
        if (!got.is_ok() || *got != payload_for(i + 1)) failures.fetch_add(1);
        reads.fetch_add(1);
        std::this_thread::yield();  // two cores: leave the writer room
      }
    });
  }
  for (size_t i = 0; i < kRecords; ++i) {
    auto a = r.log->append(payload_for(i + 1));
    ASSERT_TRUE(a.is_ok());
    locators[i] = a->locator.pack();
    published.store(i + 1, std::memory_order_release);
  }
  for (auto& t : readers) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_GT(reads.load(), 0u);
}

TEST(PostLog, ConcurrentAppendersShareGroupCommit) {
  chorus::testing::TempDir dir;
  Env* env = Env::posix();
  constexpr int kThreads = 4, kEach = 100;
  std::vector<std::vector<std::pair<uint64_t, std::string>>> got(kThreads);
  {
    auto r = reopen(env, dir.path(), small_files(LogOptions::Sync::kAlways));
    ASSERT_TRUE(r.status.is_ok());
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        for (int i = 0; i < kEach; ++i) {
          std::string p = "t" + std::to_string(t) + "-" + std::to_string(i);
          auto a = r.log->append(p);
          if (!a.is_ok()) return;
          // kAlways: durable before append returns.
          if (r.log->durable_seq() < a->seq) return;
          got[t].emplace_back(a->seq, p);
        }
      });
    }
    for (auto& t : threads) t.join();
  }
  std::map<uint64_t, std::string> expected;
  for (const auto& v : got) {
    ASSERT_EQ(v.size(), static_cast<size_t>(kEach));
    for (const auto& [seq, p] : v) EXPECT_TRUE(expected.emplace(seq, p).second) << seq;
  }
  auto r = reopen(env, dir.path(), small_files());
  ASSERT_TRUE(r.status.is_ok());
  ASSERT_EQ(r.records.size(), expected.size());
  for (const auto& rec : r.records) EXPECT_EQ(rec.payload, expected[rec.seq]);
}

uint64_t sum_file_sizes(Env* env, const std::string& dir) {
  uint64_t total = 0;
  auto names = env->list_dir(dir);
  for (const auto& name : *names) total += *env->file_size(join_path(dir, name));
  return total;
}

TEST(PostLog, DropFilesBeforeKeepsSeqsAcrossReopen) {
  chorus::testing::TempDir dir;
  Env* env = Env::posix();
  std::vector<LogAppend> appended;
  uint64_t before = 0;
  {
    auto r = reopen(env, dir.path(), small_files());
    ASSERT_TRUE(r.status.is_ok());
    for (uint64_t i = 1; i <= 300; ++i) appended.push_back(*r.log->append(payload_for(i)));
    before = r.log->bytes_on_disk();
    EXPECT_EQ(before, sum_file_sizes(env, dir.path()));
    ASSERT_TRUE(r.log->drop_files_before(150).is_ok());
    EXPECT_LT(r.log->bytes_on_disk(), before);
    EXPECT_EQ(r.log->bytes_on_disk(), sum_file_sizes(env, dir.path()));
    uint32_t file_of_150 = appended[149].locator.file;
    for (const auto& a : appended) {
      auto got = r.log->read(a.locator);
      if (a.locator.file < file_of_150) {
        EXPECT_EQ(got.status().code(), StatusCode::kNotFound) << a.seq;
      } else {
        ASSERT_TRUE(got.is_ok()) << a.seq;
        EXPECT_EQ(*got, payload_for(a.seq));
      }
    }
    ASSERT_TRUE(r.log->drop_files_before(1u << 30).is_ok());  // never the current file
    EXPECT_EQ(*r.log->read(appended.back().locator), payload_for(300));
  }
  auto r = reopen(env, dir.path(), small_files());
  ASSERT_TRUE(r.status.is_ok());
  ASSERT_FALSE(r.records.empty());
  EXPECT_TRUE(r.report.messages.empty());
  for (const auto& rec : r.records) {
    EXPECT_EQ(rec.payload, payload_for(rec.seq));
    EXPECT_EQ(rec.where.pack(), appended[rec.seq - 1].locator.pack());
  }
  EXPECT_EQ(r.records.back().seq, 300u);
  EXPECT_EQ(r.log->append("after")->seq, 301u);
}

TEST(PostLog, RefusesBadOptionsAndWorkAfterClose) {
  chorus::testing::TempDir dir;
  LogOptions bad;
  bad.file_bytes = 0;
  EXPECT_EQ(PostLog::open(Env::posix(), dir.path(), bad, {}, nullptr).status().code(),
            StatusCode::kInvalidArgument);
  bad = LogOptions{};
  bad.sync_interval_ms = 0;
  EXPECT_EQ(PostLog::open(Env::posix(), dir.path(), bad, {}, nullptr).status().code(),
            StatusCode::kInvalidArgument);
  auto r = reopen(Env::posix(), dir.path());
  ASSERT_TRUE(r.status.is_ok());
  ASSERT_TRUE(r.log->append("a").is_ok());
  ASSERT_TRUE(r.log->close().is_ok());
  EXPECT_TRUE(r.log->close().is_ok());
  EXPECT_EQ(r.log->durable_seq(), 1u);
  EXPECT_EQ(r.log->append("b").status().code(), StatusCode::kUnavailable);
}

TEST(PostLog, ReplayErrorAbortsOpen) {
  chorus::testing::TempDir dir;
  {
    auto r = reopen(Env::posix(), dir.path());
    for (int i = 1; i <= 5; ++i) ASSERT_TRUE(r.log->append(payload_for(i)).is_ok());
  }
  auto fn = [](uint64_t seq, LogLocator, std::string_view) {
    return seq == 3 ? invalid_argument("bad post at seq 3") : Status::ok();
  };
  auto log = PostLog::open(Env::posix(), dir.path(), {}, fn, nullptr);
  EXPECT_EQ(log.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(log.status().message().find("seq 3"), std::string::npos);
}

}  // namespace
}  // namespace chorus::index
