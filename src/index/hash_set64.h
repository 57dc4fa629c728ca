// HashSet64: a set of 64-bit hashes for one thread, reused batch after batch: clear() is O(1)
// and keeps the table, so once grown it allocates nothing (a node-based set allocates per
// insert). Open addressing with linear probing, at most half full; a slot belongs to the set
// when its generation is the current one.
#pragma once

#include <cstdint>
#include <vector>

#include "base/hash.h"

namespace chorus::index {

class HashSet64 {
 public:
  // True when `hash` was absent and is now present; false when it was present.
  bool insert(uint64_t hash) {
    if ((size_ + 1) * 2 > slots_.size()) grow();
    const size_t mask = slots_.size() - 1;
    for (size_t i = mix64(hash) & mask;; i = (i + 1) & mask) {
      Slot& s = slots_[i];
      if (s.gen != gen_) {
        s = {hash, gen_};
        ++size_;
        return true;
      }
      if (s.hash == hash) return false;
    }
  }
  bool contains(uint64_t hash) const {
    if (slots_.empty()) return false;
    const size_t mask = slots_.size() - 1;
    for (size_t i = mix64(hash) & mask;; i = (i + 1) & mask) {
      const Slot& s = slots_[i];
      if (s.gen != gen_) return false;
      if (s.hash == hash) return true;
    }
  }
  void clear() {
    size_ = 0;
    if (++gen_ == 0) {  // generations wrapped: old slots could look current
      for (Slot& s : slots_) s.gen = 0;
      gen_ = 1;
    }
  }
  size_t size() const { return size_; }

 private:
  struct Slot {
    uint64_t hash = 0;
    uint32_t gen = 0;  // 0: never used; the set's generation starts at 1
  };
  void grow() {
    std::vector<Slot> old;
    old.swap(slots_);
    slots_.assign(old.empty() ? 64 : old.size() * 2, Slot{});
    const uint32_t live = gen_;
    gen_ = 1;
    size_ = 0;
    for (const Slot& s : old)
      if (s.gen == live) insert(s.hash);
  }

  std::vector<Slot> slots_;  // size a power of two (or 0)
  size_t size_ = 0;
  uint32_t gen_ = 1;
};

}  // namespace chorus::index
