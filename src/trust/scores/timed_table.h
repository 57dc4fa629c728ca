// TimedTable<V>: an open-addressing (linear probing) hash table from 64-bit keys to a small value
// and the stream time the entry was last written, kept in whole seconds since the epoch (so an
// entry lives up to a second past a sweep horizon; 16 bytes an entry for a 4-byte V). Flat arrays,
// no per-entry allocation: the near-duplicate index touches 16 LSH buckets per post and the
// campaign tracker counts up to pair_partners account pairs per post, so both keep their hot state
// here. Key 0 marks an empty slot (a real key of 0 is stored as 1). Entries go by erase() or by
// age (sweep()), both by backward shift in place. Load is kept at or below 1/2. The table keeps
// a lower bound on its entries' times, so a sweep whose horizon lies at or below it skips the pass
// (in a stream younger than its window every sweep would find nothing).
// V must be trivially copyable; a new entry's value starts value-initialized.
// Thread-safety: none.
#pragma once

#include <algorithm>
#include <cstdint>
#include <type_traits>
#include <vector>

#include "base/huge_pages.h"

namespace chorus::trust {

template <typename V>
class TimedTable {
  static_assert(std::is_trivially_copyable_v<V> && sizeof(V) <= 48);

 public:
  struct Entry {
    uint64_t key = 0;
    V value{};
    uint32_t last_s = 0;
  };

  TimedTable() : slots_(kMinCapacity) {}

  // The entry for `key`, or nullptr.
  const Entry* find(uint64_t key) const {
    key = key ? key : 1;
    for (size_t i = index(key);; i = (i + 1) & mask()) {
      const Entry& e = slots_[i];
      if (e.key == key) return &e;
      if (e.key == 0) return nullptr;
    }
  }

  // Hints the cache that `key` will be looked up soon.
  void prefetch(uint64_t key) const { __builtin_prefetch(&slots_[index(key ? key : 1)]); }

  // The value for `key`, inserted value-initialized when absent; the entry's time becomes
  // `time_ms`. The reference is valid until the next upsert/put/sweep.
  V& upsert(uint64_t key, int64_t time_ms) {
    if (2 * (size_ + 1) > slots_.size()) rehash(slots_.size() * 2, 0);
    key = key ? key : 1;
    for (size_t i = index(key);; i = (i + 1) & mask()) {
      Entry& e = slots_[i];
      if (e.key == 0) {
        ++size_;
        e = {key, V{}, stamp(time_ms)};
        return e.value;
      }
      if (e.key == key) {
        e.last_s = stamp(time_ms);
        return e.value;
      }
    }
  }

  void put(uint64_t key, const V& value, int64_t time_ms) { upsert(key, time_ms) = value; }

  void erase(uint64_t key) {
    key = key ? key : 1;
    size_t i = index(key);
    while (slots_[i].key != key) {
      if (slots_[i].key == 0) return;
      i = (i + 1) & mask();
    }
    remove_at(i);
  }

  // Drops entries last written before the second of `horizon_ms`, in place (one pass, no
  // allocation; none when no entry can be that old); a table left under 1/8 full is then rebuilt
  // smaller.
  void sweep(int64_t horizon_ms) {
    const uint32_t horizon = seconds(horizon_ms);
    if (horizon > oldest_s_) {
      uint32_t oldest = UINT32_MAX;
      erase_if([horizon, &oldest](const Entry& e) {
        if (e.last_s < horizon) return true;
        oldest = std::min(oldest, e.last_s);
        return false;
      });
      oldest_s_ = oldest;
    }
    if (8 * size_ < slots_.size() && slots_.size() > kMinCapacity) {
      size_t cap = kMinCapacity;
      while (cap < 3 * size_) cap *= 2;
      rehash(cap, 0);
    }
  }

  // Drops every entry e for which pred(e) is true, in place (backward shift, no allocation);
  // pred is called once per entry.
  template <typename Pred>
  void erase_if(Pred&& pred) {
    if (size_ == 0) return;
    // Start after an empty slot, so no probe run wraps past the start of the scan; a removal
    // shifts later, not yet looked at, entries back into slot i, which is then looked at again.
    size_t start = 0;
    while (slots_[start].key != 0) ++start;  // load <= 1/2: there is one
    for (size_t n = 0, i = (start + 1) & mask(); n < slots_.size(); ++n) {
      while (slots_[i].key != 0 && pred(static_cast<const Entry&>(slots_[i]))) remove_at(i);
      i = (i + 1) & mask();
    }
  }

  // True when every entry was last written at a time_ms >= horizon_ms, so a value holding a
  // time no older than its entry's last write is not older than the horizon either. (Times
  // before the epoch are all second 0: false then.)
  bool none_before(int64_t horizon_ms) const {
    return oldest_s_ > 0 && int64_t{oldest_s_} * 1000 >= horizon_ms;
  }

  size_t size() const { return size_; }
  size_t capacity() const { return slots_.size(); }

 private:
  static constexpr size_t kMinCapacity = 1024;
  size_t mask() const { return slots_.size() - 1; }
  size_t index(uint64_t key) const { return (key * 0x9e3779b97f4a7c15ull >> 20) & mask(); }

  // Empties slot i (which holds an entry) by backward shift: later entries of the probe run move
  // into the hole when their home slot does not lie (cyclically) between the hole and them.
  void remove_at(size_t i) {
    for (size_t j = (i + 1) & mask(); slots_[j].key != 0; j = (j + 1) & mask()) {
      const size_t home = index(slots_[j].key);
      if (((j - home) & mask()) >= ((j - i) & mask())) {
        slots_[i] = slots_[j];
        i = j;
      }
    }
    slots_[i] = Entry{};
    --size_;
  }

  // seconds(ms), lowering the bound on the entries' times to it.
  uint32_t stamp(int64_t ms) {
    const uint32_t s = seconds(ms);
    oldest_s_ = std::min(oldest_s_, s);
    return s;
  }
  static uint32_t seconds(int64_t ms) {
    return static_cast<uint32_t>(std::clamp<int64_t>(ms / 1000, 0, UINT32_MAX));
  }

  void rehash(size_t capacity, uint32_t horizon_s) {
    std::vector<Entry, HugePageAllocator<Entry>> old(capacity);
    old.swap(slots_);
    size_ = 0;
    for (const Entry& e : old) {
      if (e.key == 0 || e.last_s < horizon_s) continue;
      for (size_t i = index(e.key);; i = (i + 1) & mask()) {
        if (slots_[i].key != 0) continue;
        slots_[i] = e;
        ++size_;
        break;
      }
    }
  }

  std::vector<Entry, HugePageAllocator<Entry>> slots_;  // size is a power of two
  size_t size_ = 0;
  uint32_t oldest_s_ = UINT32_MAX;  // no entry's last_s is below it
};

}  // namespace chorus::trust
