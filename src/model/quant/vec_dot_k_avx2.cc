// AVX2 + FMA dot products of the K-quants against Q8_K. Per super-block, the scaled integer sums
// stay in int32 (|sum| <= 256 * 63 * 127 * 127 < 2^31) and meet the float scales once.
#include <cstring>

#include "model/quant/blocks.h"
#include "model/quant/k_scales.h"
#include "model/quant/kernels.h"
#include "model/quant/simd_avx2.h"

namespace chorus::model::kernels {
namespace {

using namespace avx2;

// Q4_K (has_qh false) and Q5_K: sum over the super-block of sc[s] * (q . y) as 8 int32 lanes,
// with the fifth bits from qh.
template <bool kHasQh>
__m256i k_affine_sums(const uint8_t* qs, const uint8_t* qh, const uint8_t* sc, const int8_t* y) {
  const __m256i low4 = _mm256_set1_epi8(0x0f), one = _mm256_set1_epi8(1);
  __m256i hbits = kHasQh ? loadu(qh) : _mm256_setzero_si256();
  __m256i sum = _mm256_setzero_si256();
  for (int c = 0; c < 4; ++c) {
    const __m256i raw = loadu(qs + 32 * c);
    __m256i lo = _mm256_and_si256(raw, low4);
    __m256i hi = _mm256_and_si256(_mm256_srli_epi16(raw, 4), low4);
    if constexpr (kHasQh) {
      lo = _mm256_or_si256(lo, _mm256_slli_epi16(_mm256_and_si256(hbits, one), 4));
      hi = _mm256_or_si256(
          hi, _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(hbits, 1), one), 4));
      hbits = _mm256_srli_epi16(hbits, 2);
    }
    const __m256i p_lo = _mm256_madd_epi16(_mm256_maddubs_epi16(lo, loadu(y + 64 * c)),
                                           _mm256_set1_epi16(sc[2 * c]));
    const __m256i p_hi = _mm256_madd_epi16(_mm256_maddubs_epi16(hi, loadu(y + 64 * c + 32)),
                                           _mm256_set1_epi16(sc[2 * c + 1]));
    sum = _mm256_add_epi32(sum, _mm256_add_epi32(p_lo, p_hi));
  }
  return sum;
}

template <typename Block, bool kHasQh>
float dot_k_affine(int64_t n, const void* w, const void* x) {
  const auto* bw = static_cast<const Block*>(w);
  const auto* bx = static_cast<const block_q8_K*>(x);
  __m256 acc = _mm256_setzero_ps();
  float acc_m = 0;
  for (int64_t i = 0; i < n / kQK_K; ++i) {
    uint8_t sc[8], mn[8];
    unpack_k_scales(bw[i].scales, sc, mn);
    int summ = 0;
    for (int s = 0; s < 8; ++s) summ += mn[s] * (bx[i].bsums[2 * s] + bx[i].bsums[2 * s + 1]);
    const uint8_t* qh = nullptr;
    if constexpr (kHasQh) qh = bw[i].qh;
    const __m256i sumi = k_affine_sums<kHasQh>(bw[i].qs, qh, sc, bx[i].qs);
    acc = _mm256_fmadd_ps(_mm256_set1_ps(half(bw[i].d) * bx[i].d), _mm256_cvtepi32_ps(sumi), acc);
    acc_m += half(bw[i].dmin) * bx[i].d * static_cast<float>(summ);
  }
  return hsum(acc) - acc_m;
}

}  // namespace

float vec_dot_q4_K_avx2(int64_t n, const void* w, const void* x) {
  return dot_k_affine<block_q4_K, false>(n, w, x);
}

float vec_dot_q5_K_avx2(int64_t n, const void* w, const void* x) {
  return dot_k_affine<block_q5_K, true>(n, w, x);
}

float vec_dot_q6_K_avx2(int64_t n, const void* w, const void* x) {
  const auto* bw = static_cast<const block_q6_K*>(w);
  const auto* bx = static_cast<const block_q8_K*>(x);
  const __m256i low4 = _mm256_set1_epi8(0x0f), two = _mm256_set1_epi8(3);
  __m256 acc = _mm256_setzero_ps();
  for (int64_t i = 0; i < n / kQK_K; ++i) {
    const int8_t* sc = bw[i].scales;
    const int8_t* y = bx[i].qs;
    // Levels are stored as q + 32 in [0, 63]; the 32 * sum(sc * y) offset comes from bsums.
    const __m256i sc16 =
        _mm256_cvtepi8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(sc)));
    const __m256i offset = _mm256_madd_epi16(sc16, loadu(bx[i].bsums));
    __m256i sumi = _mm256_setzero_si256();
    for (int h = 0; h < 2; ++h, sc += 8, y += 128) {
      const __m256i ql0 = loadu(bw[i].ql + 64 * h), ql1 = loadu(bw[i].ql + 64 * h + 32);
      const __m256i qh = loadu(bw[i].qh + 32 * h);
      const __m256i q[4] = {
          _mm256_or_si256(_mm256_and_si256(ql0, low4),
                          _mm256_slli_epi16(_mm256_and_si256(qh, two), 4)),
          _mm256_or_si256(_mm256_and_si256(ql1, low4),
                          _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(qh, 2), two), 4)),
          _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(ql0, 4), low4),
                          _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(qh, 4), two), 4)),
          _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(ql1, 4), low4),
                          _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(qh, 6), two), 4)),
      };
      for (int k = 0; k < 4; ++k) {
        // 32 elements = sub-blocks 2k (low 128-bit lane) and 2k + 1 (high lane).
        const __m256i scale =
            _mm256_set_m128i(_mm_set1_epi16(sc[2 * k + 1]), _mm_set1_epi16(sc[2 * k]));
        const __m256i p = _mm256_maddubs_epi16(q[k], loadu(y + 32 * k));
        sumi = _mm256_add_epi32(sumi, _mm256_madd_epi16(p, scale));
      }
    }
    sumi = _mm256_sub_epi32(sumi, _mm256_slli_epi32(offset, 5));
    acc = _mm256_fmadd_ps(_mm256_set1_ps(half(bw[i].d) * bx[i].d), _mm256_cvtepi32_ps(sumi), acc);
  }
  return hsum(acc);
}

}  // namespace chorus::model::kernels
