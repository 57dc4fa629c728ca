#include "base/huge_pages.h"

#include <sys/mman.h>

#include <cstdint>

namespace chorus {

namespace {

size_t rounded(size_t bytes) {
  return (bytes + kHugePageBytes - 1) & ~(kHugePageBytes - 1);
}

}  // namespace

void* huge_page_alloc(size_t bytes) {
  const size_t size = rounded(bytes);
  if (size < bytes) throw std::bad_alloc();
  // Map one huge page more than needed and trim both ends to a 2 MiB boundary.
  const size_t span = size + kHugePageBytes;
  void* raw = mmap(nullptr, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (raw == MAP_FAILED) throw std::bad_alloc();
  const auto start = reinterpret_cast<uintptr_t>(raw);
  const uintptr_t aligned = (start + kHugePageBytes - 1) & ~(kHugePageBytes - 1);
  if (aligned > start) munmap(raw, aligned - start);
  const uintptr_t end = start + span, used_end = aligned + size;
  if (end > used_end) munmap(reinterpret_cast<void*>(used_end), end - used_end);
  void* p = reinterpret_cast<void*>(aligned);
  madvise(p, size, MADV_HUGEPAGE);  // advice only: refused on kernels without THP
  return p;
}

void huge_page_free(void* p, size_t bytes) noexcept {
  if (p != nullptr) munmap(p, rounded(bytes));
}

}  // namespace chorus
