// Repacking of Q4_0, Q8_0, Q4_K and Q6_K matrices into their eight-row interleaved layouts
// (block_q4_0x8 ... block_q6_Kx8) and the scalar references of their dot products.
#include <cmath>
#include <cstring>

#include "model/quant/blocks.h"
#include "model/quant/k_scales.h"
#include "model/quant/kernels.h"
#include "model/quant/levels.h"
#include "model/quant/quant.h"

namespace chorus::model {
namespace {

// out[32c + 4j + k] = src[j][4c + k] for c < bytes / 4: each run of 32 bytes holds the same 4
// bytes of the 8 rows, in row order.
template <typename T>
void interleave4(const T* const* src, int bytes, T* out) {
  for (int c = 0; c < bytes / 4; ++c)
    for (int j = 0; j < 8; ++j) std::memcpy(out + 32 * c + 4 * j, src[j] + 4 * c, 4);
}

// out[16p + 2j + e] = v[2p + e] for p < n / 2: row j's values in pairs, pair p of the 8 rows
// together (one 16-byte load widens to one int16 pair per row).
template <typename T>
void interleave_pairs(int j, const T* v, int n, T* out) {
  for (int p = 0; p < n / 2; ++p)
    out[16 * p + 2 * j] = v[2 * p], out[16 * p + 2 * j + 1] = v[2 * p + 1];
}

// For each group of 8 rows and each block index i: pack(the 8 rows' blocks i, out block).
template <typename Block, typename BlockX8, typename Pack>
void repack_groups(const TensorView& W, BlockX8* out, Pack pack) {
  const int64_t nb = static_cast<int64_t>(W.row_bytes / sizeof(Block));
  for (int64_t g = 0; g < W.rows / 8; ++g) {
    const Block* rows[8];
    for (int j = 0; j < 8; ++j) rows[j] = reinterpret_cast<const Block*>(W.row(8 * g + j));
    for (int64_t i = 0; i < nb; ++i, ++out) {
      const Block* b[8];
      for (int j = 0; j < 8; ++j) b[j] = rows[j] + i;
      pack(b, *out);
    }
  }
}

// Q4_0 and Q8_0: scales, then the qs runs.
template <typename Block, typename BlockX8>
void repack_legacy(const TensorView& W, void* dst) {
  repack_groups<Block>(W, static_cast<BlockX8*>(dst), [](const Block* const* b, BlockX8& o) {
    const uint8_t* qs[8];
    for (int j = 0; j < 8; ++j)
      o.d[j] = b[j]->d, qs[j] = reinterpret_cast<const uint8_t*>(b[j]->qs);
    interleave4(qs, sizeof(b[0]->qs), reinterpret_cast<uint8_t*>(o.qs));
  });
}

void repack_q4_K(const TensorView& W, void* dst) {
  repack_groups<block_q4_K>(W, static_cast<block_q4_Kx8*>(dst),
                            [](const block_q4_K* const* b, block_q4_Kx8& o) {
                              const uint8_t* qs[8];
                              for (int j = 0; j < 8; ++j) {
                                o.d[j] = b[j]->d, o.dmin[j] = b[j]->dmin, qs[j] = b[j]->qs;
                                uint8_t sc[8], mn[8];
                                unpack_k_scales(b[j]->scales, sc, mn);
                                interleave_pairs(j, sc, 8, o.scales);
                                interleave_pairs(j, mn, 8, o.mins);
                              }
                              interleave4(qs, sizeof(o.qs) / 8, o.qs);
                            });
}

// The stored levels (0..63) regrouped as block_q6_Kx8 documents.
void repack_q6_K(const TensorView& W, void* dst) {
  repack_groups<block_q6_K>(
      W, static_cast<block_q6_Kx8*>(dst), [](const block_q6_K* const* b, block_q6_Kx8& o) {
        for (int j = 0; j < 8; ++j) {
          o.d[j] = b[j]->d;
          interleave_pairs(j, b[j]->scales, 16, o.scales);
          int8_t lv[kQK_K];
          levels_q6_K(*b[j], lv);
          for (int h = 0; h < 2; ++h)
            for (int k = 0; k < 8; ++k)
              for (int e = 0; e < 3; ++e)
                for (int i = 0; i < 4; ++i) {
                  const int base = 128 * h + 4 * k + i;
                  const int v3 = lv[base + 96] + 32;
                  o.q[96 * (8 * h + k) + 32 * e + 4 * j + i] =
                      static_cast<uint8_t>((lv[base + 32 * e] + 32) | ((v3 >> (2 * e)) & 3) << 6);
                }
        }
      });
}

}  // namespace

bool can_repack_x8(const TensorView& W) {
  const bool type_ok = W.type == GgmlType::Q4_0 || W.type == GgmlType::Q8_0 ||
                       W.type == GgmlType::Q4_K || W.type == GgmlType::Q6_K;
  return type_ok && W.layout == WeightLayout::kRows && W.rows % 8 == 0 &&
         W.row_bytes == type_row_bytes(W.type, W.cols);
}

size_t repacked_x8_bytes(const TensorView& W) {
  const size_t bytes = W.row_bytes * static_cast<size_t>(W.rows);
  if (W.type != GgmlType::Q4_K) return bytes;
  return bytes / sizeof(block_q4_K) / 8 * sizeof(block_q4_Kx8);
}

TensorView repack_x8(const TensorView& W, void* dst) {
  TensorView v = W;
  v.data = dst;
  v.row_bytes = W.rows > 0 ? repacked_x8_bytes(W) / static_cast<size_t>(W.rows) : W.row_bytes;
  switch (W.type) {
    case GgmlType::Q4_0:
      repack_legacy<block_q4_0, block_q4_0x8>(W, dst);
      v.layout = WeightLayout::kQ4_0x8;
      break;
    case GgmlType::Q8_0:
      repack_legacy<block_q8_0, block_q8_0x8>(W, dst);
      v.layout = WeightLayout::kQ8_0x8;
      break;
    case GgmlType::Q4_K:
      repack_q4_K(W, dst);
      v.layout = WeightLayout::kQ4_Kx8;
      break;
    default:  // Q6_K (can_repack_x8)
      repack_q6_K(W, dst);
      v.layout = WeightLayout::kQ6_Kx8;
      break;
  }
  return v;
}

namespace kernels {
namespace {

// The shared driver of the references: acc = step(acc, block, j, x block, x block sum) folds one
// block of row j into its float sum, starting from 0, in block order.
template <typename BlockX8, typename XBlock, typename Step>
void dot_x8_ref(int64_t n, const void* w, const void* x, size_t x_stride, const int16_t* xsum,
                int64_t tokens, float* y, int64_t y_stride, Step step) {
  constexpr int64_t kValues = sizeof(XBlock) == sizeof(block_q8_K) ? kQK_K : kQK;
  const int64_t nb = n / kValues;
  const auto* bw = static_cast<const BlockX8*>(w);
  for (int64_t t = 0; t < tokens; ++t) {
    const auto* bx = reinterpret_cast<const XBlock*>(static_cast<const uint8_t*>(x) + t * x_stride);
    for (int j = 0; j < 8; ++j) {
      float acc = 0.0f;
      for (int64_t i = 0; i < nb; ++i)
        acc = step(acc, bw[i], j, bx[i], xsum ? xsum[t * nb + i] : int16_t{0});
      y[t * y_stride + j] = acc;
    }
  }
}

// Q4_0 and Q8_0: the block's exact int32 dot s, times float(d_w) * float(d_x), one fma.
template <typename BlockX8, typename IntDot>
void dot_legacy_x8_ref(int64_t n, const void* w, const void* x, size_t x_stride,
                       const int16_t* xsum, int64_t tokens, float* y, int64_t y_stride,
                       IntDot int_dot) {
  dot_x8_ref<BlockX8, block_q8_0>(
      n, w, x, x_stride, xsum, tokens, y, y_stride,
      [&](float acc, const BlockX8& b, int j, const block_q8_0& bx, int16_t sum) {
        const float scale = fp16_to_fp32(b.d[j]) * fp16_to_fp32(bx.d);
        return std::fma(scale, static_cast<float>(int_dot(b, j, bx, sum)), acc);
      });
}

// Byte r of row j's run array (interleave4's layout).
inline uint8_t row_byte(const uint8_t* runs, int j, int r) {
  return runs[32 * (r / 4) + 4 * j + r % 4];
}

}  // namespace

void dot_q4_0x8_ref(int64_t n, const void* w, const void* x, size_t x_stride, const int16_t* xsum,
                    int64_t tokens, float* y, int64_t y_stride) {
  dot_legacy_x8_ref<block_q4_0x8>(
      n, w, x, x_stride, xsum, tokens, y, y_stride,
      [](const block_q4_0x8& b, int j, const block_q8_0& bx, int16_t sum) {
        int32_t s = 0;
        for (int r = 0; r < 16; ++r) {
          const uint8_t q = row_byte(b.qs, j, r);
          s += (q & 15) * bx.qs[r] + (q >> 4) * bx.qs[16 + r];
        }
        return s - 8 * sum;
      });
}

void dot_q8_0x8_ref(int64_t n, const void* w, const void* x, size_t x_stride, const int16_t*,
                    int64_t tokens, float* y, int64_t y_stride) {
  dot_legacy_x8_ref<block_q8_0x8>(
      n, w, x, x_stride, nullptr, tokens, y, y_stride,
      [](const block_q8_0x8& b, int j, const block_q8_0& bx, int16_t) {
        int32_t s = 0;
        for (int r = 0; r < 32; ++r)
          s += static_cast<int8_t>(row_byte(reinterpret_cast<const uint8_t*>(b.qs), j, r)) *
               bx.qs[r];
        return s;
      });
}

// Per row and token and super-block: sumi = sum over sub-blocks s of sc[s] * (q_s . x_s), summ =
// sum of mn[s] * (x block sums of s) (both exact int32); acc = fma(float(d) * d_x, sumi, acc),
// then acc = fma(-(float(dmin) * d_x), summ, acc).
void dot_q4_Kx8_ref(int64_t n, const void* w, const void* x, size_t x_stride, const int16_t*,
                    int64_t tokens, float* y, int64_t y_stride) {
  dot_x8_ref<block_q4_Kx8, block_q8_K>(
      n, w, x, x_stride, nullptr, tokens, y, y_stride,
      [](float acc, const block_q4_Kx8& b, int j, const block_q8_K& bx, int16_t) {
        int32_t sumi = 0, summ = 0;
        for (int s = 0; s < 8; ++s) {
          int32_t dot = 0;
          for (int l = 0; l < 32; ++l) {
            const uint8_t q = row_byte(b.qs, j, 32 * (s / 2) + l);
            dot += (s % 2 ? q >> 4 : q & 15) * bx.qs[32 * s + l];
          }
          const int p = 16 * (s / 2) + 2 * j + s % 2;  // interleave_pairs' layout
          sumi += b.scales[p] * dot;
          summ += b.mins[p] * (bx.bsums[2 * s] + bx.bsums[2 * s + 1]);
        }
        acc = std::fma(fp16_to_fp32(b.d[j]) * bx.d, static_cast<float>(sumi), acc);
        return std::fma(-(fp16_to_fp32(b.dmin[j]) * bx.d), static_cast<float>(summ), acc);
      });
}

// Per row and token and super-block: sumi = sum over sub-blocks s of sc[s] * (u_s . x_s - 32 *
// x block sum s), u the stored levels 0..63 (exact int32); acc = fma(float(d) * d_x, sumi, acc).
void dot_q6_Kx8_ref(int64_t n, const void* w, const void* x, size_t x_stride, const int16_t*,
                    int64_t tokens, float* y, int64_t y_stride) {
  dot_x8_ref<block_q6_Kx8, block_q8_K>(
      n, w, x, x_stride, nullptr, tokens, y, y_stride,
      [](float acc, const block_q6_Kx8& b, int j, const block_q8_K& bx, int16_t) {
        int32_t sumi = 0;
        for (int s = 0; s < 16; ++s) {
          int32_t dot = 0;
          for (int l = 0; l < 16; ++l) {
            const int e = 16 * s + l, h = e / 128, u = e % 128 / 32, k = e % 32 / 4;
            const uint8_t* at = b.q + 96 * (8 * h + k) + 4 * j + e % 4;  // + 32 * (0, 1, 2)
            const int level =
                u < 3 ? at[32 * u] & 63 : (at[0] >> 6) | (at[32] >> 6) << 2 | (at[64] >> 6) << 4;
            dot += level * bx.qs[e];
          }
          sumi += b.scales[16 * (s / 2) + 2 * j + s % 2] * (dot - 32 * bx.bsums[s]);
        }
        return std::fma(fp16_to_fp32(b.d[j]) * bx.d, static_cast<float>(sumi), acc);
      });
}

}  // namespace kernels
}  // namespace chorus::model
