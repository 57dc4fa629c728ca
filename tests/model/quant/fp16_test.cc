#include "model/quant/fp16.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "base/random.h"

namespace chorus::model {
namespace {

TEST(Fp16Test, KnownValuesDecode) {
  EXPECT_EQ(fp16_to_fp32(0x3c00), 1.0f);
  EXPECT_EQ(fp16_to_fp32(0xc000), -2.0f);
  EXPECT_EQ(fp16_to_fp32(0x3555), 0.333251953125f);
  EXPECT_EQ(fp16_to_fp32(0x7bff), 65504.0f);
  EXPECT_EQ(fp16_to_fp32(0x0400), 0x1.0p-14f);  // smallest normal
  EXPECT_EQ(fp16_to_fp32(0x0001), 0x1.0p-24f);  // smallest subnormal
  EXPECT_EQ(fp16_to_fp32(0x03ff), 1023 * 0x1.0p-24f);
  EXPECT_EQ(fp16_to_fp32(0x7c00), std::numeric_limits<float>::infinity());
  EXPECT_EQ(fp16_to_fp32(0xfc00), -std::numeric_limits<float>::infinity());
  EXPECT_TRUE(std::isnan(fp16_to_fp32(0x7e00)));
  EXPECT_TRUE(std::signbit(fp16_to_fp32(0x8000)));
}

TEST(Fp16Test, EveryHalfRoundTripsExactly) {
  for (uint32_t h = 0; h < 0x10000; ++h) {
    const float f = fp16_to_fp32(static_cast<uint16_t>(h));
    if (std::isnan(f)) {
      EXPECT_TRUE(std::isnan(fp16_to_fp32(fp32_to_fp16(f)))) << h;
      continue;
    }
    ASSERT_EQ(fp32_to_fp16(f), h) << "half 0x" << std::hex << h;
  }
}

TEST(Fp16Test, RoundsToNearestEven) {
  // 1 + 2^-11 lies halfway between 1 and 1 + 2^-10: ties go to the even mantissa (1.0).
  EXPECT_EQ(fp32_to_fp16(1.0f + 0x1.0p-11f), 0x3c00);
  // 1 + 3 * 2^-11 lies halfway between 1 + 2^-10 (odd) and 1 + 2^-9 (even).
  EXPECT_EQ(fp32_to_fp16(1.0f + 3 * 0x1.0p-11f), 0x3c02);
  EXPECT_EQ(fp32_to_fp16(1.0f + 0x1.8p-11f), 0x3c01);  // above the tie
  EXPECT_EQ(fp32_to_fp16(65519.0f), 0x7bff);
  EXPECT_EQ(fp32_to_fp16(65520.0f), 0x7c00);  // the tie above the largest half overflows
  EXPECT_EQ(fp32_to_fp16(1e10f), 0x7c00);
  EXPECT_EQ(fp32_to_fp16(-1e10f), 0xfc00);
  EXPECT_EQ(fp32_to_fp16(0x1.0p-25f), 0x0000);  // tie between 0 and the smallest subnormal
  EXPECT_EQ(fp32_to_fp16(0x1.8p-25f), 0x0001);
  EXPECT_EQ(fp32_to_fp16(3 * 0x1.0p-25f), 0x0002);  // tie between subnormals 1 and 2 -> 2
  EXPECT_EQ(fp32_to_fp16(1e-10f), 0x0000);
  EXPECT_EQ(fp32_to_fp16(std::nanf("")) & 0x7e00, 0x7e00);
}

TEST(Bf16Test, KnownValuesAndRounding) {
  EXPECT_EQ(bf16_to_fp32(0x3f80), 1.0f);
  EXPECT_EQ(bf16_to_fp32(0xc040), -3.0f);
  EXPECT_EQ(fp32_to_bf16(1.0f), 0x3f80);
  EXPECT_EQ(fp32_to_bf16(1.0f + 0x1.0p-8f), 0x3f80);               // tie -> even
  EXPECT_EQ(fp32_to_bf16(1.0f + 3 * 0x1.0p-8f), 0x3f82);           // tie -> even
  EXPECT_EQ(fp32_to_bf16(1.0f + 0x1.0p-8f + 0x1.0p-20f), 0x3f81);  // above the tie
  EXPECT_EQ(fp32_to_bf16(std::numeric_limits<float>::infinity()), 0x7f80);
  EXPECT_TRUE(std::isnan(bf16_to_fp32(fp32_to_bf16(std::nanf("")))));
}

// The row conversions (F16C on this CPU) agree bit for bit with the scalar reference.
TEST(Fp16Test, RowConversionsMatchScalar) {
  Rng rng(7);
  std::vector<float> src;
  for (int i = 0; i < 1000; ++i)
    src.push_back(
        static_cast<float>(rng.normal() * std::ldexp(1.0, static_cast<int>(rng.range(-30, 20)))));
  for (float special : {0.0f, -0.0f, 65504.0f, 65520.0f, 1e-8f, 0x1.0p-25f, 1e30f})
    src.push_back(special);
  const int64_t n = static_cast<int64_t>(src.size());
  std::vector<uint16_t> h(src.size()), b(src.size());
  fp32_to_fp16_row(src.data(), h.data(), n);
  fp32_to_bf16_row(src.data(), b.data(), n);
  std::vector<float> back_h(src.size()), back_b(src.size());
  fp16_to_fp32_row(h.data(), back_h.data(), n);
  bf16_to_fp32_row(b.data(), back_b.data(), n);
  for (size_t i = 0; i < src.size(); ++i) {
    ASSERT_EQ(h[i], fp32_to_fp16(src[i])) << src[i];
    ASSERT_EQ(b[i], fp32_to_bf16(src[i])) << src[i];
    ASSERT_EQ(back_h[i], fp16_to_fp32(h[i]));
    ASSERT_EQ(back_b[i], bf16_to_fp32(b[i]));
  }
}

}  // namespace
}  // namespace chorus::model
