// HugePageAllocator<T>: a std::allocator for large tables probed at random (hash tables of
// millions of entries). An allocation of at least kHugePageBytes is placed on 2 MiB boundaries
// and advised as transparent huge pages (madvise MADV_HUGEPAGE), so a probe costs a cache miss
// and not also a TLB miss (a two-level page walk in a virtual machine). Smaller allocations, and
// any where the advice is refused, behave as plain anonymous memory. Memory comes zeroed from the
// kernel but callers must not rely on it (std::vector value-initializes anyway).
// Thread-safety: stateless; allocate/deallocate may be called from any thread.
#pragma once

#include <cstddef>
#include <memory>
#include <new>

namespace chorus {

inline constexpr size_t kHugePageBytes = size_t{2} << 20;

// Raw memory of at least `bytes`, huge-page advised when bytes >= kHugePageBytes; throws
// std::bad_alloc when the kernel refuses. Freed with huge_page_free(p, bytes).
void* huge_page_alloc(size_t bytes);
void huge_page_free(void* p, size_t bytes) noexcept;

template <typename T>
struct HugePageAllocator {
  using value_type = T;
  HugePageAllocator() = default;
  template <typename U>
  HugePageAllocator(const HugePageAllocator<U>&) {}  // NOLINT: converting, as std::allocator

  T* allocate(size_t n) {
    if (n > static_cast<size_t>(-1) / sizeof(T)) throw std::bad_alloc();
    if (n * sizeof(T) < kHugePageBytes) return std::allocator<T>{}.allocate(n);
    return static_cast<T*>(huge_page_alloc(n * sizeof(T)));
  }
  void deallocate(T* p, size_t n) noexcept {
    if (n * sizeof(T) < kHugePageBytes) return std::allocator<T>{}.deallocate(p, n);
    huge_page_free(p, n * sizeof(T));
  }
  template <typename U>
  bool operator==(const HugePageAllocator<U>&) const {
    return true;
  }
};

}  // namespace chorus
