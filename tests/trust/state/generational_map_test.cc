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

}  // namespace
}  // namespace chorus::trust
