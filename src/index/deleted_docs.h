// DeletedDocs: the tombstones of one segment — a bitmap over its local doc ids, set by the index
// writer when a post is deleted or replaced by an edit, read by searches, get() and trending.
//
// A segment's docs and postings never change after they are published; the bitmap is the one
// mutable part, and it only ever gains bits. An active segment and the sealed segment built from
// it share one DeletedDocs, so a delete that lands while the segment is being sealed is kept.
// Tombstones are not stored in segment files: open() rebuilds them from the log (delete records,
// and ids that occur twice among the loaded docs: the older doc was replaced by an edit).
//
// Memory ordering: the writer sets a bit with a release fetch_or; readers test with an acquire
// load. A tombstone publishes no other data, but the writer orders its own steps around it (see
// index_impl.h, "Edits and deletes"): whatever it did before setting a bit — adding the new
// version of an edited post, pointing the id map at it — is visible to a reader that sees the bit.
// A reader that tests a bit while it is being set sees the doc either live or deleted, never
// anything torn. Thread-safety: set() from the one writer; test()/count() from any thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>

namespace chorus::index {

class DeletedDocs {
 public:
  // Room for docs [0, capacity).
  explicit DeletedDocs(uint32_t capacity)
      : capacity_(capacity), words_(new std::atomic<uint64_t>[words_for(capacity)]) {
    for (size_t i = 0; i < words_for(capacity); ++i) words_[i].store(0, std::memory_order_relaxed);
  }
  DeletedDocs(const DeletedDocs&) = delete;
  DeletedDocs& operator=(const DeletedDocs&) = delete;

  uint32_t capacity() const { return capacity_; }
  bool test(uint32_t local) const {
    if (local >= capacity_) return false;
    return (words_[local >> 6].load(std::memory_order_acquire) >> (local & 63)) & 1;
  }
  // Writer: tombstones `local`; false when it already was (or is out of range).
  bool set(uint32_t local) {
    if (local >= capacity_ || test(local)) return false;
    words_[local >> 6].fetch_or(uint64_t{1} << (local & 63), std::memory_order_release);
    count_.store(count_.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
    return true;
  }
  // Docs tombstoned so far.
  uint32_t count() const { return count_.load(std::memory_order_relaxed); }
  size_t memory_bytes() const { return words_for(capacity_) * sizeof(uint64_t); }

 private:
  static size_t words_for(uint32_t capacity) { return (size_t{capacity} + 63) / 64; }

  uint32_t capacity_;
  std::unique_ptr<std::atomic<uint64_t>[]> words_;
  std::atomic<uint32_t> count_{0};
};

}  // namespace chorus::index
