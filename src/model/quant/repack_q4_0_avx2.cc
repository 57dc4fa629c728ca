// AVX2 dot products of eight interleaved Q4_0 rows (block_q4_0x8) with Q8_0 activations: one
// 32-byte load holds 4 bytes of each of the 8 rows, a broadcast 4-byte group of the activation
// meets all 8 at once, and lane j of every int vector belongs to row j. Up to four tokens share
// each unpacked weight vector (the prompt path); a token's result does not depend on how many
// are computed together.
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

// T tokens (x[t], sums[t], y[t]) against one group of 8 rows over nb blocks. The 8 maddubs of a
// block add up in int16 without overflow: each lane pair is at most 2 * 15 * 128 = 3840.
template <int T>
void dot_group(int64_t nb, const block_q4_0x8* bw, const block_q8_0* const* x,
               const int16_t* const* sums, float* const* y) {
  const __m256i m4 = _mm256_set1_epi8(0x0f);
  const __m256i ones = _mm256_set1_epi16(1);
  __m256 acc[T];
  for (int t = 0; t < T; ++t) acc[t] = _mm256_setzero_ps();
  for (int64_t i = 0; i < nb; ++i) {
    __m256i s16[T];
    for (int t = 0; t < T; ++t) s16[t] = _mm256_setzero_si256();
    for (int c = 0; c < 4; ++c) {
      const __m256i v = loadu(bw[i].qs + 32 * c);
      const __m256i lo = _mm256_and_si256(v, m4);
      const __m256i hi = _mm256_and_si256(_mm256_srli_epi16(v, 4), m4);
      for (int t = 0; t < T; ++t) {
        s16[t] = _mm256_add_epi16(s16[t], _mm256_maddubs_epi16(lo, broadcast4(x[t][i].qs + 4 * c)));
        s16[t] =
            _mm256_add_epi16(s16[t], _mm256_maddubs_epi16(hi, broadcast4(x[t][i].qs + 16 + 4 * c)));
      }
    }
    const __m256 dw = _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(bw[i].d)));
    for (int t = 0; t < T; ++t) {
      const __m256i s32 = _mm256_sub_epi32(_mm256_madd_epi16(s16[t], ones),
                                           _mm256_set1_epi32(8 * static_cast<int32_t>(sums[t][i])));
      const __m256 scale = _mm256_mul_ps(dw, _mm256_set1_ps(half(x[t][i].d)));
      acc[t] = _mm256_fmadd_ps(scale, _mm256_cvtepi32_ps(s32), acc[t]);
    }
  }
  for (int t = 0; t < T; ++t) _mm256_storeu_ps(y[t], acc[t]);
}

}  // namespace

void dot_q4_0x8_avx2(int64_t n, const void* w, const void* x, size_t x_stride, const int16_t* xsum,
                     int64_t tokens, float* y, int64_t y_stride) {
  const int64_t nb = n / kQK;
  const auto* bw = static_cast<const block_q4_0x8*>(w);
  constexpr int kTokens = 4;
  const block_q8_0* xs[kTokens];
  const int16_t* ss[kTokens];
  float* ys[kTokens];
  int64_t t = 0;
  auto at = [&](int k, int64_t tok) {
    xs[k] = reinterpret_cast<const block_q8_0*>(static_cast<const uint8_t*>(x) + tok * x_stride);
    ss[k] = xsum + tok * nb;
    ys[k] = y + tok * y_stride;
  };
  for (; t + kTokens <= tokens; t += kTokens) {
    for (int k = 0; k < kTokens; ++k) at(k, t + k);
    dot_group<kTokens>(nb, bw, xs, ss, ys);
  }
  for (; t < tokens; ++t) {
    at(0, t);
    dot_group<1>(nb, bw, xs, ss, ys);
  }
}

}  // namespace chorus::model::kernels
