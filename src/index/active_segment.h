// ActiveSegment: the in-memory segment that receives new posts — one writer appends, any number
// of readers search it at the same time without locks (Earlybird style).
//
// Layout
//  - Per-doc columns (PackedMeta, 32 bytes) in an append-only chunked array.
//  - A TermTable (term -> id) and per-term state (16 bytes): a packed atomic tail (posting count
//    << 32 | pool index of the last posting) and bound inputs (max tf, min doc length).
//  - Postings live in one pool of 32-bit words as chains of slices, newest last. Slice 0 is two
//    postings with no header (a term seen once costs 8 bytes); slice k >= 1 is [prev slice
//    start][payload] with payloads of 15, 127, then 2047 postings (slice sizes 2, 16, 128, 2048
//    words, as Earlybird's 2^1, 2^4, 2^7, 2^11), so a posting's slice and offset follow from its
//    ordinal alone. A posting is (local doc << 8) | min(tf, 255). Slices never straddle a pool
//    chunk, so a reader addresses a whole slice through one pointer. Chains are walked newest
//    first through the prev links; sealing collects them the same way and reverses.
//  - add() prefetches the dictionary slots of all of a doc's terms before inserting any, so the
//    cache misses of one doc's ~20 lookups overlap instead of queueing.
//
// Invariants
//  - Docs are numbered 0, 1, 2, ... in add() order; each term's postings are in increasing doc
//    order and a doc adds at most one posting per term.
//  - docs_ (the watermark) counts docs whose columns and postings are complete.
//
// Memory ordering (the publication argument)
//  - add() writes the doc's columns, then for each term: the slice words and links, then the
//    posting, then release-stores the term's tail. Last it release-stores docs_ = n + 1.
//  - A reader acquire-loads docs_ (its limit L), then finds terms (TermTable: see its header) and
//    acquire-loads their tails. Every word it reads — slice links, postings, columns of docs
//    below L — was written before a release store it acquired, so it never reads a word the
//    writer is writing. A tail may already cover docs >= L; the cursor skips those, so every
//    returned doc is fully visible (its columns were written before docs_ > doc was released).
//  - Bounds and summaries are relaxed atomics that only grow looser over time, so a value newer
//    than a reader's view is still a valid bound.
// Thread-safety: add() from one writer thread; const methods from any thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <span>
#include <string_view>
#include <vector>

#include "index/chunked_array.h"
#include "index/segment.h"
#include "index/term_table.h"

namespace chorus::index {

struct TermFreq {
  std::string_view term;  // at most TermTable::kMaxTermBytes
  uint64_t hash = 0;      // hash64(term)
  uint32_t tf = 1;
};

class ActiveSegment final : public Segment {
 public:
  static constexpr uint32_t kMaxDocs = 1u << 24;

  // capacity: docs before full(), at most kMaxDocs.
  ActiveSegment(uint64_t base_doc, uint32_t capacity);
  ~ActiveSegment() override;

  // Writer: appends and publishes one doc; `terms` must be distinct. False (and nothing changed
  // that a reader can see) when the segment is full or out of term/posting space.
  bool add(const DocMeta& meta, std::span<const TermFreq> terms);
  // True when no more docs fit (capacity reached, or pool/dictionary space ran out).
  bool full() const {
    return visible_docs() >= capacity_ || failed_.load(std::memory_order_relaxed);
  }
  uint32_t capacity() const { return capacity_; }

  bool sealed() const override { return false; }
  uint32_t visible_docs() const override { return docs_.load(std::memory_order_acquire); }
  DocMeta meta(uint32_t local) const override { return columns_[local].unpack(); }
  std::unique_ptr<PostingCursor> postings(std::string_view term, uint64_t hash,
                                          uint32_t limit) const override;
  SegmentSummary summary() const override;
  SegmentMemory memory() const override;

  // For sealing, once the writer has stopped adding: the term table and each term's postings of
  // visible docs in increasing doc order as fn(doc, tf) or, packed as (doc << 8) | tf, into *out
  // (cleared first).
  const TermTable& terms() const { return terms_; }
  void scan_postings(uint32_t term_id, const std::function<void(uint32_t, uint32_t)>& fn) const;
  void collect_postings(uint32_t term_id, std::vector<uint32_t>* out) const;
  const PackedMeta& packed_meta(uint32_t local) const { return columns_[local]; }

  class Cursor;

 private:
  struct TermState {
    std::atomic<uint64_t> tail{0};   // (count << 32) | pool index of the last posting
    std::atomic<uint32_t> bound{0};  // (max_tf << 16) | (65535 - min_dl)
  };
  static_assert(sizeof(TermState) == 16, "term states are 16 bytes");
  bool append_posting(TermState* st, uint32_t doc, uint32_t tf, uint32_t dl);
  bool alloc_slice(uint32_t words, uint32_t* start);
  bool fail();  // marks the segment full after a failed add; returns false

  uint32_t capacity_;
  std::atomic<uint32_t> docs_{0};
  std::atomic<bool> failed_{false};
  ChunkedArray<PackedMeta, 12, 4096> columns_;
  TermTable terms_;
  ChunkedArray<TermState, 12, 1u << 16> states_;
  ChunkedArray<uint32_t, 16, 1u << 16> pool_;
  uint64_t pool_used_ = 0;  // writer-only
  std::atomic<int64_t> min_created_{INT64_MAX};
  std::atomic<int64_t> max_created_{INT64_MIN};
  std::atomic<float> max_static_{0};
  std::atomic<uint64_t> total_len_{0};
};

}  // namespace chorus::index
