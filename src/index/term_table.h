// TermTable: the term dictionary of an active segment — term string -> dense term id — written by
// one thread and read by any number of threads without locks.
//
// Layout: an open-addressing hash table of 64-bit slots, (hash high 32 bits << 32) | (id + 1),
// 0 meaning empty, kept at most half full; term bytes live in an append-only arena and the
// (offset, length) of each id in an append-only entry array.
//
// Invariants and memory ordering:
//  - An id's entry and bytes are written before the slot naming it is release-stored, so a
//    reader that acquire-loads a non-empty slot sees the complete term.
//  - Growth builds a new table holding every id, then release-stores the table pointer. The old
//    table is retired but kept alive until the TermTable dies (readers may still be probing it);
//    this costs at most the size of the live table again.
//  - A reader that first acquired a segment's published doc count and then loads the table
//    pointer sees every term of every published doc: the insert (and any growth) happened
//    before the writer's release of that count.
// Thread-safety: insert() from one writer thread; everything else from any thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "index/chunked_array.h"

namespace chorus::index {

class TermTable {
 public:
  static constexpr uint32_t kNotFound = UINT32_MAX;
  static constexpr size_t kMaxTermBytes = 255;  // callers truncate longer terms before hashing

  TermTable();
  ~TermTable();
  TermTable(const TermTable&) = delete;
  TermTable& operator=(const TermTable&) = delete;

  // Writer: the id of `term` (<= kMaxTermBytes), inserted with the next id when absent.
  // `hash` is hash64(term). Returns kNotFound when the term is too long or the table is full
  // (2^28 terms).
  uint32_t insert(std::string_view term, uint64_t hash, bool* inserted);
  // Any thread: the id of `term`, or kNotFound.
  uint32_t find(std::string_view term, uint64_t hash) const;
  // Writer: a hint that `hash` is about to be inserted or found (prefetches its slot).
  void prefetch(uint64_t hash) const;
  // Any thread: the hash64 of a term id returned by insert/find (or below size()).
  uint64_t hash(uint32_t id) const { return entries_[id].hash; }
  // Any thread: the bytes of a term id returned by insert/find (or below size()).
  std::string_view term(uint32_t id) const;
  // Any thread: number of ids handed out.
  uint32_t size() const { return size_.load(std::memory_order_acquire); }
  size_t memory_bytes() const;

 private:
  struct Table {
    explicit Table(uint32_t capacity);
    uint32_t mask;
    std::unique_ptr<std::atomic<uint64_t>[]> slots;
  };
  struct Entry {
    uint32_t offset;
    uint32_t length;
    uint64_t hash;
  };
  static uint32_t probe(const Table& t, uint64_t hash);
  void place(Table* t, uint64_t hash, uint32_t id);
  void grow();

  std::atomic<Table*> table_;
  std::vector<std::unique_ptr<Table>> tables_;  // the live table last; writer-only
  ChunkedArray<Entry, 14, 1u << 14> entries_;
  ChunkedArray<char, 16, 1u << 16> bytes_;
  uint64_t bytes_used_ = 0;  // writer-only
  std::atomic<uint32_t> size_{0};
  std::atomic<size_t> table_bytes_{0};
};

}  // namespace chorus::index
