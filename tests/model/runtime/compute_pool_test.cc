#include "model/runtime/compute_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <vector>

namespace chorus::model {
namespace {

TEST(ComputePoolTest, EveryThreadRunsEachOperationOnce) {
  for (int threads : {1, 2, 4}) {
    ComputePool pool(threads);
    std::vector<std::atomic<int>> hits(threads);
    for (int op = 0; op < 1000; ++op)
      pool.run([&](int ith, int nth) {
        EXPECT_EQ(nth, threads);
        hits[ith].fetch_add(1);
      });
    for (int i = 0; i < threads; ++i) EXPECT_EQ(hits[i].load(), 1000) << "thread " << i;
  }
}

TEST(ComputePoolTest, RunReturnsOnlyAfterAllWorkIsDone) {
  ComputePool pool(3);
  std::vector<int64_t> data(100000, 0);
  for (int round = 1; round <= 50; ++round) {
    pool.run([&](int ith, int nth) {
      int64_t b, e;
      ComputePool::split(static_cast<int64_t>(data.size()), ith, nth, 1, &b, &e);
      for (int64_t i = b; i < e; ++i) data[i] += 1;
    });
    // Every element must already carry this round's increment.
    for (int64_t v : data) ASSERT_EQ(v, round);
  }
}

TEST(ComputePoolTest, SplitCoversRangeWithAlignedStarts) {
  for (int64_t n : {0, 1, 15, 16, 17, 1000, 4097}) {
    for (int nth : {1, 2, 3, 7}) {
      int64_t expect = 0;
      for (int ith = 0; ith < nth; ++ith) {
        int64_t b, e;
        ComputePool::split(n, ith, nth, 16, &b, &e);
        EXPECT_EQ(b, expect);
        EXPECT_LE(b, e);
        if (b < n) {
          EXPECT_EQ(b % 16, 0);
        }
        expect = e;
      }
      EXPECT_EQ(expect, n);
    }
  }
}

TEST(ComputePoolTest, SleepsAndWakesAfterIdle) {
  ComputePool pool(2);
  std::atomic<int> count{0};
  pool.run([&](int, int) { count.fetch_add(1); });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));  // workers fall asleep
  pool.run([&](int, int) { count.fetch_add(1); });
  EXPECT_EQ(count.load(), 4);
}

}  // namespace
}  // namespace chorus::model
