// BucketTable: an open-addressing (linear probing) hash table from 64-bit LSH bucket keys to the
// cluster that last wrote the bucket and when. Flat arrays, no per-entry allocation: the
// near-duplicate index touches 16 buckets per post, so this is its hot path.
// Key 0 marks an empty slot (a real key of 0 is stored as 1). Deletion happens only by
// rebuilding without old entries (sweep()). Load is kept at or below 1/2.
// Thread-safety: none.
#pragma once

#include <cstdint>
#include <vector>

namespace chorus::trust {

class BucketTable {
 public:
  struct Entry {
    uint64_t key = 0;
    uint64_t cluster = 0;
    int64_t last_ms = 0;
  };

  BucketTable() : slots_(1024) {}

  // The entry for `key`, or nullptr.
  const Entry* find(uint64_t key) const {
    key = key ? key : 1;
    for (size_t i = index(key);; i = (i + 1) & mask()) {
      const Entry& e = slots_[i];
      if (e.key == key) return &e;
      if (e.key == 0) return nullptr;
    }
  }

  void put(uint64_t key, uint64_t cluster, int64_t time_ms) {
    if (2 * (size_ + 1) > slots_.size()) rehash(slots_.size() * 2, INT64_MIN);
    key = key ? key : 1;
    for (size_t i = index(key);; i = (i + 1) & mask()) {
      Entry& e = slots_[i];
      if (e.key == 0) ++size_;
      if (e.key == 0 || e.key == key) {
        e = {key, cluster, time_ms};
        return;
      }
    }
  }

  // Drops entries last written before `horizon_ms`; shrinks when mostly empty.
  void sweep(int64_t horizon_ms) {
    size_t live = 0;
    for (const Entry& e : slots_) live += e.key != 0 && e.last_ms >= horizon_ms;
    size_t cap = 1024;
    while (cap < 4 * live) cap *= 2;
    rehash(cap, horizon_ms);
  }

  size_t size() const { return size_; }

 private:
  size_t mask() const { return slots_.size() - 1; }
  size_t index(uint64_t key) const { return (key * 0x9e3779b97f4a7c15ull >> 20) & mask(); }

  void rehash(size_t capacity, int64_t horizon_ms) {
    std::vector<Entry> old(capacity);
    old.swap(slots_);
    size_ = 0;
    for (const Entry& e : old)
      if (e.key != 0 && e.last_ms >= horizon_ms) put(e.key, e.cluster, e.last_ms);
  }

  std::vector<Entry> slots_;  // size is a power of two
  size_t size_ = 0;
};

}  // namespace chorus::trust
