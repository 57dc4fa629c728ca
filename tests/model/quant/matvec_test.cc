// matvec_rows / matmul_rows against naive float loops over the dequantized operands.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "quant_test_util.h"

namespace chorus::model {
namespace {

using testing::type_name;

struct Problem {
  GgmlType type;
  int64_t rows, cols, tokens;
  std::vector<uint8_t> w;
  std::vector<float> x;  // [tokens x cols]
};

Problem make_problem(Rng& rng, GgmlType type, int64_t rows, int64_t tokens) {
  Problem p{type, rows, testing::block_size(type) == 256 ? 512 : 96, tokens, {}, {}};
  p.w.resize(type_row_bytes(type, p.cols) * rows);
  const auto wf = testing::normal_row(rng, rows * p.cols);
  for (int64_t r = 0; r < rows; ++r)
    EXPECT_TRUE(quantize_row_ref(type, wf.data() + r * p.cols,
                                 p.w.data() + r * type_row_bytes(type, p.cols), p.cols)
                    .is_ok());
  p.x = testing::normal_row(rng, tokens * p.cols);
  return p;
}

// y[t][r] = dequant(W_r) . dequant(xq_t) in double, with sum |products| for the tolerance.
std::vector<testing::DotRef> naive(const Problem& p, const QuantizedActivations& xq) {
  std::vector<testing::DotRef> out;
  for (int64_t t = 0; t < p.tokens; ++t) {
    const auto x = testing::dequantized(xq.type(), xq.row(t), p.cols);
    for (int64_t r = 0; r < p.rows; ++r) {
      const size_t rb = type_row_bytes(p.type, p.cols);
      out.push_back(
          testing::float_dot(testing::dequantized(p.type, p.w.data() + r * rb, p.cols), x));
    }
  }
  return out;
}

TEST(MatvecTest, MatvecRowsMatchesNaiveLoop) {
  Rng rng(21);
  for (GgmlType type : testing::weight_types()) {
    const Problem p = make_problem(rng, type, 37, 1);
    auto W = TensorView::make(type, p.w.data(), p.rows, p.cols);
    ASSERT_TRUE(W.is_ok()) << W.status().to_string();
    QuantizedActivations xq;
    ASSERT_TRUE(xq.quantize(type, p.x.data(), p.cols).is_ok());
    EXPECT_EQ(xq.type(), type_traits(type)->vec_dot_type);
    std::vector<float> y(p.rows, NAN);
    matvec_rows(*W, xq, y.data(), 0, 20);  // two ranges, as two threads would split them
    matvec_rows(*W, xq, y.data(), 20, p.rows);
    const auto ref = naive(p, xq);
    for (int64_t r = 0; r < p.rows; ++r)
      EXPECT_NEAR(y[r], ref[r].dot, 1e-5 * ref[r].abs + 1e-6) << type_name(type) << " row " << r;
  }
}

TEST(MatvecTest, QuantizedActivationsApproximateFloatProduct) {
  Rng rng(22);
  for (GgmlType type : testing::weight_types()) {
    const Problem p = make_problem(rng, type, 16, 1);
    auto W = TensorView::make(type, p.w.data(), p.rows, p.cols);
    ASSERT_TRUE(W.is_ok());
    QuantizedActivations xq;
    ASSERT_TRUE(xq.quantize(type, p.x.data(), p.cols).is_ok());
    std::vector<float> y(p.rows);
    matvec_rows(*W, xq, y.data(), 0, p.rows);
    for (int64_t r = 0; r < p.rows; ++r) {
      const auto w = testing::dequantized(type, p.w.data() + r * W->row_bytes, p.cols);
      const auto ref = testing::float_dot(w, p.x);
      // 8-bit activations: error well under 2% of sum |w x|.
      EXPECT_NEAR(y[r], ref.dot, 0.02 * ref.abs) << type_name(type) << " row " << r;
    }
  }
}

TEST(MatvecTest, MatmulRowsMatchesMatvecAndNaive) {
  Rng rng(23);
  for (GgmlType type : testing::weight_types()) {
    const Problem p = make_problem(rng, type, 21, 70);  // more tokens than one token tile
    auto W = TensorView::make(type, p.w.data(), p.rows, p.cols);
    ASSERT_TRUE(W.is_ok());
    QuantizedActivations X;
    ASSERT_TRUE(X.quantize(type, p.x.data(), p.tokens, p.cols, p.cols).is_ok());
    const int64_t stride = p.rows + 3;
    std::vector<float> Y(p.tokens * stride, NAN);
    matmul_rows(*W, X, Y.data(), stride, 0, 9);
    matmul_rows(*W, X, Y.data(), stride, 9, p.rows);
    const auto ref = naive(p, X);
    QuantizedActivations x1;
    std::vector<float> y1(p.rows);
    for (int64_t t = 0; t < p.tokens; ++t) {
      ASSERT_TRUE(x1.quantize(type, p.x.data() + t * p.cols, p.cols).is_ok());
      matvec_rows(*W, x1, y1.data(), 0, p.rows);
      for (int64_t r = 0; r < p.rows; ++r) {
        ASSERT_EQ(Y[t * stride + r], y1[r]) << type_name(type) << " t=" << t << " r=" << r;
        const auto& d = ref[t * p.rows + r];
        ASSERT_NEAR(Y[t * stride + r], d.dot, 1e-5 * d.abs + 1e-6) << type_name(type);
      }
      for (int64_t r = p.rows; r < stride; ++r) ASSERT_TRUE(std::isnan(Y[t * stride + r]));
    }
  }
}

TEST(MatvecTest, StridedRowsAndReuse) {
  Rng rng(24);
  const int64_t rows = 5, cols = 64;
  const size_t dense = type_row_bytes(GgmlType::Q8_0, cols), stride = dense + 14;
  std::vector<uint8_t> w(stride * rows, 0xAB);
  const auto wf = testing::normal_row(rng, rows * cols);
  for (int64_t r = 0; r < rows; ++r)
    ASSERT_TRUE(quantize_row_ref(GgmlType::Q8_0, wf.data() + r * cols, w.data() + r * stride, cols)
                    .is_ok());
  auto W = TensorView::make(GgmlType::Q8_0, w.data(), rows, cols, stride);
  ASSERT_TRUE(W.is_ok());
  QuantizedActivations xq;
  std::vector<float> big = testing::normal_row(rng, 4 * cols);
  ASSERT_TRUE(xq.quantize(GgmlType::Q8_0, big.data(), 4, cols, cols).is_ok());  // grow, then shrink
  const auto x = testing::normal_row(rng, cols);
  ASSERT_TRUE(xq.quantize(GgmlType::Q8_0, x.data(), cols).is_ok());
  EXPECT_EQ(xq.tokens(), 1);
  std::vector<float> y(rows);
  matvec_rows(*W, xq, y.data(), 0, rows);
  const auto xd = testing::dequantized(GgmlType::Q8_0, xq.row(0), cols);
  for (int64_t r = 0; r < rows; ++r) {
    const auto ref =
        testing::float_dot(testing::dequantized(GgmlType::Q8_0, w.data() + r * stride, cols), xd);
    EXPECT_NEAR(y[r], ref.dot, 1e-5 * ref.abs);
  }
}

TEST(MatvecTest, BadGeometryIsAnError) {
  std::vector<uint8_t> w(4096);
  EXPECT_FALSE(TensorView::make(GgmlType::Q4_K, w.data(), 2, 100).is_ok());
  EXPECT_FALSE(TensorView::make(GgmlType::Q4_0, w.data(), 2, 64, 10).is_ok());  // stride too short
  EXPECT_FALSE(TensorView::make(GgmlType::Q2_K, w.data(), 2, 256).is_ok());
  EXPECT_FALSE(TensorView::make(GgmlType::Q8_K, w.data(), 2, 256).is_ok());  // activation type
  EXPECT_FALSE(TensorView::make(GgmlType::F32, nullptr, 2, 8).is_ok());
  auto ok = TensorView::make(GgmlType::Q4_0, w.data(), 2, 64);
  ASSERT_TRUE(ok.is_ok());
  EXPECT_EQ(ok->row_bytes, 36u);
  QuantizedActivations xq;
  std::vector<float> x(300, 1.0f);
  EXPECT_FALSE(xq.quantize(GgmlType::Q4_K, x.data(), 100).is_ok());
  EXPECT_FALSE(xq.quantize(GgmlType::Q2_K, x.data(), 256).is_ok());
  EXPECT_FALSE(xq.quantize(GgmlType::Q4_0, x.data(), 2, 64, 32).is_ok());  // stride < cols
}

}  // namespace
}  // namespace chorus::model
