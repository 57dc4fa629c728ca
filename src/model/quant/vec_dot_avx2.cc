// AVX2 + FMA + F16C dot products of the float types and the 32-element quantized types.
// Integer products are summed per block in int32 (exact), then scaled and accumulated in float.
#include <cstring>

#include "model/quant/blocks.h"
#include "model/quant/kernels.h"
#include "model/quant/simd_avx2.h"

namespace chorus::model::kernels {
namespace {

using namespace avx2;

// Float weights of type T dotted with F32 activations; load8(w + i) widens 8 weights to float,
// scalar(w[i]) one.
template <typename T, typename Load8, typename Scalar>
float dot_float(int64_t n, const T* w, const float* x, Load8 load8, Scalar scalar) {
  __m256 acc[4] = {_mm256_setzero_ps(), _mm256_setzero_ps(), _mm256_setzero_ps(),
                   _mm256_setzero_ps()};
  int64_t i = 0;
  for (; i + 32 <= n; i += 32)
    for (int k = 0; k < 4; ++k)
      acc[k] = _mm256_fmadd_ps(load8(w + i + 8 * k), _mm256_loadu_ps(x + i + 8 * k), acc[k]);
  for (; i + 8 <= n; i += 8) acc[0] = _mm256_fmadd_ps(load8(w + i), _mm256_loadu_ps(x + i), acc[0]);
  float sum = hsum(_mm256_add_ps(_mm256_add_ps(acc[0], acc[1]), _mm256_add_ps(acc[2], acc[3])));
  for (; i < n; ++i) sum += scalar(w[i]) * x[i];
  return sum;
}

__m256 load_f16(const uint16_t* p) {
  return _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
}

__m256 load_bf16(const uint16_t* p) {
  const __m256i wide = _mm256_cvtepu16_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
  return _mm256_castsi256_ps(_mm256_slli_epi32(wide, 16));
}

float bf16_scalar(uint16_t h) {
  const uint32_t bits = static_cast<uint32_t>(h) << 16;
  float f;
  std::memcpy(&f, &bits, 4);
  return f;
}

// Blocks of 32 weights against Q8_0: levels(block) gives the 32 signed levels in element order.
// Two accumulators, so consecutive blocks do not wait on each other's FMA.
template <typename Block, typename Levels>
float dot_symmetric_q8_0(int64_t n, const void* w, const void* x, Levels levels) {
  const auto* bw = static_cast<const Block*>(w);
  const auto* bx = static_cast<const block_q8_0*>(x);
  auto step = [&](int64_t i, __m256 acc) {
    const __m256i p = dot_i8(levels(bw[i]), loadu(bx[i].qs));
    const __m256 d = _mm256_set1_ps(half(bw[i].d) * half(bx[i].d));
    return _mm256_fmadd_ps(d, _mm256_cvtepi32_ps(p), acc);
  };
  __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
  const int64_t nb = n / kQK;
  int64_t i = 0;
  for (; i + 2 <= nb; i += 2) {
    acc0 = step(i, acc0);
    acc1 = step(i + 1, acc1);
  }
  if (i < nb) acc0 = step(i, acc0);
  return hsum(_mm256_add_ps(acc0, acc1));
}

}  // namespace

float vec_dot_f32_avx2(int64_t n, const void* w, const void* x) {
  return dot_float(
      n, static_cast<const float*>(w), static_cast<const float*>(x),
      [](const float* p) { return _mm256_loadu_ps(p); }, [](float v) { return v; });
}

float vec_dot_f16_avx2(int64_t n, const void* w, const void* x) {
  return dot_float(n, static_cast<const uint16_t*>(w), static_cast<const float*>(x), load_f16,
                   half);
}

float vec_dot_bf16_avx2(int64_t n, const void* w, const void* x) {
  return dot_float(n, static_cast<const uint16_t*>(w), static_cast<const float*>(x), load_bf16,
                   bf16_scalar);
}

float vec_dot_q4_0_avx2(int64_t n, const void* w, const void* x) {
  return dot_symmetric_q8_0<block_q4_0>(n, w, x, [](const block_q4_0& b) {
    return _mm256_sub_epi8(unpack_nibbles(b.qs), _mm256_set1_epi8(8));
  });
}

float vec_dot_q5_0_avx2(int64_t n, const void* w, const void* x) {
  return dot_symmetric_q8_0<block_q5_0>(n, w, x, [](const block_q5_0& b) {
    uint32_t qh;
    std::memcpy(&qh, b.qh, 4);
    // Where the fifth bit is clear, OR-ing 0xf0 into the nibble gives nibble - 16 as int8.
    const __m256i high =
        _mm256_andnot_si256(bits_to_bytes(qh), _mm256_set1_epi8(static_cast<char>(0xf0)));
    return _mm256_or_si256(unpack_nibbles(b.qs), high);
  });
}

float vec_dot_q8_0_avx2(int64_t n, const void* w, const void* x) {
  return dot_symmetric_q8_0<block_q8_0>(n, w, x, [](const block_q8_0& b) { return loadu(b.qs); });
}

float vec_dot_q4_1_avx2(int64_t n, const void* w, const void* x) {
  const auto* bw = static_cast<const block_q4_1*>(w);
  const auto* bx = static_cast<const block_q8_0*>(x);
  const __m256i ones = _mm256_set1_epi8(1);
  __m256 acc = _mm256_setzero_ps(), acc_m = _mm256_setzero_ps();
  for (int64_t i = 0; i < n / kQK; ++i) {
    const __m256i y = loadu(bx[i].qs);
    const float dx = half(bx[i].d);
    const __m256i p = dot_u8_i8(unpack_nibbles(bw[i].qs), y);
    const __m256i sy = dot_u8_i8(ones, y);
    acc = _mm256_fmadd_ps(_mm256_set1_ps(half(bw[i].d) * dx), _mm256_cvtepi32_ps(p), acc);
    acc_m = _mm256_fmadd_ps(_mm256_set1_ps(half(bw[i].m) * dx), _mm256_cvtepi32_ps(sy), acc_m);
  }
  return hsum(_mm256_add_ps(acc, acc_m));
}

}  // namespace chorus::model::kernels
