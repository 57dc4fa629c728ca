// AVX2 dot products of eight interleaved Q4_0 or Q8_0 rows (block_q4_0x8, block_q8_0x8) with Q8_0
// activations: one 32-byte load holds 4 bytes of each of the 8 rows, a broadcast 4-byte group of
// the activation meets all 8 at once, and lane j of every int vector belongs to row j. Up to four
// tokens share each unpacked weight vector (the prompt path); a token's result does not depend on
// how many are computed together.
#include <cstring>

#include "model/quant/blocks.h"
#include "model/quant/kernels.h"
#include "model/quant/simd_avx2.h"

namespace chorus::model::kernels {
namespace {

using namespace avx2;

__m256i broadcast4(const int8_t* p) {
  int32_t v;
  std::memcpy(&v, p, 4);
  return _mm256_set1_epi32(v);
}

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

// T tokens (x[t], sums[t], y[t]) against one group of 8 rows over nb blocks of Kind.
template <typename Kind, int T>
void dot_group(int64_t nb, const typename Kind::Block* bw, const block_q8_0* const* x,
               const int16_t* const* sums, float* const* y) {
  __m256 acc[T];
  for (int t = 0; t < T; ++t) acc[t] = _mm256_setzero_ps();
  for (int64_t i = 0; i < nb; ++i) {
    const block_q8_0* xi[T];
    int16_t si[T];
    for (int t = 0; t < T; ++t) xi[t] = x[t] + i, si[t] = sums[t] ? sums[t][i] : 0;
    __m256i s32[T];
    Kind::template int_dots<T>(bw[i], xi, si, s32);
    const __m256 dw = _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(bw[i].d)));
    for (int t = 0; t < T; ++t) {
      const __m256 scale = _mm256_mul_ps(dw, _mm256_set1_ps(half(xi[t]->d)));
      acc[t] = _mm256_fmadd_ps(scale, _mm256_cvtepi32_ps(s32[t]), acc[t]);
    }
  }
  for (int t = 0; t < T; ++t) _mm256_storeu_ps(y[t], acc[t]);
}

// Groups of four tokens share each weight vector; the rest go one by one.
template <typename Kind>
void dot_x8(int64_t n, const void* w, const void* x, size_t x_stride, const int16_t* xsum,
            int64_t tokens, float* y, int64_t y_stride) {
  const int64_t nb = n / kQK;
  const auto* bw = static_cast<const typename Kind::Block*>(w);
  constexpr int kTokens = 4;
  const block_q8_0* xs[kTokens];
  const int16_t* ss[kTokens];
  float* ys[kTokens];
  int64_t t = 0;
  auto at = [&](int k, int64_t tok) {
    xs[k] = reinterpret_cast<const block_q8_0*>(static_cast<const uint8_t*>(x) + tok * x_stride);
    ss[k] = xsum ? xsum + tok * nb : nullptr;
    ys[k] = y + tok * y_stride;
  };
  for (; t + kTokens <= tokens; t += kTokens) {
    for (int k = 0; k < kTokens; ++k) at(k, t + k);
    dot_group<Kind, kTokens>(nb, bw, xs, ss, ys);
  }
  for (; t < tokens; ++t) {
    at(0, t);
    dot_group<Kind, 1>(nb, bw, xs, ss, ys);
  }
}

}  // namespace

void dot_q4_0x8_avx2(int64_t n, const void* w, const void* x, size_t x_stride, const int16_t* xsum,
                     int64_t tokens, float* y, int64_t y_stride) {
  dot_x8<Q4_0x8>(n, w, x, x_stride, xsum, tokens, y, y_stride);
}

void dot_q8_0x8_avx2(int64_t n, const void* w, const void* x, size_t x_stride, const int16_t*,
                     int64_t tokens, float* y, int64_t y_stride) {
  dot_x8<Q8_0x8>(n, w, x, x_stride, nullptr, tokens, y, y_stride);
}

}  // namespace chorus::model::kernels
