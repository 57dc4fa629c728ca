// GenerationalMap: checked against a model that remembers the insertion order of every key.
#include "trust/state/generational_map.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <unordered_map>

namespace chorus::trust {
namespace {

TEST(GenerationalMapTest, KeepsTheNewestInsertionsAndTheirLatestValues) {
  constexpr size_t kCapacity = 1000;
  GenerationalMap<std::string> map(kCapacity);
  // key -> (value, insertion index of its young-generation entry)
  std::unordered_map<uint64_t, std::pair<std::string, size_t>> model;
  std::mt19937_64 rng(3);
  size_t young_start = 0, old_start = 0, inserted = 0, young_size = 0;
  for (int step = 0; step < 20000; ++step) {
    const uint64_t key = 1 + rng() % 3000;  // with repeats
    const std::string value = std::to_string(step);
    auto it = model.find(key);
    const bool in_young = it != model.end() && it->second.second >= young_start;
    if (young_size >= kCapacity / 2 && !in_young) {
      old_start = young_start;
      young_start = inserted;
      young_size = 0;
    }
    if (!(it != model.end() && it->second.second >= young_start)) ++young_size;
    model[key] = {value, inserted++};
    map.insert(key, value);
    if (step % 97 != 0) continue;
    for (const auto& [k, v] : model) {
      const std::string* got = map.find(k);
      if (v.second >= old_start) {
        ASSERT_NE(got, nullptr) << k;
        EXPECT_EQ(*got, v.first) << k;
      } else {
        EXPECT_EQ(got, nullptr) << k;
      }
    }
    EXPECT_LE(map.size(), kCapacity);
  }
}

TEST(GenerationalMapTest, EmptyMapFindsNothing) {
  GenerationalMap<int> map(10);
  EXPECT_EQ(map.find(0), nullptr);
  EXPECT_EQ(map.find(42), nullptr);
  EXPECT_EQ(map.size(), 0u);
  map.insert(0, 7);
  ASSERT_NE(map.find(0), nullptr);
  EXPECT_EQ(*map.find(0), 7);
}

// Past kSmallSlots a kFullPastSmall table is sized once for a full generation; lookups are the
// same as with doubling, through the jump and the generation swaps after it.
TEST(GenerationalMapTest, FullPastSmallJumpsOnceAndFindsTheSame) {
  using Map = GenerationalMap<uint32_t>;
  constexpr size_t kCapacity = 400'000;  // half: 200k entries, so 512Ki slots a generation
  Map full(kCapacity, Map::Growth::kFullPastSmall), doubling(kCapacity);
  const uint32_t small = Map::kSmallSlots / 2;  // entries that fit before the jump
  for (uint32_t i = 1; i <= small; ++i) {
    full.insert(i * 7919ull, i);
    doubling.insert(i * 7919ull, i);
  }
  EXPECT_EQ(full.slots(), doubling.slots());  // up to kSmallSlots both double
  full.insert((small + 1) * 7919ull, small + 1);
  doubling.insert((small + 1) * 7919ull, small + 1);
  EXPECT_EQ(full.slots(), size_t{1} << 19);
  EXPECT_EQ(doubling.slots(), 2 * Map::kSmallSlots);
  constexpr uint32_t kKeys = 650'000;  // three generations' worth: two swaps
  for (uint32_t i = small + 2; i <= kKeys; ++i) {
    full.insert(i * 7919ull, i);
    doubling.insert(i * 7919ull, i);
  }
  EXPECT_EQ(full.size(), doubling.size());
  for (uint32_t i = 1; i <= kKeys; ++i) {
    const uint32_t* a = full.find(i * 7919ull);
    const uint32_t* b = doubling.find(i * 7919ull);
    ASSERT_EQ(a == nullptr, b == nullptr) << i;
    if (a != nullptr) {
      ASSERT_EQ(*a, *b) << i;
    }
  }
  EXPECT_EQ(full.find(1 * 7919ull), nullptr);  // the first generation was dropped
  EXPECT_NE(full.find(kKeys * 7919ull), nullptr);
}

}  // namespace
}  // namespace chorus::trust
