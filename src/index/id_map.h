// IdMap: post-id hash -> index-wide doc number, for duplicate detection at ingest and get() by id.
// One writer inserts; any number of readers look up concurrently without locks.
//
// Open addressing with linear probing, at most 3/4 full; slot i is keys[i] (64-bit, 0 meaning
// empty; a hash of 0 is stored as 1) and docs[i], the low 32 bits of the doc number: 12 bytes a
// slot. Callers rebuild the full doc number from the newest doc (see full_doc()), which is exact
// while the live docs span fewer than 2^32 numbers. Collisions of 64-bit hashes are ignored
// (probability about n^2 / 2^65).
// Memory ordering: the writer stores the doc, then release-stores the key; a reader that
// acquire-loads a matching key then reads the doc. assign() (an edit moving an id to its new doc)
// release-stores the doc and readers acquire-load it, so a reader that sees the new doc also sees
// what the writer did before (the new doc is published; see index_impl.h, "Edits and deletes").
// Growth copies into a new table and release-stores the table pointer; the old table is freed only
// once no reader is inside find(): readers increment readers_ before loading the table pointer and
// decrement after (both seq_cst), and the writer frees retired tables only when it reads readers_
// == 0 after the swap. Thread-safety: insert() from one writer thread; find()/size()/memory_bytes()
// from any thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "base/hash.h"
#include "base/huge_pages.h"

namespace chorus::index {

// The id-map key of a post id.
inline uint64_t post_id_hash(std::string_view id) {
  return hash64(id, 0x706f73745f6964ull);
}

class IdMap {
 public:
  IdMap();
  ~IdMap();
  IdMap(const IdMap&) = delete;
  IdMap& operator=(const IdMap&) = delete;

  // True when inserted, false when the hash is already present (nothing changes).
  bool insert(uint64_t hash, uint64_t doc);
  // Writer: points a present `hash` at `doc`; false (nothing changes) when it is absent.
  bool assign(uint64_t hash, uint64_t doc);
  // Writer, before any insert: sizes the table for n entries without growing on the way.
  void reserve(size_t n);
  // The low 32 bits of the doc stored for `hash`.
  std::optional<uint32_t> find(uint64_t hash) const;
  // Writer: find() without the reader count (only the writer frees tables, so the table it
  // probes stays alive).
  std::optional<uint32_t> writer_find(uint64_t hash) const { return probe(*live_, hash); }
  // The doc number <= newest whose low 32 bits are `low`.
  static uint64_t full_doc(uint32_t low, uint64_t newest) {
    return newest - static_cast<uint32_t>(static_cast<uint32_t>(newest) - low);
  }
  size_t size() const { return size_.load(std::memory_order_relaxed); }
  size_t memory_bytes() const { return bytes_.load(std::memory_order_relaxed); }

 private:
  struct Table {
    explicit Table(size_t n);
    size_t mask;
    // Huge-page backed when large: lookups probe at random.
    std::vector<std::atomic<uint64_t>, HugePageAllocator<std::atomic<uint64_t>>> keys;
    std::vector<std::atomic<uint32_t>, HugePageAllocator<std::atomic<uint32_t>>> docs;
  };
  static constexpr size_t kSlotBytes = sizeof(uint64_t) + sizeof(uint32_t);
  static std::optional<uint32_t> probe(const Table& t, uint64_t hash);
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
