// WorkSharing runs every index exactly once per round, across many rounds of different sizes,
// whether or not the helper thread gets to run.
#include "index/work_sharing.h"

#include <gtest/gtest.h>

#include <atomic>
#include <vector>

namespace chorus::index {
namespace {

TEST(WorkSharing, EveryIndexRunsOncePerRound) {
  WorkSharing sharing;
  for (size_t round = 0; round < 300; ++round) {
    const size_t n = round % 37;
    std::vector<std::atomic<int>> hits(n);
    for (auto& h : hits) h.store(0);
    sharing.start(n, [&](size_t i) { hits[i].fetch_add(1); });
    sharing.finish();
    for (size_t i = 0; i < n; ++i) ASSERT_EQ(hits[i].load(), 1) << "round " << round << " i " << i;
  }
}

TEST(WorkSharing, CallerMayWorkBetweenStartAndFinish) {
  WorkSharing sharing;
  std::vector<int> out(1000, 0);
  sharing.start(out.size(), [&](size_t i) { out[i] = static_cast<int>(i) * 2; });
  long busy = 0;
  for (int i = 0; i < 100000; ++i) busy += i % 7;
  sharing.finish();
  EXPECT_GT(busy, 0);
  for (size_t i = 0; i < out.size(); ++i) ASSERT_EQ(out[i], static_cast<int>(i) * 2);
}

}  // namespace
}  // namespace chorus::index
