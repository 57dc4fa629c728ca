// IdMap: post-id hash -> index-wide doc number, for duplicate detection at ingest and get() by id.
// One writer inserts; any number of readers look up concurrently without locks.
//
// Open addressing with linear probing, at most 3/4 full; a slot is a pair of atomics
// (key, doc), key 0 meaning empty (a hash of 0 is stored as 1). Collisions of 64-bit hashes
// are ignored (probability about n^2 / 2^65).
// Memory ordering: the writer stores doc, then release-stores key; a reader that acquire-loads a
// matching key then reads the doc. Growth copies into a new table and release-stores the table
// pointer; the old table is freed only once no reader is inside find(): readers increment
// readers_ before loading the table pointer and decrement after (both seq_cst), and the writer
// frees retired tables only when it reads readers_ == 0 after the swap.
// Thread-safety: insert() from one writer thread; find()/size()/memory_bytes() from any thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

namespace chorus::index {

class IdMap {
 public:
  IdMap();
  ~IdMap();
  IdMap(const IdMap&) = delete;
  IdMap& operator=(const IdMap&) = delete;

  // True when inserted, false when the hash is already present (nothing changes).
  bool insert(uint64_t hash, uint64_t doc);
  std::optional<uint64_t> find(uint64_t hash) const;
  size_t size() const { return size_.load(std::memory_order_relaxed); }
  size_t memory_bytes() const { return bytes_.load(std::memory_order_relaxed); }

 private:
  struct Slot {
    std::atomic<uint64_t> key{0};
    std::atomic<uint64_t> doc{0};
  };
  struct Table {
    explicit Table(size_t n) : mask(n - 1), slots(new Slot[n]) {}
    size_t mask;
    std::unique_ptr<Slot[]> slots;
  };
  void grow();
  void free_retired();

  std::atomic<Table*> table_;
  std::unique_ptr<Table> live_;                  // writer-only
  std::vector<std::unique_ptr<Table>> retired_;  // writer-only
  mutable std::atomic<int> readers_{0};
  std::atomic<size_t> size_{0};
  std::atomic<size_t> bytes_{0};
};

}  // namespace chorus::index
