// TimedTable against a std::unordered_map model: upserts, erases (backward shift keeps every
// probe run reachable), sweeps by time, and growth.
#include "trust/scores/timed_table.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <unordered_map>

#include "base/random.h"

namespace chorus::trust {
namespace {

TEST(TimedTableTest, MatchesAMapUnderRandomUpsertsErasesAndSweeps) {
  TimedTable<uint32_t> table;
  std::unordered_map<uint64_t, std::pair<uint32_t, int64_t>> model;  // value, time
  Rng rng(3);
  int64_t now = 1'000'000;
  for (int step = 0; step < 200'000; ++step) {
    now += 10;
    const uint64_t key = rng.below(5'000) * 0x10001;  // clustered keys make long probe runs
    const uint64_t op = rng.below(10);
    if (op < 6) {
      ++table.upsert(key, now);
      auto& m = model[key ? key : 1];
      m = {m.first + 1, now};
    } else if (op < 9) {
      table.erase(key);
      model.erase(key ? key : 1);
    } else if (step % 1000 == 0) {
      const int64_t horizon = now - 20'000;
      table.sweep(horizon);
      std::erase_if(model,
                    [&](const auto& kv) { return kv.second.second / 1000 < horizon / 1000; });
    }
    if (step % 997 == 0) {
      ASSERT_EQ(table.size(), model.size()) << step;
      for (const auto& [k, v] : model) {
        const auto* e = table.find(k);
        ASSERT_NE(e, nullptr) << step << " key " << k;
        EXPECT_EQ(e->value, v.first);
      }
    }
  }
  EXPECT_GT(table.capacity(), 1024u);  // it grew and stayed correct
}

// erase_if drops exactly the entries its predicate picks, looking at each once, and leaves
// every other entry reachable.
TEST(TimedTableTest, EraseIfDropsPickedEntriesOnly) {
  TimedTable<uint32_t> table;
  Rng rng(9);
  std::unordered_map<uint64_t, uint32_t> model;
  for (uint32_t i = 0; i < 20'000; ++i) {
    const uint64_t key = rng.below(1'000'000) * 0x10001;  // clustered: long probe runs
    table.put(key, i, 1000);
    model[key ? key : 1] = i;
  }
  std::unordered_map<uint64_t, int> looked_at;
  table.erase_if([&](const auto& e) {
    ++looked_at[e.key];
    return e.value % 3 == 0;
  });
  EXPECT_EQ(looked_at.size(), model.size());
  for (const auto& [k, n] : looked_at) EXPECT_EQ(n, 1) << k;
  std::erase_if(model, [](const auto& kv) { return kv.second % 3 == 0; });
  ASSERT_EQ(table.size(), model.size());
  for (const auto& [k, v] : model) {
    const auto* e = table.find(k);
    ASSERT_NE(e, nullptr) << k;
    EXPECT_EQ(e->value, v);
  }
}

// Sweeps skip their pass when no entry can be older than the horizon: with writes out of time
// order (older than earlier sweeps' horizons) and horizons that move back and forth, a sweep
// still drops exactly the entries last written before its horizon's second.
TEST(TimedTableTest, SweepsStayExactWithOutOfOrderTimes) {
  TimedTable<uint32_t> table;
  std::unordered_map<uint64_t, int64_t> model;  // key -> time of its last write
  Rng rng(17);
  int64_t now = 5'000'000;
  for (int step = 0; step < 100'000; ++step) {
    now += 7;
    const uint64_t key = rng.below(4'000) * 0x10001;
    // Mostly current times, some far in the past (a late post), some before the epoch.
    const uint64_t pick = rng.below(20);
    const int64_t t = pick == 0   ? now - static_cast<int64_t>(rng.below(3'000'000))
                      : pick == 1 ? -static_cast<int64_t>(rng.below(5'000))
                                  : now;
    table.put(key, 1, t);
    model[key ? key : 1] = t;
    if (step % 500 == 0) {
      const int64_t horizon = now - static_cast<int64_t>(rng.below(2'000'000));
      const uint32_t h_s = static_cast<uint32_t>(std::max<int64_t>(horizon / 1000, 0));
      table.sweep(horizon);
      std::erase_if(model, [&](const auto& kv) {
        return static_cast<uint32_t>(std::max<int64_t>(kv.second / 1000, 0)) < h_s;
      });
      ASSERT_EQ(table.size(), model.size()) << step;
      for (const auto& [k, when] : model) ASSERT_NE(table.find(k), nullptr) << step << " " << k;
      // none_before is a lower bound: true only when every entry's time reaches the horizon.
      const int64_t probe = now - static_cast<int64_t>(rng.below(4'000'000));
      if (table.none_before(probe)) {
        for (const auto& [k, when] : model) ASSERT_GE(when, probe) << step;
      }
    }
  }
}

TEST(TimedTableTest, NoneBeforeFollowsTheOldestWrite) {
  TimedTable<uint32_t> table;
  EXPECT_TRUE(table.none_before(1'000'000));  // empty
  table.put(1, 1, 90'500);
  EXPECT_TRUE(table.none_before(90'000));
  EXPECT_FALSE(table.none_before(90'001));  // the table keeps whole seconds: 90.5 s may be 90 s
  table.put(2, 1, 50'000);
  EXPECT_FALSE(table.none_before(60'000));
  table.sweep(60'000);  // drops key 2; the bound rises to key 1's second again
  EXPECT_EQ(table.size(), 1u);
  EXPECT_TRUE(table.none_before(90'000));
  table.put(3, 1, -2'000);  // before the epoch: no bound holds
  EXPECT_FALSE(table.none_before(-10'000));
}

TEST(TimedTableTest, EraseOfAMissingKeyChangesNothing) {
  TimedTable<uint64_t> table;
  table.put(7, 70, 1000);
  table.erase(8);
  ASSERT_NE(table.find(7), nullptr);
  EXPECT_EQ(table.find(7)->value, 70u);
  table.erase(7);
  EXPECT_EQ(table.find(7), nullptr);
  EXPECT_EQ(table.size(), 0u);
}

}  // namespace
}  // namespace chorus::trust
