// GenerationalMap<V>: a hash map from 64-bit keys that keeps only the newest insertions, in two
// generations: inserts go to the young one; when it holds capacity/2 entries the old one is
// dropped and the young one becomes old. So between capacity/2 and capacity of the most
// recently inserted keys are kept, with no per-entry bookkeeping. A key inserted again while
// its old-generation entry still exists gets a young entry that shadows it.
// Thread-safety: none.
#pragma once

#include <algorithm>
#include <cstdint>
#include <unordered_map>
#include <utility>

namespace chorus::trust {

template <typename V>
class GenerationalMap {
 public:
  explicit GenerationalMap(size_t capacity) : half_(std::max<size_t>(capacity / 2, 1)) {}

  const V* find(uint64_t key) const {
    if (auto it = young_.find(key); it != young_.end()) return &it->second;
    if (auto it = old_.find(key); it != old_.end()) return &it->second;
    return nullptr;
  }

  void insert(uint64_t key, V value) {
    if (young_.size() >= half_ && !young_.contains(key)) {
      old_ = std::move(young_);
      young_ = {};
    }
    young_.insert_or_assign(key, std::move(value));
  }

  // Entries held, counting a shadowed key twice.
  size_t size() const { return young_.size() + old_.size(); }

 private:
  size_t half_;
  std::unordered_map<uint64_t, V> young_, old_;
};

}  // namespace chorus::trust
