// TensorView checks, activation quantization and the matrix-vector / matrix-matrix loops.
#include <algorithm>
#include <cassert>
#include <string>

#include "model/quant/blocks.h"
#include "model/quant/kernels.h"
#include "model/quant/quant.h"

namespace chorus::model {
namespace {

// matmul_rows works on tiles of kTokenTile tokens (their activations, ~4 KiB per token for 4096
// columns, stay in L2) by kRowTile weight rows (a few KiB each, kept in L1 while each token of the
// tile is dotted with them), so weights are read from memory once per token tile.
constexpr int64_t kRowTile = 8;
constexpr int64_t kTokenTile = 64;

void check_operands(const TensorView& W, const QuantizedActivations& X, int64_t r0, int64_t r1) {
  assert(X.weight_type() == W.type && X.cols() == W.cols && "activations quantized for another W");
  assert(0 <= r0 && r0 <= r1 && r1 <= W.rows);
  (void)W, (void)X, (void)r0, (void)r1;
}

bool interleaved(const TensorView& W) {
  return W.layout != WeightLayout::kRows;
}

// The fastest variant of an interleaved layout's kernel.
kernels::DotX8Fn dot_x8(WeightLayout layout) {
  using namespace kernels;
  static const bool vnni = cpu_has_avx512_vnni(), avx2 = cpu_supports(KernelIsa::kAvx2);
  switch (layout) {
    case WeightLayout::kQ4_0x8:
      return vnni ? dot_q4_0x8_avx512vnni : avx2 ? dot_q4_0x8_avx2 : dot_q4_0x8_ref;
    case WeightLayout::kQ8_0x8:
      return vnni ? dot_q8_0x8_avx512vnni : avx2 ? dot_q8_0x8_avx2 : dot_q8_0x8_ref;
    case WeightLayout::kQ4_Kx8:
      return vnni ? dot_q4_Kx8_avx512vnni : avx2 ? dot_q4_Kx8_avx2 : dot_q4_Kx8_ref;
    default:  // kQ6_Kx8
      return vnni ? dot_q6_Kx8_avx512vnni : avx2 ? dot_q6_Kx8_avx2 : dot_q6_Kx8_ref;
  }
}

// Rows [r0, r1) (multiples of 8) of an interleaved view against tokens [t0, t1) of X.
void repacked_rows(const TensorView& W, const QuantizedActivations& X, float* Y, int64_t y_stride,
                   int64_t r0, int64_t r1, int64_t t0, int64_t t1) {
  assert(r0 % 8 == 0 && r1 % 8 == 0);
  const kernels::DotX8Fn dot = dot_x8(W.layout);
  const auto* base = static_cast<const uint8_t*>(W.data);
  const bool legacy = W.layout == WeightLayout::kQ4_0x8 || W.layout == WeightLayout::kQ8_0x8;
  const int16_t* sums = legacy ? X.block_sums(t0) : nullptr;  // Q8_K blocks carry their sums
  for (int64_t r = r0; r < r1; r += 8)
    dot(W.cols, base + static_cast<size_t>(r) * W.row_bytes, X.row(t0), X.row_bytes(), sums,
        t1 - t0, Y + t0 * y_stride + r, y_stride);
}

}  // namespace

Result<TensorView> TensorView::make(GgmlType type, const void* data, int64_t rows, int64_t cols,
                                    size_t row_bytes) {
  const TypeTraits* t = type_traits(type);
  if (!t || !t->vec_dot)
    return invalid_argument("tensor type " + std::to_string(static_cast<uint32_t>(type)) +
                            " cannot be used as a weight matrix");
  if (rows < 0 || cols <= 0 || cols % t->block_size != 0)
    return invalid_argument("tensor of " + std::to_string(rows) + " x " + std::to_string(cols) +
                            ": columns must be a positive multiple of the block size " +
                            std::to_string(t->block_size));
  const size_t dense = type_row_bytes(type, cols);
  if (row_bytes == 0) row_bytes = dense;
  if (row_bytes < dense)
    return invalid_argument("tensor row stride " + std::to_string(row_bytes) +
                            " bytes is shorter than a row (" + std::to_string(dense) + " bytes)");
  if (!data && rows > 0) return invalid_argument("tensor has no data");
  return TensorView{type, data, rows, cols, row_bytes};
}

Status QuantizedActivations::quantize(GgmlType weight_type, const float* x, int64_t tokens,
                                      int64_t cols, int64_t x_stride) {
  const TypeTraits* w = type_traits(weight_type);
  if (!w || !w->vec_dot)
    return invalid_argument("no dot product for weight type " +
                            std::to_string(static_cast<uint32_t>(weight_type)));
  const TypeTraits* a = type_traits(w->vec_dot_type);
  if (tokens < 0 || cols <= 0 || cols % a->block_size != 0 || x_stride < cols)
    return invalid_argument("activations of " + std::to_string(tokens) + " x " +
                            std::to_string(cols) + " (stride " + std::to_string(x_stride) +
                            "): columns must be a positive multiple of " +
                            std::to_string(a->block_size) + " and <= stride");
  type_ = w->vec_dot_type;
  weight_type_ = weight_type;
  tokens_ = tokens;
  cols_ = cols;
  row_bytes_ = type_row_bytes(type_, cols);
  if (buf_.size() < row_bytes_ * static_cast<size_t>(tokens)) buf_.resize(row_bytes_ * tokens);
  for (int64_t t = 0; t < tokens; ++t)
    w->quantize_act(x + t * x_stride, buf_.data() + t * row_bytes_, cols);
  if (weight_type == GgmlType::Q4_0 || weight_type == GgmlType::Q8_0) {
    const size_t blocks = static_cast<size_t>(tokens * (cols / kQK));
    if (sums_.size() < blocks) sums_.resize(blocks);
    const auto* b = reinterpret_cast<const block_q8_0*>(buf_.data());
    for (size_t i = 0; i < blocks; ++i) {
      int sum = 0;
      for (int k = 0; k < kQK; ++k) sum += b[i].qs[k];
      sums_[i] = static_cast<int16_t>(sum);
    }
  }
  return Status::ok();
}

void matvec_rows(const TensorView& W, const QuantizedActivations& x, float* y, int64_t r0,
                 int64_t r1) {
  check_operands(W, x, r0, r1);
  if (interleaved(W)) return repacked_rows(W, x, y, 0, r0, r1, 0, 1);
  const VecDotFn dot = type_traits(W.type)->vec_dot;
  const void* xr = x.row(0);
  for (int64_t r = r0; r < r1; ++r) y[r] = dot(W.cols, W.row(r), xr);
}

void matmul_rows(const TensorView& W, const QuantizedActivations& X, float* Y, int64_t y_stride,
                 int64_t r0, int64_t r1) {
  check_operands(W, X, r0, r1);
  const VecDotFn dot = type_traits(W.type)->vec_dot;
  for (int64_t tt = 0; tt < X.tokens(); tt += kTokenTile) {
    const int64_t tt_end = std::min(X.tokens(), tt + kTokenTile);
    if (interleaved(W)) {
      for (int64_t rt = r0; rt < r1; rt += kRowTile)
        repacked_rows(W, X, Y, y_stride, rt, std::min(r1, rt + kRowTile), tt, tt_end);
      continue;
    }
    for (int64_t rt = r0; rt < r1; rt += kRowTile) {
      const int64_t rt_end = std::min(r1, rt + kRowTile);
      for (int64_t t = tt; t < tt_end; ++t) {
        const void* xr = X.row(t);
        float* yt = Y + t * y_stride;
        for (int64_t r = rt; r < rt_end; ++r) yt[r] = dot(W.cols, W.row(r), xr);
      }
    }
  }
}

}  // namespace chorus::model
