// GenerationalMap<V>: a hash map from 64-bit keys that keeps only the newest insertions, in two
// generations: inserts go to the young one; when it holds capacity/2 entries the old one is
// dropped and the young one becomes old. So between capacity/2 and capacity of the most
// recently inserted keys are kept, with no per-entry bookkeeping. A key inserted again while
// its old-generation entry still exists gets a young entry that shadows it.
// Each generation is one open-addressing table of keys (linear probing, at most half full) with
// its values in insertion order beside it: a lookup reads one or two adjacent slots, an insert
// allocates nothing but an occasional doubling, and a dropped generation's slots are cleared for
// the next one (sized at once to what the generation just filled needed) while its values'
// memory is kept. Keys 0 and 1 are the same key (0 marks an empty slot).
// A map built with Growth::kFullPastSmall (for maps that fill every generation, such as one entry
// per post) lets a table double only up to kSmallSlots; past that it is sized at once for a full
// generation (capacity/2 entries at load <= 1/2), so the first generation's pages are faulted in
// and zeroed once, not once per doubling, and its entries are not moved again. Maps that hold a
// few of the keys (the default, Growth::kDoubling) double all the way.
// Thread-safety: none.
#pragma once

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

#include "base/huge_pages.h"

namespace chorus::trust {

template <typename V>
class GenerationalMap {
 public:
  enum class Growth { kDoubling, kFullPastSmall };
  static constexpr size_t kSmallSlots = size_t{1} << 16;

  explicit GenerationalMap(size_t capacity, Growth growth = Growth::kDoubling)
      : half_(std::max<size_t>(capacity / 2, 1)) {
    if (growth == Growth::kFullPastSmall) {
      size_t full = kSmallSlots;
      while (full < 2 * (half_ + 1)) full *= 2;  // half_ entries fit at load <= 1/2
      young_.set_full_slots(full);
      old_.set_full_slots(full);
    }
  }

  const V* find(uint64_t key) const {
    if (const V* v = young_.find(key)) return v;
    return old_.find(key);
  }

  // A cache hint for a later find() or insert() of `key`; changes nothing.
  void prefetch(uint64_t key) const {
    young_.prefetch(key);
    old_.prefetch(key);
  }

  void insert(uint64_t key, V value) {
    if (young_.size() >= half_ && young_.find(key) == nullptr) {
      std::swap(old_, young_);
      // Keeps the dropped generation's slots for the new one, as many as the generation just
      // filled needed, so it does not grow (and fault in fresh pages) step by step again.
      young_.clear(old_.slots());
    }
    young_.insert_or_assign(key, std::move(value));
  }

  // Entries held, counting a shadowed key twice.
  size_t size() const { return young_.size() + old_.size(); }
  // Key slots allocated in both generations (16 bytes each; values are held apart).
  size_t slots() const { return young_.slots() + old_.slots(); }

 private:
  // Keys and the index of their value in one array of 16-byte slots (four to a cache line, so
  // a probe that misses reads one or two lines), values densely in insertion order: a generation
  // faults in pages for the values it holds, not for a table of values at load 1/2, and a cleared
  // generation keeps the values' memory for the next one.
  class Table {
   public:
    const V* find(uint64_t key) const {
      if (slots_.empty()) return nullptr;
      key = key ? key : 1;
      for (size_t i = index(key);; i = (i + 1) & mask()) {
        if (slots_[i].key == key) return &values_[slots_[i].value];
        if (slots_[i].key == 0) return nullptr;
      }
    }

    void prefetch(uint64_t key) const {
      if (!slots_.empty()) __builtin_prefetch(&slots_[index(key ? key : 1)]);
    }

    void insert_or_assign(uint64_t key, V value) {
      if (2 * (values_.size() + 1) > slots_.size()) grow();
      key = key ? key : 1;
      size_t i = index(key);
      while (slots_[i].key != 0 && slots_[i].key != key) i = (i + 1) & mask();
      if (slots_[i].key == key) {
        values_[slots_[i].value] = std::move(value);
        return;
      }
      slots_[i] = {key, static_cast<uint32_t>(values_.size())};
      values_.push_back(std::move(value));
    }

    size_t size() const { return values_.size(); }
    size_t slots() const { return slots_.size(); }
    // Growth past kSmallSlots goes straight to `full` slots (a power of two); 0: doubling only.
    void set_full_slots(size_t full) { full_slots_ = full; }
    // Empties the table, leaving at least `min_slots` slots (a power of two, or 0).
    void clear(size_t min_slots) {
      if (slots_.size() < min_slots) {
        std::vector<Slot, HugePageAllocator<Slot>>(min_slots).swap(slots_);
      } else {
        std::fill(slots_.begin(), slots_.end(), Slot{});
      }
      values_.clear();  // capacity kept
    }

   private:
    struct Slot {
      uint64_t key = 0;
      uint32_t value = 0;  // index in values_ (a generation holds under 2^32 entries)
    };
    static constexpr size_t kMinSlots = 64;
    size_t mask() const { return slots_.size() - 1; }
    size_t index(uint64_t key) const { return (key * 0x9e3779b97f4a7c15ull >> 20) & mask(); }

    void grow() {
      size_t next = std::max(kMinSlots, 2 * slots_.size());
      if (next > kSmallSlots && next < full_slots_) {
        next = full_slots_;
        values_.reserve(full_slots_ / 2);  // a generation's values: no reallocation after this
      }
      std::vector<Slot, HugePageAllocator<Slot>> old(next);
      old.swap(slots_);
      for (const Slot& s : old) {
        if (s.key == 0) continue;
        size_t i = index(s.key);
        while (slots_[i].key != 0) i = (i + 1) & mask();
        slots_[i] = s;
      }
    }

    std::vector<Slot, HugePageAllocator<Slot>> slots_;  // empty, or a power of two in size
    std::vector<V, HugePageAllocator<V>> values_;
    size_t full_slots_ = 0;
  };

  size_t half_;
  Table young_, old_;
};

}  // namespace chorus::trust
