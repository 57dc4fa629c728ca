// Scalar reference quantizers of the float types, the 32-element types and Q8_K. Rounding follows
// ggml's reference quantizers so that files we write quantize like files others write.
#include <algorithm>
#include <cmath>
#include <cstring>

#include "model/quant/blocks.h"
#include "model/quant/fp16.h"
#include "model/quant/kernels.h"

namespace chorus::model::kernels {
namespace {

// The element of largest magnitude, with its sign (0 for an all-zero block).
float signed_absmax(const float* x, int n) {
  float amax = 0.0f, max = 0.0f;
  for (int j = 0; j < n; ++j) {
    if (std::fabs(x[j]) > amax) {
      amax = std::fabs(x[j]);
      max = x[j];
    }
  }
  return max;
}

// floor(v) clamped to [0, top]; NaN gives 0. Callers add 0.5 to round to nearest.
int to_level(float v, int top) {
  return static_cast<int>(std::fmin(std::fmax(v, 0.0f), static_cast<float>(top)));
}

// v rounded to nearest (ties to even), saturated to [-128, 127]; NaN gives -128 like the AVX2
// variant.
int8_t round_to_int8(float v) {
  return static_cast<int8_t>(std::fmin(std::fmax(std::nearbyint(v), -128.0f), 127.0f));
}

// Symmetric quantization of a 32-block to unsigned levels [0, 2^bits) with zero at 2^(bits-1):
// the largest-magnitude element maps to level 0 exactly. Returns the scale.
float quantize_symmetric_block(const float* x, int bits, uint8_t* q) {
  const int zero = 1 << (bits - 1), top = (1 << bits) - 1;
  const float d = signed_absmax(x, kQK) / static_cast<float>(-zero);
  const float id = d != 0.0f ? 1.0f / d : 0.0f;
  for (int j = 0; j < kQK; ++j)
    q[j] = static_cast<uint8_t>(to_level(x[j] * id + static_cast<float>(zero) + 0.5f, top));
  return d;
}

}  // namespace

void quantize_f32(const float* src, void* dst, int64_t n) {
  std::memcpy(dst, src, static_cast<size_t>(n) * sizeof(float));
}

void quantize_f16(const float* src, void* dst, int64_t n) {
  fp32_to_fp16_row(src, static_cast<uint16_t*>(dst), n);
}

void quantize_bf16(const float* src, void* dst, int64_t n) {
  fp32_to_bf16_row(src, static_cast<uint16_t*>(dst), n);
}

void quantize_q4_0(const float* src, void* dst, int64_t n) {
  auto* b = static_cast<block_q4_0*>(dst);
  for (int64_t i = 0; i < n / kQK; ++i, src += kQK) {
    uint8_t q[kQK];
    b[i].d = fp32_to_fp16(quantize_symmetric_block(src, 4, q));
    for (int j = 0; j < kQK / 2; ++j) b[i].qs[j] = static_cast<uint8_t>(q[j] | (q[j + 16] << 4));
  }
}

void quantize_q5_0(const float* src, void* dst, int64_t n) {
  auto* b = static_cast<block_q5_0*>(dst);
  for (int64_t i = 0; i < n / kQK; ++i, src += kQK) {
    uint8_t q[kQK];
    b[i].d = fp32_to_fp16(quantize_symmetric_block(src, 5, q));
    uint32_t qh = 0;
    for (int j = 0; j < kQK / 2; ++j) {
      b[i].qs[j] = static_cast<uint8_t>((q[j] & 0xf) | ((q[j + 16] & 0xf) << 4));
      qh |= static_cast<uint32_t>(q[j] >> 4) << j;
      qh |= static_cast<uint32_t>(q[j + 16] >> 4) << (j + 16);
    }
    std::memcpy(b[i].qh, &qh, 4);
  }
}

void quantize_q4_1(const float* src, void* dst, int64_t n) {
  auto* b = static_cast<block_q4_1*>(dst);
  for (int64_t i = 0; i < n / kQK; ++i, src += kQK) {
    const auto [lo, hi] = std::minmax_element(src, src + kQK);
    const float min = *lo, d = (*hi - *lo) / 15.0f;
    const float id = d != 0.0f ? 1.0f / d : 0.0f;
    b[i].d = fp32_to_fp16(d);
    b[i].m = fp32_to_fp16(min);
    for (int j = 0; j < kQK / 2; ++j) {
      const int q0 = to_level((src[j] - min) * id + 0.5f, 15);
      const int q1 = to_level((src[j + 16] - min) * id + 0.5f, 15);
      b[i].qs[j] = static_cast<uint8_t>(q0 | (q1 << 4));
    }
  }
}

void quantize_q8_0(const float* src, void* dst, int64_t n) {
  auto* b = static_cast<block_q8_0*>(dst);
  for (int64_t i = 0; i < n / kQK; ++i, src += kQK) {
    float amax = 0.0f;
    for (int j = 0; j < kQK; ++j) amax = std::max(amax, std::fabs(src[j]));
    const float d = amax / 127.0f, id = d != 0.0f ? 1.0f / d : 0.0f;
    b[i].d = fp32_to_fp16(d);
    for (int j = 0; j < kQK; ++j) b[i].qs[j] = round_to_int8(src[j] * id);
  }
}

void quantize_q8_K(const float* src, void* dst, int64_t n) {
  auto* b = static_cast<block_q8_K*>(dst);
  for (int64_t i = 0; i < n / kQK_K; ++i, src += kQK_K) {
    // The extreme of larger magnitude (the maximum on a tie), order-independent so that vector
    // variants find the same one.
    const auto [lo, hi] = std::minmax_element(src, src + kQK_K);
    const float max = *hi >= -*lo ? *hi : *lo;
    if (max == 0.0f) {
      std::memset(&b[i], 0, sizeof(block_q8_K));
      continue;
    }
    const float iscale = -128.0f / max;  // the largest magnitude maps to -128
    for (int j = 0; j < kQK_K; ++j) b[i].qs[j] = round_to_int8(iscale * src[j]);
    for (int g = 0; g < kQK_K / 16; ++g) {
      int sum = 0;
      for (int l = 0; l < 16; ++l) sum += b[i].qs[16 * g + l];
      b[i].bsums[g] = static_cast<int16_t>(sum);
    }
    b[i].d = 1.0f / iscale;
  }
}

}  // namespace chorus::model::kernels
