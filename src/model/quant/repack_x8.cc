// Repacking of Q4_0 and Q8_0 matrices into their eight-row interleaved layouts (block_q4_0x8,
// block_q8_0x8) and the scalar references of their dot products.
#include <cmath>
#include <cstring>

#include "model/quant/blocks.h"
#include "model/quant/kernels.h"
#include "model/quant/quant.h"

namespace chorus::model {
namespace {

// Interleaves 8 rows of Block into BlockX8: scales first, then runs of 32 bytes, run c holding
// bytes 4c .. 4c + 3 of each row's qs in row order.
template <typename Block, typename BlockX8>
void interleave_rows(const TensorView& W, BlockX8* out) {
  constexpr int kRuns = sizeof(Block::qs) / 4;
  static_assert(sizeof(BlockX8::qs) == 8 * sizeof(Block::qs));
  const int64_t nb = W.cols / kQK;
  for (int64_t g = 0; g < W.rows / 8; ++g) {
    const Block* rows[8];
    for (int j = 0; j < 8; ++j) rows[j] = reinterpret_cast<const Block*>(W.row(8 * g + j));
    for (int64_t i = 0; i < nb; ++i, ++out) {
      for (int j = 0; j < 8; ++j) {
        out->d[j] = rows[j][i].d;
        for (int c = 0; c < kRuns; ++c)
          std::memcpy(out->qs + 32 * c + 4 * j, rows[j][i].qs + 4 * c, 4);
      }
    }
  }
}

}  // namespace

bool can_repack_x8(const TensorView& W) {
  return (W.type == GgmlType::Q4_0 || W.type == GgmlType::Q8_0) &&
         W.layout == WeightLayout::kRows && W.rows % 8 == 0 &&
         W.row_bytes == type_row_bytes(W.type, W.cols);
}

TensorView repack_x8(const TensorView& W, void* dst) {
  TensorView v = W;
  v.data = dst;
  if (W.type == GgmlType::Q4_0) {
    interleave_rows<block_q4_0>(W, static_cast<block_q4_0x8*>(dst));
    v.layout = WeightLayout::kQ4_0x8;
  } else {
    interleave_rows<block_q8_0>(W, static_cast<block_q8_0x8*>(dst));
    v.layout = WeightLayout::kQ8_0x8;
  }
  return v;
}

namespace kernels {
namespace {

// The shared driver of the references: int_dot(block, j, x block, x block sum) is the exact
// int32 dot of row j's block with the activation block.
template <typename BlockX8, typename IntDot>
void dot_x8_ref(int64_t n, const void* w, const void* x, size_t x_stride, const int16_t* xsum,
                int64_t tokens, float* y, int64_t y_stride, IntDot int_dot) {
  const int64_t nb = n / kQK;
  const auto* bw = static_cast<const BlockX8*>(w);
  for (int64_t t = 0; t < tokens; ++t) {
    const auto* bx =
        reinterpret_cast<const block_q8_0*>(static_cast<const uint8_t*>(x) + t * x_stride);
    for (int j = 0; j < 8; ++j) {
      float acc = 0.0f;
      for (int64_t i = 0; i < nb; ++i) {
        const int32_t s = int_dot(bw[i], j, bx[i], xsum ? xsum[t * nb + i] : 0);
        const float scale = fp16_to_fp32(bw[i].d[j]) * fp16_to_fp32(bx[i].d);
        acc = std::fma(scale, static_cast<float>(s), acc);
      }
      y[t * y_stride + j] = acc;
    }
  }
}

}  // namespace

void dot_q4_0x8_ref(int64_t n, const void* w, const void* x, size_t x_stride, const int16_t* xsum,
                    int64_t tokens, float* y, int64_t y_stride) {
  dot_x8_ref<block_q4_0x8>(n, w, x, x_stride, xsum, tokens, y, y_stride,
                           [](const block_q4_0x8& b, int j, const block_q8_0& bx, int16_t sum) {
                             int32_t s = 0;
                             for (int c = 0; c < 4; ++c) {
                               for (int k = 0; k < 4; ++k) {
                                 const uint8_t q = b.qs[32 * c + 4 * j + k];
                                 s +=
                                     (q & 15) * bx.qs[4 * c + k] + (q >> 4) * bx.qs[16 + 4 * c + k];
                               }
                             }
                             return s - 8 * sum;
                           });
}

void dot_q8_0x8_ref(int64_t n, const void* w, const void* x, size_t x_stride, const int16_t*,
                    int64_t tokens, float* y, int64_t y_stride) {
  dot_x8_ref<block_q8_0x8>(n, w, x, x_stride, nullptr, tokens, y, y_stride,
                           [](const block_q8_0x8& b, int j, const block_q8_0& bx, int16_t) {
                             int32_t s = 0;
                             for (int c = 0; c < 8; ++c)
                               for (int k = 0; k < 4; ++k)
                                 s += b.qs[32 * c + 4 * j + k] * bx.qs[4 * c + k];
                             return s;
                           });
}

}  // namespace kernels
}  // namespace chorus::model
