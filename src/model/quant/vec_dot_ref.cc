// Scalar reference dot products: integer sums per block, scaled as ggml's scalar kernels do.
// Float weights are dotted with F32 activations, accumulating in double.
#include "model/quant/blocks.h"
#include "model/quant/fp16.h"
#include "model/quant/k_scales.h"
#include "model/quant/kernels.h"
#include "model/quant/levels.h"

namespace chorus::model::kernels {
namespace {

template <typename ToFloat>
float dot_float_weights(int64_t n, const uint16_t* w, const float* x, ToFloat to_float) {
  double sum = 0;
  for (int64_t i = 0; i < n; ++i) sum += static_cast<double>(to_float(w[i])) * x[i];
  return static_cast<float>(sum);
}

int dot_levels(const int8_t* a, const int8_t* b, int n) {
  int sum = 0;
  for (int i = 0; i < n; ++i) sum += a[i] * b[i];
  return sum;
}

// The 32-element weight types against Q8_0: Unpack(block, levels) fills 32 levels and
// Scale(block, dx, sumi, sumx) turns the integer sums into the block's float contribution.
template <typename Block, typename Unpack, typename Scale>
float dot_q8_0_blocks(int64_t n, const void* w, const void* x, Unpack unpack, Scale scale) {
  const auto* bw = static_cast<const Block*>(w);
  const auto* bx = static_cast<const block_q8_0*>(x);
  float sum = 0;
  int8_t q[kQK];
  for (int64_t i = 0; i < n / kQK; ++i) {
    unpack(bw[i], q);
    const int sumi = dot_levels(q, bx[i].qs, kQK);
    int sumx = 0;
    for (int j = 0; j < kQK; ++j) sumx += bx[i].qs[j];
    sum += scale(bw[i], fp16_to_fp32(bx[i].d), sumi, sumx);
  }
  return sum;
}

// Q4_K / Q5_K against Q8_K; qh_of(block) is nullptr for Q4_K.
template <typename Block, typename QhOf>
float dot_k_affine(int64_t n, const void* w, const void* x, QhOf qh_of) {
  const auto* bw = static_cast<const Block*>(w);
  const auto* bx = static_cast<const block_q8_K*>(x);
  float sum = 0;
  int8_t q[kQK_K];
  for (int64_t i = 0; i < n / kQK_K; ++i) {
    uint8_t sc[8], mn[8];
    unpack_k_scales(bw[i].scales, sc, mn);
    levels_k(bw[i].qs, qh_of(bw[i]), q);
    int sumi = 0, summ = 0;
    for (int s = 0; s < 8; ++s) {
      sumi += sc[s] * dot_levels(q + 32 * s, bx[i].qs + 32 * s, 32);
      summ += mn[s] * (bx[i].bsums[2 * s] + bx[i].bsums[2 * s + 1]);
    }
    sum += fp16_to_fp32(bw[i].d) * bx[i].d * static_cast<float>(sumi) -
           fp16_to_fp32(bw[i].dmin) * bx[i].d * static_cast<float>(summ);
  }
  return sum;
}

}  // namespace

float vec_dot_f32_ref(int64_t n, const void* w, const void* x) {
  const auto* a = static_cast<const float*>(w);
  const auto* b = static_cast<const float*>(x);
  double sum = 0;
  for (int64_t i = 0; i < n; ++i) sum += static_cast<double>(a[i]) * b[i];
  return static_cast<float>(sum);
}

float vec_dot_f16_ref(int64_t n, const void* w, const void* x) {
  return dot_float_weights(n, static_cast<const uint16_t*>(w), static_cast<const float*>(x),
                           fp16_to_fp32);
}

float vec_dot_bf16_ref(int64_t n, const void* w, const void* x) {
  return dot_float_weights(n, static_cast<const uint16_t*>(w), static_cast<const float*>(x),
                           bf16_to_fp32);
}

float vec_dot_q4_0_ref(int64_t n, const void* w, const void* x) {
  return dot_q8_0_blocks<block_q4_0>(n, w, x, levels_q4_0,
                                     [](const block_q4_0& b, float dx, int sumi, int) {
                                       return fp16_to_fp32(b.d) * dx * static_cast<float>(sumi);
                                     });
}

float vec_dot_q4_1_ref(int64_t n, const void* w, const void* x) {
  return dot_q8_0_blocks<block_q4_1>(n, w, x, levels_q4_1,
                                     [](const block_q4_1& b, float dx, int sumi, int sumx) {
                                       return fp16_to_fp32(b.d) * dx * static_cast<float>(sumi) +
                                              fp16_to_fp32(b.m) * dx * static_cast<float>(sumx);
                                     });
}

float vec_dot_q5_0_ref(int64_t n, const void* w, const void* x) {
  return dot_q8_0_blocks<block_q5_0>(n, w, x, levels_q5_0,
                                     [](const block_q5_0& b, float dx, int sumi, int) {
                                       return fp16_to_fp32(b.d) * dx * static_cast<float>(sumi);
                                     });
}

float vec_dot_q8_0_ref(int64_t n, const void* w, const void* x) {
  return dot_q8_0_blocks<block_q8_0>(
      n, w, x, [](const block_q8_0& b, int8_t* q) { std::memcpy(q, b.qs, kQK); },
      [](const block_q8_0& b, float dx, int sumi, int) {
        return fp16_to_fp32(b.d) * dx * static_cast<float>(sumi);
      });
}

float vec_dot_q4_K_ref(int64_t n, const void* w, const void* x) {
  return dot_k_affine<block_q4_K>(n, w, x,
                                  [](const block_q4_K&) -> const uint8_t* { return nullptr; });
}

float vec_dot_q5_K_ref(int64_t n, const void* w, const void* x) {
  return dot_k_affine<block_q5_K>(n, w, x, [](const block_q5_K& b) { return b.qh; });
}

float vec_dot_q6_K_ref(int64_t n, const void* w, const void* x) {
  const auto* bw = static_cast<const block_q6_K*>(w);
  const auto* bx = static_cast<const block_q8_K*>(x);
  float sum = 0;
  int8_t q[kQK_K];
  for (int64_t i = 0; i < n / kQK_K; ++i) {
    levels_q6_K(bw[i], q);
    int sumi = 0;
    for (int s = 0; s < 16; ++s)
      sumi += bw[i].scales[s] * dot_levels(q + 16 * s, bx[i].qs + 16 * s, 16);
    sum += fp16_to_fp32(bw[i].d) * bx[i].d * static_cast<float>(sumi);
  }
  return sum;
}

}  // namespace chorus::model::kernels
