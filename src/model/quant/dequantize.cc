// Scalar reference dequantization of every supported type: the executable form of blocks.h.
#include <cstring>

#include "model/quant/blocks.h"
#include "model/quant/fp16.h"
#include "model/quant/k_scales.h"
#include "model/quant/kernels.h"
#include "model/quant/levels.h"

namespace chorus::model::kernels {

void dequantize_f32(const void* src, float* dst, int64_t n) {
  std::memcpy(dst, src, static_cast<size_t>(n) * sizeof(float));
}

void dequantize_f16(const void* src, float* dst, int64_t n) {
  const auto* h = static_cast<const uint16_t*>(src);
  for (int64_t i = 0; i < n; ++i) dst[i] = fp16_to_fp32(h[i]);
}

void dequantize_bf16(const void* src, float* dst, int64_t n) {
  const auto* h = static_cast<const uint16_t*>(src);
  for (int64_t i = 0; i < n; ++i) dst[i] = bf16_to_fp32(h[i]);
}

void dequantize_q4_0(const void* src, float* dst, int64_t n) {
  const auto* b = static_cast<const block_q4_0*>(src);
  int8_t q[kQK];
  for (int64_t i = 0; i < n / kQK; ++i, dst += kQK) {
    levels_q4_0(b[i], q);
    const float d = fp16_to_fp32(b[i].d);
    for (int j = 0; j < kQK; ++j) dst[j] = d * static_cast<float>(q[j]);
  }
}

void dequantize_q4_1(const void* src, float* dst, int64_t n) {
  const auto* b = static_cast<const block_q4_1*>(src);
  int8_t q[kQK];
  for (int64_t i = 0; i < n / kQK; ++i, dst += kQK) {
    levels_q4_1(b[i], q);
    const float d = fp16_to_fp32(b[i].d), m = fp16_to_fp32(b[i].m);
    for (int j = 0; j < kQK; ++j) dst[j] = d * static_cast<float>(q[j]) + m;
  }
}

void dequantize_q5_0(const void* src, float* dst, int64_t n) {
  const auto* b = static_cast<const block_q5_0*>(src);
  int8_t q[kQK];
  for (int64_t i = 0; i < n / kQK; ++i, dst += kQK) {
    levels_q5_0(b[i], q);
    const float d = fp16_to_fp32(b[i].d);
    for (int j = 0; j < kQK; ++j) dst[j] = d * static_cast<float>(q[j]);
  }
}

void dequantize_q8_0(const void* src, float* dst, int64_t n) {
  const auto* b = static_cast<const block_q8_0*>(src);
  for (int64_t i = 0; i < n / kQK; ++i, dst += kQK) {
    const float d = fp16_to_fp32(b[i].d);
    for (int j = 0; j < kQK; ++j) dst[j] = d * static_cast<float>(b[i].qs[j]);
  }
}

// Q4_K and Q5_K share everything but the fifth bit; qh == nullptr means Q4_K.
static void dequantize_k_block(uint16_t d16, uint16_t dmin16, const uint8_t* scales,
                               const uint8_t* qh, const uint8_t* qs, float* dst) {
  const float d = fp16_to_fp32(d16), dmin = fp16_to_fp32(dmin16);
  uint8_t sc[8], mn[8];
  unpack_k_scales(scales, sc, mn);
  int8_t q[kQK_K];
  levels_k(qs, qh, q);
  for (int s = 0; s < 8; ++s) {
    const float scale = d * sc[s], min = dmin * mn[s];
    for (int l = 0; l < 32; ++l) dst[32 * s + l] = scale * static_cast<float>(q[32 * s + l]) - min;
  }
}

void dequantize_q4_K(const void* src, float* dst, int64_t n) {
  const auto* b = static_cast<const block_q4_K*>(src);
  for (int64_t i = 0; i < n / kQK_K; ++i, dst += kQK_K)
    dequantize_k_block(b[i].d, b[i].dmin, b[i].scales, nullptr, b[i].qs, dst);
}

void dequantize_q5_K(const void* src, float* dst, int64_t n) {
  const auto* b = static_cast<const block_q5_K*>(src);
  for (int64_t i = 0; i < n / kQK_K; ++i, dst += kQK_K)
    dequantize_k_block(b[i].d, b[i].dmin, b[i].scales, b[i].qh, b[i].qs, dst);
}

void dequantize_q6_K(const void* src, float* dst, int64_t n) {
  const auto* b = static_cast<const block_q6_K*>(src);
  int8_t q[kQK_K];
  for (int64_t i = 0; i < n / kQK_K; ++i, dst += kQK_K) {
    levels_q6_K(b[i], q);
    const float d = fp16_to_fp32(b[i].d);
    for (int j = 0; j < kQK_K; ++j) dst[j] = d * b[i].scales[j / 16] * static_cast<float>(q[j]);
  }
}

void dequantize_q8_K(const void* src, float* dst, int64_t n) {
  const auto* b = static_cast<const block_q8_K*>(src);
  for (int64_t i = 0; i < n / kQK_K; ++i, dst += kQK_K)
    for (int j = 0; j < kQK_K; ++j) dst[j] = b[i].d * static_cast<float>(b[i].qs[j]);
}

}  // namespace chorus::model::kernels
