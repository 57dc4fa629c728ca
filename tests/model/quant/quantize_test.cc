// Reference quantizers: error bounds on random data, exactness where the format allows it,
// agreement of the fast activation quantizers, and errors for bad arguments.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <vector>

#include "model/quant/kernels.h"
#include "quant_test_util.h"

namespace chorus::model {
namespace {

using testing::block_size;
using testing::normal_row;
using testing::type_name;

// RMS of (dequantize(quantize(x)) - x) divided by RMS(x), for x ~ N(0, 1) in rows of 4096.
double relative_rmse(GgmlType type, const std::vector<float>& x) {
  const int64_t n = static_cast<int64_t>(x.size());
  std::vector<uint8_t> q(type_row_bytes(type, n));
  EXPECT_TRUE(quantize_row_ref(type, x.data(), q.data(), n).is_ok());
  const auto y = testing::dequantized(type, q.data(), n);
  double err = 0, ref = 0;
  for (int64_t i = 0; i < n; ++i) {
    err += (y[i] - x[i]) * static_cast<double>(y[i] - x[i]);
    ref += x[i] * static_cast<double>(x[i]);
  }
  return std::sqrt(err / ref);
}

// Upper bounds of the relative RMSE on Gaussian data; the measured value (seed 1) is in the
// comment. Bounds leave 25-100% headroom so that a sound change of a quantizer still passes.
const std::map<GgmlType, double> kMaxRelativeRmse = {
    {GgmlType::F32, 0.0},    {GgmlType::F16, 4e-4},  // 2.1e-4
    {GgmlType::BF16, 3e-3},                          // 1.6e-3
    {GgmlType::Q8_0, 0.01},                          // 0.0052
    {GgmlType::Q8_K, 0.01},                          // 0.0071
    {GgmlType::Q4_0, 0.11},                          // 0.085
    {GgmlType::Q4_1, 0.10},                          // 0.078
    {GgmlType::Q5_0, 0.055},                         // 0.042
    {GgmlType::Q4_K, 0.09},                          // 0.071
    {GgmlType::Q5_K, 0.045},                         // 0.036
    {GgmlType::Q6_K, 0.022},                         // 0.0176
};

TEST(QuantizeTest, RoundTripErrorWithinBounds) {
  Rng rng(1);
  const auto x = normal_row(rng, 4096);
  for (const auto& [type, bound] : kMaxRelativeRmse) {
    const double e = relative_rmse(type, x);
    EXPECT_LE(e, bound) << type_name(type);
    // Scale invariance: the same data times 1000 quantizes as well (scales are per block).
    std::vector<float> big(x);
    for (auto& v : big) v *= 1000.0f;
    EXPECT_LE(relative_rmse(type, big), bound * 1.01 + 1e-6) << type_name(type) << " x1000";
  }
}

// Blocks with very different magnitudes side by side: K-quant super-block scales must not
// swamp the small sub-blocks (their error is measured against their own RMS).
TEST(QuantizeTest, KQuantsKeepSmallSubBlocks) {
  Rng rng(2);
  for (GgmlType type : {GgmlType::Q4_K, GgmlType::Q5_K, GgmlType::Q6_K}) {
    std::vector<float> x = normal_row(rng, 256);
    for (int i = 0; i < 32; ++i) x[i] *= 20.0f;  // one loud sub-block
    std::vector<uint8_t> q(type_row_bytes(type, 256));
    ASSERT_TRUE(quantize_row_ref(type, x.data(), q.data(), 256).is_ok());
    const auto y = testing::dequantized(type, q.data(), 256);
    double err = 0, ref = 0;
    for (int i = 32; i < 256; ++i) err += (y[i] - x[i]) * (y[i] - x[i]), ref += x[i] * x[i];
    EXPECT_LE(std::sqrt(err / ref), 0.35) << type_name(type);
  }
}

TEST(QuantizeTest, ExactlyRepresentableBlocksRoundTrip) {
  // Levels times a power-of-two scale are exact when the scale the quantizer derives from the
  // extremes is that power of two: Q4_0 (-2 = -8 d), Q5_0 (-2 = -16 d), Q4_1 ((1.75 + 2) / 15).
  std::vector<float> x(32);
  for (int j = 0; j < 32; ++j) x[j] = 0.25f * static_cast<float>(j % 16 - 8);
  for (GgmlType type : {GgmlType::Q4_0, GgmlType::Q5_0, GgmlType::Q4_1}) {
    std::vector<uint8_t> q(type_row_bytes(type, 32));
    ASSERT_TRUE(quantize_row_ref(type, x.data(), q.data(), 32).is_ok());
    const auto y = testing::dequantized(type, q.data(), 32);
    for (int j = 0; j < 32; ++j) EXPECT_NEAR(y[j], x[j], 1e-6) << type_name(type) << " " << j;
  }
}

TEST(QuantizeTest, Q8_0ExactLevels) {
  std::vector<float> x(32);
  for (int j = 0; j < 32; ++j) x[j] = static_cast<float>(8 * j - 127);  // amax 127: d = 1
  block_q8_0 b;
  ASSERT_TRUE(quantize_row_ref(GgmlType::Q8_0, x.data(), &b, 32).is_ok());
  EXPECT_EQ(b.d, 0x3c00);
  for (int j = 0; j < 32; ++j) EXPECT_EQ(b.qs[j], 8 * j - 127);
}

TEST(QuantizeTest, ZeroRowsStayZero) {
  const std::vector<float> x(256, 0.0f);
  for (GgmlType type : {GgmlType::Q4_0, GgmlType::Q4_1, GgmlType::Q5_0, GgmlType::Q8_0,
                        GgmlType::Q4_K, GgmlType::Q5_K, GgmlType::Q6_K, GgmlType::Q8_K}) {
    std::vector<uint8_t> q(type_row_bytes(type, 256));
    ASSERT_TRUE(quantize_row_ref(type, x.data(), q.data(), 256).is_ok());
    for (float v : testing::dequantized(type, q.data(), 256)) ASSERT_EQ(v, 0.0f) << type_name(type);
  }
}

TEST(QuantizeTest, NonFiniteInputDoesNotCrash) {
  std::vector<float> x(256, 1.0f);
  x[3] = NAN;
  x[70] = INFINITY;
  x[200] = -INFINITY;
  for (GgmlType type : {GgmlType::Q4_0, GgmlType::Q4_1, GgmlType::Q5_0, GgmlType::Q8_0,
                        GgmlType::Q4_K, GgmlType::Q5_K, GgmlType::Q6_K, GgmlType::Q8_K}) {
    std::vector<uint8_t> q(type_row_bytes(type, 256));
    EXPECT_TRUE(quantize_row_ref(type, x.data(), q.data(), 256).is_ok()) << type_name(type);
  }
}

// The fast activation quantizers produce the same bytes as the references.
TEST(QuantizeTest, ActivationQuantizersMatchReference) {
  if (!cpu_supports(KernelIsa::kAvx2)) GTEST_SKIP() << "CPU has no AVX2";
  Rng rng(3);
  for (int trial = 0; trial < 20; ++trial) {
    auto x = normal_row(rng, 1024,
                        static_cast<float>(std::ldexp(1.0, static_cast<int>(rng.range(-8, 8)))));
    if (trial == 1) std::fill(x.begin() + 256, x.begin() + 512, 0.0f);  // an all-zero block
    if (trial == 2) x[5] = -x[5] - 100.0f;                              // negative extreme
    for (GgmlType type : {GgmlType::Q8_0, GgmlType::Q8_K}) {
      const size_t bytes = type_row_bytes(type, 1024);
      std::vector<uint8_t> ref(bytes), fast(bytes);
      ASSERT_TRUE(quantize_row_ref(type, x.data(), ref.data(), 1024).is_ok());
      if (type == GgmlType::Q8_0)
        kernels::quantize_q8_0_avx2(x.data(), fast.data(), 1024);
      else
        kernels::quantize_q8_K_avx2(x.data(), fast.data(), 1024);
      ASSERT_EQ(ref, fast) << type_name(type) << " trial " << trial;
    }
  }
}

TEST(QuantizeTest, Q8_KBlockSumsAndExtreme) {
  Rng rng(4);
  const auto x = normal_row(rng, 256);
  block_q8_K b;
  ASSERT_TRUE(quantize_row_ref(GgmlType::Q8_K, x.data(), &b, 256).is_ok());
  int extremes = 0;
  for (int g = 0; g < 16; ++g) {
    int sum = 0;
    for (int l = 0; l < 16; ++l) sum += b.qs[16 * g + l], extremes += b.qs[16 * g + l] == -128;
    EXPECT_EQ(b.bsums[g], sum);
  }
  EXPECT_EQ(extremes, 1);  // the largest magnitude maps to -128
}

TEST(QuantizeTest, BadArgumentsAreErrors) {
  std::vector<float> x(64, 1.0f);
  std::vector<uint8_t> q(1024);
  Status s = quantize_row_ref(GgmlType::Q4_K, x.data(), q.data(), 64);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("256"), std::string::npos) << s.message();
  EXPECT_FALSE(quantize_row_ref(GgmlType::Q2_K, x.data(), q.data(), 256).is_ok());
  EXPECT_FALSE(dequantize_row(GgmlType::Q4_0, q.data(), x.data(), 33).is_ok());
  EXPECT_FALSE(dequantize_row(static_cast<GgmlType>(99), q.data(), x.data(), 32).is_ok());
  EXPECT_FALSE(dequantize_row(GgmlType::Q8_0, q.data(), x.data(), -32).is_ok());
  EXPECT_TRUE(dequantize_row(GgmlType::F16, q.data(), x.data(), 7).is_ok());
  EXPECT_EQ(block_size(GgmlType::Q6_K), 256);
}

}  // namespace
}  // namespace chorus::model
