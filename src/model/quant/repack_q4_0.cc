// Repacking of Q4_0 matrices into the eight-row interleaved layout (block_q4_0x8) and the scalar
// reference of its dot product.
#include <cmath>
#include <cstring>

#include "model/quant/blocks.h"
#include "model/quant/kernels.h"
#include "model/quant/quant.h"

namespace chorus::model {

bool can_repack_q4_0x8(const TensorView& W) {
  return W.type == GgmlType::Q4_0 && W.layout == WeightLayout::kRows && W.rows % 8 == 0 &&
         W.row_bytes == type_row_bytes(GgmlType::Q4_0, W.cols);
}

TensorView repack_q4_0x8(const TensorView& W, void* dst) {
  const int64_t nb = W.cols / kQK;
  auto* out = static_cast<block_q4_0x8*>(dst);
  for (int64_t g = 0; g < W.rows / 8; ++g) {
    const block_q4_0* rows[8];
    for (int j = 0; j < 8; ++j) rows[j] = reinterpret_cast<const block_q4_0*>(W.row(8 * g + j));
    for (int64_t i = 0; i < nb; ++i, ++out) {
      for (int j = 0; j < 8; ++j) {
        out->d[j] = rows[j][i].d;
        for (int c = 0; c < 4; ++c) std::memcpy(out->qs + 32 * c + 4 * j, rows[j][i].qs + 4 * c, 4);
      }
    }
  }
  TensorView v = W;
  v.data = dst;
  v.layout = WeightLayout::kQ4_0x8;
  return v;
}

namespace kernels {

void dot_q4_0x8_ref(int64_t n, const void* w, const void* x, size_t x_stride, const int16_t* xsum,
                    int64_t tokens, float* y, int64_t y_stride) {
  const int64_t nb = n / kQK;
  const auto* bw = static_cast<const block_q4_0x8*>(w);
  for (int64_t t = 0; t < tokens; ++t) {
    const auto* bx =
        reinterpret_cast<const block_q8_0*>(static_cast<const uint8_t*>(x) + t * x_stride);
    const int16_t* sums = xsum + t * nb;
    for (int j = 0; j < 8; ++j) {
      float acc = 0.0f;
      for (int64_t i = 0; i < nb; ++i) {
        int32_t s = 0;
        for (int c = 0; c < 4; ++c) {
          for (int k = 0; k < 4; ++k) {
            const uint8_t q = bw[i].qs[32 * c + 4 * j + k];
            s += (q & 15) * bx[i].qs[4 * c + k] + (q >> 4) * bx[i].qs[16 + 4 * c + k];
          }
        }
        s -= 8 * sums[i];
        const float scale = fp16_to_fp32(bw[i].d[j]) * fp16_to_fp32(bx[i].d);
        acc = std::fma(scale, static_cast<float>(s), acc);
      }
      y[t * y_stride + j] = acc;
    }
  }
}

}  // namespace kernels
}  // namespace chorus::model
