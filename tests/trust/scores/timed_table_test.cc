// TimedTable against a std::unordered_map model: upserts, erases (backward shift keeps every
// probe run reachable), sweeps by time, and growth.
#include "trust/scores/timed_table.h"

#include <gtest/gtest.h>

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
