// The interleaved Q4_0 and Q8_0 layouts (repack_x8) and their kernels: the AVX2 variant equals the
// scalar reference bit for bit, both agree with the plain dot product within float rounding, and a
// token's result is the same alone (matvec_rows) or in a batch (matmul_rows).
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "model/quant/blocks.h"
#include "model/quant/kernels.h"
#include "quant_test_util.h"

namespace chorus::model {
namespace {

constexpr int64_t kRows = 24, kCols = 256;

struct Repacked {
  GgmlType type;
  std::vector<uint8_t> rows;    // kRows layout
  std::vector<uint8_t> packed;  // interleaved layout
  TensorView plain, view;
};

Repacked make_repacked(Rng& rng, GgmlType type) {
  Repacked r{type, {}, {}, {}, {}};
  for (int64_t i = 0; i < kRows; ++i) {
    const auto row = testing::random_row_bytes(rng, type, kCols);
    r.rows.insert(r.rows.end(), row.begin(), row.end());
  }
  r.plain = TensorView::make(type, r.rows.data(), kRows, kCols).value();
  EXPECT_TRUE(can_repack_x8(r.plain));
  r.packed.resize(r.rows.size());
  r.view = repack_x8(r.plain, r.packed.data());
  return r;
}

QuantizedActivations activations(Rng& rng, GgmlType type, int64_t tokens) {
  QuantizedActivations x;
  const auto f = testing::normal_row(rng, tokens * kCols);
  EXPECT_TRUE(x.quantize(type, f.data(), tokens, kCols, kCols).is_ok());
  return x;
}

TEST(RepackTest, OnlyQ4_0AndQ8_0WithRowsInEights) {
  std::vector<uint8_t> bytes(type_row_bytes(GgmlType::Q8_0, kCols) * 16);
  EXPECT_FALSE(can_repack_x8(TensorView::make(GgmlType::Q4_1, bytes.data(), 8, kCols).value()));
  EXPECT_FALSE(can_repack_x8(TensorView::make(GgmlType::Q4_0, bytes.data(), 12, kCols).value()));
  EXPECT_FALSE(can_repack_x8(TensorView::make(GgmlType::Q8_0, bytes.data(), 4, kCols).value()));
  EXPECT_FALSE(
      can_repack_x8(TensorView::make(GgmlType::Q4_0, bytes.data(), 8, kCols, 2 * 144 + 4).value()));
  EXPECT_TRUE(can_repack_x8(TensorView::make(GgmlType::Q4_0, bytes.data(), 16, kCols).value()));
  EXPECT_TRUE(can_repack_x8(TensorView::make(GgmlType::Q8_0, bytes.data(), 16, kCols).value()));
  EXPECT_EQ(repack_x8(TensorView::make(GgmlType::Q8_0, bytes.data(), 8, kCols).value(),
                      bytes.data() + bytes.size() / 2)
                .layout,
            WeightLayout::kQ8_0x8);
}

// Each test runs for both interleaved types.
class RepackTypeTest : public ::testing::TestWithParam<GgmlType> {};

TEST_P(RepackTypeTest, MatvecMatchesPlainDotProduct) {
  Rng rng(5);
  const Repacked r = make_repacked(rng, GetParam());
  const QuantizedActivations x = activations(rng, r.type, 1);
  std::vector<float> y(kRows, NAN);
  matvec_rows(r.view, x, y.data(), 0, 16);  // two ranges, as two threads would split them
  matvec_rows(r.view, x, y.data(), 16, kRows);
  const auto xf = testing::dequantized(GgmlType::Q8_0, x.row(0), kCols);
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
  const bool q4 = r.type == GgmlType::Q4_0;
  std::vector<kernels::DotX8Fn> variants = {q4 ? kernels::dot_q4_0x8_avx2
                                               : kernels::dot_q8_0x8_avx2};
  if (kernels::cpu_has_avx512_vnni())
    variants.push_back(q4 ? kernels::dot_q4_0x8_avx512vnni : kernels::dot_q8_0x8_avx512vnni);
  auto run = [&](kernels::DotX8Fn fn) {
    std::vector<float> y(kTokens * kRows, NAN);
    for (int64_t g = 0; g < kRows / 8; ++g)
      fn(kCols, r.packed.data() + g * 8 * r.view.row_bytes, x.row(0), x.row_bytes(),
         x.block_sums(0), kTokens, y.data() + 8 * g, kRows);
    return y;
  };
  const std::vector<float> ref = run(q4 ? kernels::dot_q4_0x8_ref : kernels::dot_q8_0x8_ref);
  for (size_t v = 0; v < variants.size(); ++v) {
    const std::vector<float> y = run(variants[v]);
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

INSTANTIATE_TEST_SUITE_P(Types, RepackTypeTest, ::testing::Values(GgmlType::Q4_0, GgmlType::Q8_0),
                         [](const auto& info) {
                           return std::string(info.param == GgmlType::Q4_0 ? "Q4_0" : "Q8_0");
                         });

}  // namespace
}  // namespace chorus::model
