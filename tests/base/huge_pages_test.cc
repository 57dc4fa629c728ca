// HugePageAllocator: large allocations are 2 MiB aligned, usable end to end and freed; small ones
// come from the ordinary heap; vectors using it behave as vectors.
#include "base/huge_pages.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace chorus {
namespace {

TEST(HugePagesTest, LargeAllocationsAreAlignedAndWritable) {
  for (size_t bytes : {kHugePageBytes, kHugePageBytes + 1, 5 * kHugePageBytes + 12345}) {
    auto* p = static_cast<uint8_t*>(huge_page_alloc(bytes));
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % kHugePageBytes, 0u) << bytes;
    p[0] = 1;
    p[bytes - 1] = 2;
    EXPECT_EQ(p[0] + p[bytes - 1], 3);
    huge_page_free(p, bytes);
  }
}

TEST(HugePagesTest, VectorGrowsAcrossTheThreshold) {
  std::vector<uint64_t, HugePageAllocator<uint64_t>> v;
  const size_t n = 3 * kHugePageBytes / sizeof(uint64_t);
  for (size_t i = 0; i < n; ++i) v.push_back(i * 7);
  for (size_t i = 0; i < n; i += 4099) ASSERT_EQ(v[i], i * 7);
  std::vector<uint64_t, HugePageAllocator<uint64_t>> big(n);  // value-initialized
  EXPECT_EQ(big[n - 1], 0u);
  big.swap(v);
  EXPECT_EQ(big[n - 1], (n - 1) * 7);
  v.clear();
  v.shrink_to_fit();
  std::vector<int, HugePageAllocator<int>> small(10, 3);
  EXPECT_EQ(small[9], 3);
}

}  // namespace
}  // namespace chorus
