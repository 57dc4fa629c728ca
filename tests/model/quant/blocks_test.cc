// Layouts of the block structs and known-bytes decoding: each hand-built block decodes to values
// worked out by hand from the format description.
#include "model/quant/blocks.h"

#include <gtest/gtest.h>

#include <cstddef>
#include <cstring>
#include <vector>

#include "model/quant/k_scales.h"
#include "model/quant/quant.h"

namespace chorus::model {
namespace {

// Field offsets as in ggml-common.h, so structs overlay mapped file bytes.
static_assert(offsetof(block_q4_0, qs) == 2);
static_assert(offsetof(block_q4_1, qs) == 4);
static_assert(offsetof(block_q5_0, qh) == 2 && offsetof(block_q5_0, qs) == 6);
static_assert(offsetof(block_q8_0, qs) == 2);
static_assert(offsetof(block_q4_K, scales) == 4 && offsetof(block_q4_K, qs) == 16);
static_assert(offsetof(block_q5_K, qh) == 16 && offsetof(block_q5_K, qs) == 48);
static_assert(offsetof(block_q6_K, qh) == 128 && offsetof(block_q6_K, scales) == 192 &&
              offsetof(block_q6_K, d) == 208);
static_assert(offsetof(block_q8_K, qs) == 4 && offsetof(block_q8_K, bsums) == 260);

constexpr uint16_t kHalfOne = 0x3c00, kHalfHalf = 0x3800, kHalfQuarter = 0x3400,
                   kHalfMinusTwo = 0xc000;

template <typename Block>
std::vector<float> decode(GgmlType type, const Block& b, int64_t n) {
  std::vector<float> out(static_cast<size_t>(n));
  EXPECT_TRUE(dequantize_row(type, &b, out.data(), n).is_ok());
  return out;
}

TEST(BlocksTest, SizesMatchTheTypeTable) {
  EXPECT_EQ(type_row_bytes(GgmlType::Q4_0, 32), sizeof(block_q4_0));
  EXPECT_EQ(type_row_bytes(GgmlType::Q4_1, 64), 2 * sizeof(block_q4_1));
  EXPECT_EQ(type_row_bytes(GgmlType::Q5_0, 32), sizeof(block_q5_0));
  EXPECT_EQ(type_row_bytes(GgmlType::Q8_0, 32), sizeof(block_q8_0));
  EXPECT_EQ(type_row_bytes(GgmlType::Q4_K, 256), sizeof(block_q4_K));
  EXPECT_EQ(type_row_bytes(GgmlType::Q5_K, 256), sizeof(block_q5_K));
  EXPECT_EQ(type_row_bytes(GgmlType::Q6_K, 512), 2 * sizeof(block_q6_K));
  EXPECT_EQ(type_row_bytes(GgmlType::Q8_K, 256), sizeof(block_q8_K));
  EXPECT_EQ(type_row_bytes(GgmlType::BF16, 3), 6u);
}

TEST(BlocksTest, Q4_0KnownBytes) {
  block_q4_0 b{kHalfHalf, {}};
  for (int j = 0; j < 16; ++j) b.qs[j] = static_cast<uint8_t>(j | ((15 - j) << 4));
  const auto x = decode(GgmlType::Q4_0, b, 32);
  EXPECT_EQ(x[0], -4.0f);   // 0.5 * (0 - 8)
  EXPECT_EQ(x[9], 0.5f);    // 0.5 * (9 - 8)
  EXPECT_EQ(x[15], 3.5f);   // 0.5 * (15 - 8)
  EXPECT_EQ(x[16], 3.5f);   // high nibble of qs[0] = 15
  EXPECT_EQ(x[31], -4.0f);  // high nibble of qs[15] = 0
}

TEST(BlocksTest, Q4_1KnownBytes) {
  block_q4_1 b{kHalfOne, kHalfMinusTwo, {}};
  for (int j = 0; j < 16; ++j) b.qs[j] = static_cast<uint8_t>(j | ((15 - j) << 4));
  const auto x = decode(GgmlType::Q4_1, b, 32);
  EXPECT_EQ(x[0], -2.0f);   // 1 * 0 - 2
  EXPECT_EQ(x[7], 5.0f);    // 7 - 2
  EXPECT_EQ(x[16], 13.0f);  // 15 - 2
  EXPECT_EQ(x[31], -2.0f);
}

TEST(BlocksTest, Q5_0KnownBytes) {
  block_q5_0 b{kHalfOne, {0x01, 0x00, 0x00, 0x80}, {}};  // fifth bits of elements 0 and 31
  b.qs[0] = 0x00;
  b.qs[15] = 0xf3;
  b.qs[4] = 0x27;
  const auto x = decode(GgmlType::Q5_0, b, 32);
  EXPECT_EQ(x[0], 0.0f);     // (0 | 16) - 16
  EXPECT_EQ(x[16], -16.0f);  // 0 - 16
  EXPECT_EQ(x[15], -13.0f);  // 3 - 16
  EXPECT_EQ(x[31], 15.0f);   // (15 | 16) - 16
  EXPECT_EQ(x[4], -9.0f);    // 7 - 16
  EXPECT_EQ(x[20], -14.0f);  // 2 - 16
}

TEST(BlocksTest, Q8_0KnownBytes) {
  block_q8_0 b{kHalfQuarter, {}};
  for (int j = 0; j < 32; ++j) b.qs[j] = static_cast<int8_t>(j - 16);
  const auto x = decode(GgmlType::Q8_0, b, 32);
  EXPECT_EQ(x[0], -4.0f);
  EXPECT_EQ(x[16], 0.0f);
  EXPECT_EQ(x[31], 3.75f);
}

// Scales {1,2,3,4,5,6,7,63} and mins {0,1,2,3,4,5,6,33}, packed by hand: bytes 0-3 hold scales
// 0-3 with the top bits of scales 4-7 (only 63 >> 4 = 3 is non-zero) above; bytes 4-7 the mins
// with the top bits of mins 4-7 (33 >> 4 = 2); bytes 8-11 the low nibbles of scales/mins 4-7.
constexpr uint8_t kKScales[12] = {0x01, 0x02, 0x03, 0xc4, 0x00, 0x01,
                                  0x02, 0x83, 0x45, 0x56, 0x67, 0x1f};

TEST(BlocksTest, KScalesPackAndUnpack) {
  const uint8_t sc[8] = {1, 2, 3, 4, 5, 6, 7, 63}, mn[8] = {0, 1, 2, 3, 4, 5, 6, 33};
  uint8_t packed[12];
  pack_k_scales(sc, mn, packed);
  EXPECT_EQ(0, std::memcmp(packed, kKScales, 12));
  uint8_t sc2[8], mn2[8];
  unpack_k_scales(kKScales, sc2, mn2);
  EXPECT_EQ(0, std::memcmp(sc, sc2, 8));
  EXPECT_EQ(0, std::memcmp(mn, mn2, 8));
}

TEST(BlocksTest, Q4_KKnownBytes) {
  block_q4_K b{kHalfOne, kHalfHalf, {}, {}};
  std::memcpy(b.scales, kKScales, 12);
  for (int k = 0; k < 128; ++k) b.qs[k] = static_cast<uint8_t>(k);
  const auto x = decode(GgmlType::Q4_K, b, 256);
  EXPECT_EQ(x[0], 0.0f);      // sub-block 0, q 0: 1 * 0 - 0.5 * 0
  EXPECT_EQ(x[33], -0.5f);    // sub-block 1, high nibble of qs[1] = 0: -0.5 * 1
  EXPECT_EQ(x[100], 6.5f);    // sub-block 3, high nibble of qs[36] = 2: 4 * 2 - 0.5 * 3
  EXPECT_EQ(x[200], 53.0f);   // sub-block 6, low nibble of qs[104] = 8: 7 * 8 - 0.5 * 6
  EXPECT_EQ(x[255], 424.5f);  // sub-block 7, high nibble of qs[127] = 7: 63 * 7 - 0.5 * 33
}

TEST(BlocksTest, Q5_KKnownBytes) {
  block_q5_K b{kHalfOne, kHalfHalf, {}, {}, {}};
  std::memcpy(b.scales, kKScales, 12);
  for (int k = 0; k < 128; ++k) b.qs[k] = static_cast<uint8_t>(k);
  b.qh[1] = 0x02;   // fifth bit of element 1 of sub-block 1 (element 33)
  b.qh[31] = 0x80;  // fifth bit of element 31 of sub-block 7 (element 255)
  const auto x = decode(GgmlType::Q5_K, b, 256);
  EXPECT_EQ(x[0], 0.0f);
  EXPECT_EQ(x[1], 1.0f);    // low nibble of qs[1] = 1; qh[1] bit 0 is clear
  EXPECT_EQ(x[33], 31.5f);  // 2 * (0 + 16) - 0.5
  EXPECT_EQ(x[200], 53.0f);
  EXPECT_EQ(x[255], 1432.5f);  // 63 * (7 + 16) - 16.5
}

TEST(BlocksTest, Q6_KKnownBytes) {
  block_q6_K b{};
  for (int s = 0; s < 16; ++s) b.scales[s] = static_cast<int8_t>(s - 8);
  b.d = kHalfOne;
  b.ql[0] = 0x21;
  b.qh[0] = 0xe4;  // bits 0-1: 0, bits 2-3: 1, bits 4-5: 2, bits 6-7: 3
  b.ql[32] = 0x5f;
  b.ql[81] = 0x0a;  // second half, l = 17
  b.qh[49] = 0x03;
  const auto x = decode(GgmlType::Q6_K, b, 256);
  EXPECT_EQ(x[0], 248.0f);     // (1 | 0 << 4) - 32 = -31, scale -8
  EXPECT_EQ(x[32], 6.0f);      // (15 | 1 << 4) - 32 = -1, scale -6
  EXPECT_EQ(x[64], -8.0f);     // (2 | 2 << 4) - 32 = 2, scale -4
  EXPECT_EQ(x[96], -42.0f);    // (5 | 3 << 4) - 32 = 21, scale -2
  EXPECT_EQ(x[145], 26.0f);    // (10 | 3 << 4) - 32 = 26, scale 1
  EXPECT_EQ(x[1], 256.0f);     // all-zero bits: -32, scale -8
  EXPECT_EQ(x[255], -224.0f);  // -32, scale 7
}

TEST(BlocksTest, Q8_KKnownBytes) {
  block_q8_K b{0.5f, {}, {}};
  for (int j = 0; j < 256; ++j) b.qs[j] = static_cast<int8_t>(j - 128);
  const auto x = decode(GgmlType::Q8_K, b, 256);
  EXPECT_EQ(x[0], -64.0f);
  EXPECT_EQ(x[128], 0.0f);
  EXPECT_EQ(x[255], 63.5f);
}

TEST(BlocksTest, FloatTypesKnownBytes) {
  const uint16_t h[4] = {0x3c00, 0xc000, 0x7bff, 0x0001};
  const auto xf = decode(GgmlType::F16, h, 4);
  EXPECT_EQ(xf, (std::vector<float>{1.0f, -2.0f, 65504.0f, 0x1.0p-24f}));
  const uint16_t b[3] = {0x3f80, 0xc040, 0x4120};
  const auto xb = decode(GgmlType::BF16, b, 3);
  EXPECT_EQ(xb, (std::vector<float>{1.0f, -3.0f, 10.0f}));
}

}  // namespace
}  // namespace chorus::model
