// The interleaved Q4_0, Q8_0, Q4_K and Q6_K layouts (repack_x8) and their kernels: every SIMD
// variant equals the scalar reference bit for bit, all agree with the plain dot product within
// float rounding (extreme levels and activations included), and a token's result is the same alone
// (matvec_rows) or in a batch (matmul_rows).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "model/quant/blocks.h"
#include "model/quant/kernels.h"
#include "quant_test_util.h"

namespace chorus::model {
namespace {

constexpr int64_t kRows = 24, kCols = 512;

struct Repacked {
  GgmlType type;
  std::vector<uint8_t> rows;    // kRows layout
  std::vector<uint8_t> packed;  // interleaved layout
  TensorView plain, view;
};

// The largest levels (and scales, mins) in the first block of rows 8 .. 15, where the int16 sums
// of the kernels come closest to overflowing.
void plant_extremes(GgmlType type, uint8_t* rows, size_t row_bytes) {
  for (int64_t i = 8; i < 16; ++i) {
    uint8_t* b = rows + i * row_bytes;
    switch (type) {
      case GgmlType::Q4_0:
        std::memset(reinterpret_cast<block_q4_0*>(b)->qs, 0xff, kQK / 2);
        break;
      case GgmlType::Q8_0:
        break;  // planted in the interleaved copy (SimdEqualsReferenceBitForBit)
      case GgmlType::Q4_K: {
        auto* k = reinterpret_cast<block_q4_K*>(b);
        std::memset(k->scales, 0xff, sizeof(k->scales));  // every scale and min 63
        std::memset(k->qs, 0xff, sizeof(k->qs));
        break;
      }
      default: {
        auto* k = reinterpret_cast<block_q6_K*>(b);
        std::memset(k->ql, 0xff, sizeof(k->ql));  // levels 63
        std::memset(k->qh, 0xff, sizeof(k->qh));
        for (int s = 0; s < 16; ++s) k->scales[s] = s % 2 ? 127 : -128;
        break;
      }
    }
  }
}

Repacked make_repacked(Rng& rng, GgmlType type) {
  Repacked r{type, {}, {}, {}, {}};
  for (int64_t i = 0; i < kRows; ++i) {
    const auto row = testing::random_row_bytes(rng, type, kCols);
    r.rows.insert(r.rows.end(), row.begin(), row.end());
  }
  plant_extremes(type, r.rows.data(), r.rows.size() / kRows);
  r.plain = TensorView::make(type, r.rows.data(), kRows, kCols).value();
  EXPECT_TRUE(can_repack_x8(r.plain));
  r.packed.resize(repacked_x8_bytes(r.plain));
  r.view = repack_x8(r.plain, r.packed.data());
  return r;
}

// Token 0 starts with 256 values of -1, quantized to the extreme level (-128 in Q8_K, -127 in
// Q8_0); the rest is normal.
QuantizedActivations activations(Rng& rng, GgmlType type, int64_t tokens) {
  QuantizedActivations x;
  auto f = testing::normal_row(rng, tokens * kCols);
  std::fill(f.begin(), f.begin() + kQK_K, -1.0f);
  EXPECT_TRUE(x.quantize(type, f.data(), tokens, kCols, kCols).is_ok());
  return x;
}

// The scalar reference and the SIMD variants this CPU runs of a type's interleaved kernel.
struct X8Kernels {
  kernels::DotX8Fn ref;
  std::vector<kernels::DotX8Fn> simd;
};

X8Kernels x8_kernels(GgmlType type) {
  using namespace kernels;
  const bool vnni = cpu_has_avx512_vnni();
  switch (type) {
    case GgmlType::Q4_0:
      if (vnni) return {dot_q4_0x8_ref, {dot_q4_0x8_avx2, dot_q4_0x8_avx512vnni}};
      return {dot_q4_0x8_ref, {dot_q4_0x8_avx2}};
    case GgmlType::Q8_0:
      if (vnni) return {dot_q8_0x8_ref, {dot_q8_0x8_avx2, dot_q8_0x8_avx512vnni}};
      return {dot_q8_0x8_ref, {dot_q8_0x8_avx2}};
    case GgmlType::Q4_K:
      if (vnni) return {dot_q4_Kx8_ref, {dot_q4_Kx8_avx2, dot_q4_Kx8_avx512vnni}};
      return {dot_q4_Kx8_ref, {dot_q4_Kx8_avx2}};
    default:
      if (vnni) return {dot_q6_Kx8_ref, {dot_q6_Kx8_avx2, dot_q6_Kx8_avx512vnni}};
      return {dot_q6_Kx8_ref, {dot_q6_Kx8_avx2}};
  }
}

TEST(RepackTest, OnlyRepackableTypesWithRowsInEights) {
  std::vector<uint8_t> bytes(type_row_bytes(GgmlType::Q8_0, kCols) * 16);
  EXPECT_FALSE(can_repack_x8(TensorView::make(GgmlType::Q4_1, bytes.data(), 8, kCols).value()));
  EXPECT_FALSE(can_repack_x8(TensorView::make(GgmlType::Q5_K, bytes.data(), 8, kCols).value()));
  EXPECT_FALSE(can_repack_x8(TensorView::make(GgmlType::Q4_0, bytes.data(), 12, kCols).value()));
  EXPECT_FALSE(can_repack_x8(TensorView::make(GgmlType::Q8_0, bytes.data(), 4, kCols).value()));
  EXPECT_FALSE(can_repack_x8(TensorView::make(GgmlType::Q6_K, bytes.data(), 12, kCols).value()));
  EXPECT_FALSE(
      can_repack_x8(TensorView::make(GgmlType::Q4_0, bytes.data(), 8, kCols, 2 * 288 + 4).value()));
  EXPECT_FALSE(
      can_repack_x8(TensorView::make(GgmlType::Q4_K, bytes.data(), 8, kCols, 2 * 288 + 4).value()));
  for (GgmlType t : {GgmlType::Q4_0, GgmlType::Q8_0, GgmlType::Q4_K, GgmlType::Q6_K})
    EXPECT_TRUE(can_repack_x8(TensorView::make(t, bytes.data(), 16, kCols).value()))
        << testing::type_name(t);
  EXPECT_EQ(repack_x8(TensorView::make(GgmlType::Q8_0, bytes.data(), 8, kCols).value(),
                      bytes.data() + bytes.size() / 2)
                .layout,
            WeightLayout::kQ8_0x8);
}

// Q4_K grows by its unpacked scales and mins (36 bytes per row of 512), the others keep their size.
TEST(RepackTest, RepackedSizes) {
  std::vector<uint8_t> rows(type_row_bytes(GgmlType::Q6_K, kCols) * 16);
  const TensorView q4k = TensorView::make(GgmlType::Q4_K, rows.data(), 16, kCols).value();
  EXPECT_EQ(repacked_x8_bytes(q4k), 16 * (2 * 144 + 2 * 4));
  const TensorView q6k = TensorView::make(GgmlType::Q6_K, rows.data(), 16, kCols).value();
  EXPECT_EQ(repacked_x8_bytes(q6k), 16 * 2 * 210);
  std::vector<uint8_t> out(repacked_x8_bytes(q4k));
  const TensorView v = repack_x8(q4k, out.data());
  EXPECT_EQ(v.layout, WeightLayout::kQ4_Kx8);
  EXPECT_EQ(v.row_bytes * 16, out.size());
  out.resize(repacked_x8_bytes(q6k));
  EXPECT_EQ(repack_x8(q6k, out.data()).layout, WeightLayout::kQ6_Kx8);
}

// Each test runs for every interleaved type.
class RepackTypeTest : public ::testing::TestWithParam<GgmlType> {};

TEST_P(RepackTypeTest, MatvecMatchesPlainDotProduct) {
  Rng rng(5);
  const Repacked r = make_repacked(rng, GetParam());
  const QuantizedActivations x = activations(rng, r.type, 1);
  std::vector<float> y(kRows, NAN);
  matvec_rows(r.view, x, y.data(), 0, 16);  // two ranges, as two threads would split them
  matvec_rows(r.view, x, y.data(), 16, kRows);
  const auto xf = testing::dequantized(x.type(), x.row(0), kCols);
  for (int64_t i = 0; i < kRows; ++i) {
    const auto ref = testing::float_dot(testing::dequantized(r.type, r.plain.row(i), kCols), xf);
    EXPECT_NEAR(y[i], ref.dot, 1e-5 * ref.abs + 1e-6) << "row " << i;
    EXPECT_NEAR(y[i], vec_dot_for(r.type, KernelIsa::kScalar)(kCols, r.plain.row(i), x.row(0)),
                1e-5 * ref.abs + 1e-6)
        << "row " << i;
  }
}

// Every SIMD variant this CPU runs equals the scalar reference bit for bit.
TEST_P(RepackTypeTest, SimdEqualsReferenceBitForBit) {
  if (!cpu_supports(KernelIsa::kAvx2)) GTEST_SKIP() << "no AVX2";
  Rng rng(6);
  Repacked r = make_repacked(rng, GetParam());
  if (r.type == GgmlType::Q8_0) {  // the extreme levels, which the sign tricks must get right
    auto* b = reinterpret_cast<block_q8_0x8*>(r.packed.data());
    b[0].qs[0] = -128, b[0].qs[1] = 127, b[1].qs[37] = -128;
  }
  constexpr int64_t kTokens = 7;  // one group of four and three single tokens
  const QuantizedActivations x = activations(rng, r.type, kTokens);
  const X8Kernels k = x8_kernels(r.type);
  auto run = [&](kernels::DotX8Fn fn) {
    std::vector<float> y(kTokens * kRows, NAN);
    for (int64_t g = 0; g < kRows / 8; ++g)
      fn(kCols, r.packed.data() + g * 8 * r.view.row_bytes, x.row(0), x.row_bytes(),
         r.view.layout == WeightLayout::kQ4_0x8 || r.view.layout == WeightLayout::kQ8_0x8
             ? x.block_sums(0)
             : nullptr,
         kTokens, y.data() + 8 * g, kRows);
    return y;
  };
  const std::vector<float> ref = run(k.ref);
  for (size_t v = 0; v < k.simd.size(); ++v) {
    const std::vector<float> y = run(k.simd[v]);
    for (size_t i = 0; i < ref.size(); ++i)
      EXPECT_EQ(ref[i], y[i]) << "variant " << v << " entry " << i;
  }
}

TEST_P(RepackTypeTest, BatchedTokensEqualSingleTokens) {
  Rng rng(7);
  const Repacked r = make_repacked(rng, GetParam());
  constexpr int64_t kTokens = 70;  // more than one token tile of matmul_rows
  const auto f = testing::normal_row(rng, kTokens * kCols);
  QuantizedActivations all;
  ASSERT_TRUE(all.quantize(r.type, f.data(), kTokens, kCols, kCols).is_ok());
  std::vector<float> batch(kTokens * kRows, NAN);
  matmul_rows(r.view, all, batch.data(), kRows, 0, 8);
  matmul_rows(r.view, all, batch.data(), kRows, 8, kRows);
  for (int64_t t = 0; t < kTokens; ++t) {
    QuantizedActivations one;
    ASSERT_TRUE(one.quantize(r.type, f.data() + t * kCols, kCols).is_ok());
    std::vector<float> y(kRows, NAN);
    matvec_rows(r.view, one, y.data(), 0, kRows);
    for (int64_t i = 0; i < kRows; ++i) EXPECT_EQ(batch[t * kRows + i], y[i]) << t << "," << i;
  }
}

INSTANTIATE_TEST_SUITE_P(Types, RepackTypeTest,
                         ::testing::Values(GgmlType::Q4_0, GgmlType::Q8_0, GgmlType::Q4_K,
                                           GgmlType::Q6_K),
                         [](const auto& info) {
                           return std::string(testing::type_name(info.param));
                         });

}  // namespace
}  // namespace chorus::model
