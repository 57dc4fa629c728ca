// The interleaved Q4_0 layout (repack_q4_0x8) and its kernels: the AVX2 variant equals the scalar
// reference bit for bit, both agree with the plain Q4_0 dot product within float rounding, and a
// token's result is the same alone (matvec_rows) or in a batch (matmul_rows).
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "model/quant/kernels.h"
#include "quant_test_util.h"

namespace chorus::model {
namespace {

constexpr int64_t kRows = 24, kCols = 256;

struct Repacked {
  std::vector<uint8_t> rows;    // kRows layout
  std::vector<uint8_t> packed;  // kQ4_0x8 layout
  TensorView plain, view;
};

Repacked make_repacked(Rng& rng) {
  Repacked r;
  for (int64_t i = 0; i < kRows; ++i) {
    const auto row = testing::random_row_bytes(rng, GgmlType::Q4_0, kCols);
    r.rows.insert(r.rows.end(), row.begin(), row.end());
  }
  r.plain = TensorView::make(GgmlType::Q4_0, r.rows.data(), kRows, kCols).value();
  EXPECT_TRUE(can_repack_q4_0x8(r.plain));
  r.packed.resize(r.rows.size());
  r.view = repack_q4_0x8(r.plain, r.packed.data());
  return r;
}

QuantizedActivations activations(Rng& rng, int64_t tokens) {
  QuantizedActivations x;
  const auto f = testing::normal_row(rng, tokens * kCols);
  EXPECT_TRUE(x.quantize(GgmlType::Q4_0, f.data(), tokens, kCols, kCols).is_ok());
  return x;
}

TEST(RepackTest, OnlyQ4_0WithRowsInEights) {
  std::vector<uint8_t> bytes(type_row_bytes(GgmlType::Q8_0, kCols) * 16);
  EXPECT_FALSE(can_repack_q4_0x8(TensorView::make(GgmlType::Q8_0, bytes.data(), 8, kCols).value()));
  EXPECT_FALSE(
      can_repack_q4_0x8(TensorView::make(GgmlType::Q4_0, bytes.data(), 12, kCols).value()));
  EXPECT_FALSE(can_repack_q4_0x8(
      TensorView::make(GgmlType::Q4_0, bytes.data(), 8, kCols, 2 * 144 + 4).value()));
  EXPECT_TRUE(can_repack_q4_0x8(TensorView::make(GgmlType::Q4_0, bytes.data(), 16, kCols).value()));
}

TEST(RepackTest, MatvecMatchesPlainQ4_0DotProduct) {
  Rng rng(5);
  const Repacked r = make_repacked(rng);
  const QuantizedActivations x = activations(rng, 1);
  std::vector<float> y(kRows, NAN);
  matvec_rows(r.view, x, y.data(), 0, 16);  // two ranges, as two threads would split them
  matvec_rows(r.view, x, y.data(), 16, kRows);
  const auto xf = testing::dequantized(GgmlType::Q8_0, x.row(0), kCols);
  for (int64_t i = 0; i < kRows; ++i) {
    const auto ref =
        testing::float_dot(testing::dequantized(GgmlType::Q4_0, r.plain.row(i), kCols), xf);
    EXPECT_NEAR(y[i], ref.dot, 1e-5 * ref.abs + 1e-6) << "row " << i;
    EXPECT_NEAR(y[i], kernels::vec_dot_q4_0_ref(kCols, r.plain.row(i), x.row(0)),
                1e-5 * ref.abs + 1e-6)
        << "row " << i;
  }
}

TEST(RepackTest, Avx2EqualsReferenceBitForBit) {
  if (!cpu_supports(KernelIsa::kAvx2)) GTEST_SKIP() << "no AVX2";
  Rng rng(6);
  const Repacked r = make_repacked(rng);
  constexpr int64_t kTokens = 7;  // one group of four and three single tokens
  const QuantizedActivations x = activations(rng, kTokens);
  std::vector<float> ref(kTokens * kRows, NAN), avx2(kTokens * kRows, NAN);
  for (int64_t g = 0; g < kRows / 8; ++g) {
    const uint8_t* w = r.packed.data() + g * 8 * r.view.row_bytes;
    kernels::dot_q4_0x8_ref(kCols, w, x.row(0), x.row_bytes(), x.block_sums(0), kTokens,
                            ref.data() + 8 * g, kRows);
    kernels::dot_q4_0x8_avx2(kCols, w, x.row(0), x.row_bytes(), x.block_sums(0), kTokens,
                             avx2.data() + 8 * g, kRows);
  }
  for (size_t i = 0; i < ref.size(); ++i) EXPECT_EQ(ref[i], avx2[i]) << "entry " << i;
}

TEST(RepackTest, BatchedTokensEqualSingleTokens) {
  Rng rng(7);
  const Repacked r = make_repacked(rng);
  constexpr int64_t kTokens = 70;  // more than one token tile of matmul_rows
  const auto f = testing::normal_row(rng, kTokens * kCols);
  QuantizedActivations all;
  ASSERT_TRUE(all.quantize(GgmlType::Q4_0, f.data(), kTokens, kCols, kCols).is_ok());
  std::vector<float> batch(kTokens * kRows, NAN);
  matmul_rows(r.view, all, batch.data(), kRows, 0, 8);
  matmul_rows(r.view, all, batch.data(), kRows, 8, kRows);
  for (int64_t t = 0; t < kTokens; ++t) {
    QuantizedActivations one;
    ASSERT_TRUE(one.quantize(GgmlType::Q4_0, f.data() + t * kCols, kCols).is_ok());
    std::vector<float> y(kRows, NAN);
    matvec_rows(r.view, one, y.data(), 0, kRows);
    for (int64_t i = 0; i < kRows; ++i) EXPECT_EQ(batch[t * kRows + i], y[i]) << t << "," << i;
  }
}

}  // namespace
}  // namespace chorus::model
