// AVX-512 VNNI (256-bit, AVX512VL) dot products of eight interleaved rows, through the shared
// driver of repack_x8_simd.h: Q4_0 and Q8_0 with Q8_0 activations, Q4_K and Q6_K with Q8_K.
// vpdpbusd sums four unsigned x signed byte products into int32 without intermediate saturation,
// replacing maddubs + madd (+ the sign trick for Q8_0: w + 128 is unsigned, and 128 * the block
// sum of x is taken back); the K-quants sum each sub-block in int32 and multiply it by its scale.
#include "model/quant/blocks.h"
#include "model/quant/kernels.h"
#include "model/quant/repack_k_x8_simd.h"
#include "model/quant/repack_x8_simd.h"

namespace chorus::model::kernels {
namespace {

// Q4_0: levels 0..15 times x, minus 8 * block sum.
struct Q4_0x8Vnni {
  using Block = block_q4_0x8;
  template <int T>
  static void int_dots(const Block& b, const block_q8_0* const* x, const int16_t* sums,
                       __m256i* s32) {
    const __m256i m4 = _mm256_set1_epi8(0x0f);
    for (int t = 0; t < T; ++t) s32[t] = _mm256_set1_epi32(-8 * static_cast<int32_t>(sums[t]));
    for (int c = 0; c < 4; ++c) {
      const __m256i v = avx2::loadu(b.qs + 32 * c);
      const __m256i lo = _mm256_and_si256(v, m4);
      const __m256i hi = _mm256_and_si256(_mm256_srli_epi16(v, 4), m4);
      for (int t = 0; t < T; ++t) {
        s32[t] = _mm256_dpbusd_epi32(s32[t], lo, x8::broadcast4(x[t]->qs + 4 * c));
        s32[t] = _mm256_dpbusd_epi32(s32[t], hi, x8::broadcast4(x[t]->qs + 16 + 4 * c));
      }
    }
  }
};

// Q8_0: (w + 128) times x, minus 128 * block sum.
struct Q8_0x8Vnni {
  using Block = block_q8_0x8;
  template <int T>
  static void int_dots(const Block& b, const block_q8_0* const* x, const int16_t* sums,
                       __m256i* s32) {
    const __m256i bias = _mm256_set1_epi8(static_cast<char>(0x80));
    for (int t = 0; t < T; ++t) s32[t] = _mm256_set1_epi32(-128 * static_cast<int32_t>(sums[t]));
    for (int c = 0; c < 8; ++c) {
      const __m256i u = _mm256_xor_si256(avx2::loadu(b.qs + 32 * c), bias);
      for (int t = 0; t < T; ++t)
        s32[t] = _mm256_dpbusd_epi32(s32[t], u, x8::broadcast4(x[t]->qs + 4 * c));
    }
  }
};

// The K-quant policy (repack_k_x8_simd.h): vpdpbusd sums a sub-block's runs in int32, which
// vpmulld multiplies by the scale (the int16 of pairs_u8 / pairs_i8, sign-extended).
struct VnniSubBlocks {
  static constexpr int runs(int) { return 8; }
  static __m256i zero() { return _mm256_setzero_si256(); }
  static __m256i add(__m256i acc, __m256i levels, __m256i x) {
    return _mm256_dpbusd_epi32(acc, levels, x);
  }
  static __m256i mult(__m256i pairs, bool second) {
    return _mm256_srai_epi32(second ? pairs : _mm256_slli_epi32(pairs, 16), 16);
  }
  static __m256i widen(__m256i acc, __m256i mult) { return _mm256_mullo_epi32(acc, mult); }
};

}  // namespace

void dot_q4_0x8_avx512vnni(int64_t n, const void* w, const void* x, size_t x_stride,
                           const int16_t* xsum, int64_t tokens, float* y, int64_t y_stride) {
  x8::dot_x8<x8::OverQ8_0<Q4_0x8Vnni>>(n, w, x, x_stride, xsum, tokens, y, y_stride);
}

void dot_q8_0x8_avx512vnni(int64_t n, const void* w, const void* x, size_t x_stride,
                           const int16_t* xsum, int64_t tokens, float* y, int64_t y_stride) {
  x8::dot_x8<x8::OverQ8_0<Q8_0x8Vnni>>(n, w, x, x_stride, xsum, tokens, y, y_stride);
}

void dot_q4_Kx8_avx512vnni(int64_t n, const void* w, const void* x, size_t x_stride, const int16_t*,
                           int64_t tokens, float* y, int64_t y_stride) {
  x8::dot_x8<x8::Q4_Kx8<VnniSubBlocks>>(n, w, x, x_stride, nullptr, tokens, y, y_stride);
}

void dot_q6_Kx8_avx512vnni(int64_t n, const void* w, const void* x, size_t x_stride, const int16_t*,
                           int64_t tokens, float* y, int64_t y_stride) {
  x8::dot_x8<x8::Q6_Kx8<VnniSubBlocks>>(n, w, x, x_stride, nullptr, tokens, y, y_stride);
}

}  // namespace chorus::model::kernels
