// AVX2 dot products of eight interleaved rows with their activations through the shared driver of
// repack_x8_simd.h: Q4_0 and Q8_0 (block_q4_0x8, block_q8_0x8) with Q8_0, Q4_K and Q6_K
// (block_q4_Kx8, block_q6_Kx8) with Q8_K.
#include "model/quant/blocks.h"
#include "model/quant/kernels.h"
#include "model/quant/repack_k_x8_simd.h"
#include "model/quant/repack_x8_simd.h"
#include "model/quant/simd_avx2.h"

namespace chorus::model::kernels {
namespace {

using namespace avx2;
using x8::broadcast4;
using x8::dot_x8;
using x8::OverQ8_0;

// Q4_0: the exact int32 dots of block i of 8 rows with T activation blocks, lane j = row j. The
// 8 maddubs of a block add up in int16 without overflow: each lane pair is at most 2 * 15 * 128
// = 3840.
struct Q4_0x8 {
  using Block = block_q4_0x8;
  template <int T>
  static void int_dots(const Block& b, const block_q8_0* const* x, const int16_t* sums,
                       __m256i* s32) {
    const __m256i m4 = _mm256_set1_epi8(0x0f);
    __m256i s16[T];
    for (int t = 0; t < T; ++t) s16[t] = _mm256_setzero_si256();
    for (int c = 0; c < 4; ++c) {
      const __m256i v = loadu(b.qs + 32 * c);
      const __m256i lo = _mm256_and_si256(v, m4);
      const __m256i hi = _mm256_and_si256(_mm256_srli_epi16(v, 4), m4);
      for (int t = 0; t < T; ++t) {
        s16[t] = _mm256_add_epi16(s16[t], _mm256_maddubs_epi16(lo, broadcast4(x[t]->qs + 4 * c)));
        s16[t] =
            _mm256_add_epi16(s16[t], _mm256_maddubs_epi16(hi, broadcast4(x[t]->qs + 16 + 4 * c)));
      }
    }
    for (int t = 0; t < T; ++t)
      s32[t] = _mm256_sub_epi32(_mm256_madd_epi16(s16[t], _mm256_set1_epi16(1)),
                                _mm256_set1_epi32(8 * static_cast<int32_t>(sums[t])));
  }
};

// Q8_0: |w| (as unsigned bytes, exact for -128 too) times x carrying w's sign; a lane pair is at
// most 2 * 128 * 127 = 32512 (activations are in [-127, 127]), so each maddubs widens at once.
struct Q8_0x8 {
  using Block = block_q8_0x8;
  template <int T>
  static void int_dots(const Block& b, const block_q8_0* const* x, const int16_t*, __m256i* s32) {
    const __m256i ones = _mm256_set1_epi16(1);
    for (int t = 0; t < T; ++t) s32[t] = _mm256_setzero_si256();
    for (int c = 0; c < 8; ++c) {
      const __m256i v = loadu(b.qs + 32 * c);
      const __m256i u = _mm256_sign_epi8(v, v);
      for (int t = 0; t < T; ++t) {
        const __m256i p =
            _mm256_maddubs_epi16(u, _mm256_sign_epi8(broadcast4(x[t]->qs + 4 * c), v));
        s32[t] = _mm256_add_epi32(s32[t], _mm256_madd_epi16(p, ones));
      }
    }
  }
};

// The K-quant policy (repack_k_x8_simd.h): maddubs sums into int16 (a lane pair of one run is
// at most 2 * max_level * 128), one madd by the duplicated scale widens to int32.
struct Avx2SubBlocks {
  static constexpr int runs(int max_level) { return 32767 / (2 * max_level * 128); }
  static __m256i zero() { return _mm256_setzero_si256(); }
  static __m256i add(__m256i acc, __m256i levels, __m256i x) {
    return _mm256_add_epi16(acc, _mm256_maddubs_epi16(levels, x));
  }
  static __m256i mult(__m256i pairs, bool second) { return x8::dup_pair(pairs, second); }
  static __m256i widen(__m256i acc, __m256i mult) { return _mm256_madd_epi16(acc, mult); }
};

}  // namespace

void dot_q4_0x8_avx2(int64_t n, const void* w, const void* x, size_t x_stride, const int16_t* xsum,
                     int64_t tokens, float* y, int64_t y_stride) {
  dot_x8<OverQ8_0<Q4_0x8>>(n, w, x, x_stride, xsum, tokens, y, y_stride);
}

void dot_q8_0x8_avx2(int64_t n, const void* w, const void* x, size_t x_stride, const int16_t*,
                     int64_t tokens, float* y, int64_t y_stride) {
  dot_x8<OverQ8_0<Q8_0x8>>(n, w, x, x_stride, nullptr, tokens, y, y_stride);
}

void dot_q4_Kx8_avx2(int64_t n, const void* w, const void* x, size_t x_stride, const int16_t*,
                     int64_t tokens, float* y, int64_t y_stride) {
  dot_x8<x8::Q4_Kx8<Avx2SubBlocks>>(n, w, x, x_stride, nullptr, tokens, y, y_stride);
}

void dot_q6_Kx8_avx2(int64_t n, const void* w, const void* x, size_t x_stride, const int16_t*,
                     int64_t tokens, float* y, int64_t y_stride) {
  dot_x8<x8::Q6_Kx8<Avx2SubBlocks>>(n, w, x, x_stride, nullptr, tokens, y, y_stride);
}

}  // namespace chorus::model::kernels
