// ChunkedArray<T>: an append-only array whose elements never move, for one writer and many
// concurrent readers.
//
// Storage is a fixed table of kMaxChunks chunk pointers, each chunk holding 2^kChunkBits
// value-initialized elements. The writer grows the array with grow_to(); a chunk pointer is
// release-stored once and never changes until destruction.
//
// Memory ordering: readers may only touch elements whose writes happen-before something they
// acquired (in the index, the segment's published doc count or a term's posting tail). Chunk
// pointers are loaded with acquire so a reader that observed an index also observes its chunk.
// Element writes and reads of the *same* element never overlap: that is the caller's contract.
#pragma once

#include <atomic>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <memory>

namespace chorus::index {

template <typename T, unsigned kChunkBits, size_t kMaxChunks>
class ChunkedArray {
 public:
  static constexpr size_t kChunkSize = size_t{1} << kChunkBits;
  static constexpr size_t kCapacity = kChunkSize * kMaxChunks;

  ChunkedArray() : chunks_(new std::atomic<T*>[kMaxChunks]) {
    for (size_t i = 0; i < kMaxChunks; ++i) chunks_[i].store(nullptr, std::memory_order_relaxed);
  }
  ~ChunkedArray() {
    size_t n = allocated_.load(std::memory_order_relaxed);
    for (size_t i = 0; i < n; ++i) delete[] chunks_[i].load(std::memory_order_relaxed);
  }
  ChunkedArray(const ChunkedArray&) = delete;
  ChunkedArray& operator=(const ChunkedArray&) = delete;

  // Writer only: makes elements [0, n) addressable. False when n exceeds kCapacity.
  bool grow_to(size_t n) {
    if (n > kCapacity) return false;
    size_t a = allocated_.load(std::memory_order_relaxed);
    while (a * kChunkSize < n) {
      chunks_[a].store(new T[kChunkSize](), std::memory_order_release);
      allocated_.store(++a, std::memory_order_relaxed);
    }
    return true;
  }
  // Writer only: mutable access to an element below the grown size.
  T& mut(size_t i) {
    assert(i < allocated_.load(std::memory_order_relaxed) * kChunkSize);
    return chunks_[i >> kChunkBits].load(std::memory_order_relaxed)[i & (kChunkSize - 1)];
  }
  // Readers and writer: an element whose publication the caller observed.
  const T& operator[](size_t i) const {
    return chunks_[i >> kChunkBits].load(std::memory_order_acquire)[i & (kChunkSize - 1)];
  }
  // Start of the chunk holding element i; elements i..end of that chunk are contiguous.
  const T* chunk_ptr(size_t i) const {
    return chunks_[i >> kChunkBits].load(std::memory_order_acquire) + (i & (kChunkSize - 1));
  }
  // Any thread; approximate while the writer grows the array.
  size_t allocated_bytes() const {
    return allocated_.load(std::memory_order_relaxed) * kChunkSize * sizeof(T);
  }

 private:
  std::unique_ptr<std::atomic<T*>[]> chunks_;
  std::atomic<size_t> allocated_{0};  // chunks allocated; written by the writer only
};

}  // namespace chorus::index
