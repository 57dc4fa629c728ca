// Internal: the Kinds of the interleaved K-quant layouts (block_q4_Kx8, block_q6_Kx8) against
// Q8_K activations, for the driver of repack_x8_simd.h, written once over an instruction-set
// policy P (AVX2 in repack_x8_avx2.cc, AVX-512 VNNI in repack_x8_avx512.cc); include only from
// files compiled with -mavx2 -mfma -mf16c (or more).
//
// P sums the products of unsigned levels with a broadcast 4-byte activation group over a few runs
// of one sub-block, then scales that sum by the sub-block's scale into int32 lanes (lane j = row
// j):
//   static constexpr int runs(int max_level);  // runs one accumulator holds without overflow
//   static __m256i zero();
//   static __m256i add(__m256i acc, __m256i levels, __m256i x);
//   static __m256i mult(__m256i pairs, bool second);  // the multiplier of one value of pairs_*8
//   static __m256i widen(__m256i acc, __m256i mult);  // int32 lanes: scale * accumulated sum
// Every sum is exact int32, and the float steps (scale_k) follow the scalar references of
// repack_x8.cc, so every policy agrees with them bit for bit.
#pragma once

#include <immintrin.h>

#include <cstdint>

#include "model/quant/blocks.h"
#include "model/quant/repack_x8_simd.h"

namespace chorus::model::kernels::x8 {

// Unsigned (u8) or signed (i8) bytes 16p .. 16p + 15 of an interleave_pairs array, widened:
// int16 lanes 2j, 2j + 1 hold row j's values 2p and 2p + 1.
inline __m256i pairs_u8(const uint8_t* p) {
  return _mm256_cvtepu8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
}
inline __m256i pairs_i8(const int8_t* p) {
  return _mm256_cvtepi8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
}

// The int16 pair (bsums[2s], bsums[2s + 1]) of a Q8_K block in every int32 lane.
inline __m256i bsums_pair(const block_q8_K& x, int s) {
  return broadcast4(reinterpret_cast<const int8_t*>(x.bsums + 2 * s));
}

// From pairs (as above): both int16 of lane j set to row j's first (second == false) or second
// value, the madd_epi16 multiplier of that value's sub-block.
inline __m256i dup_pair(__m256i pairs, bool second) {
  const __m256i first_mask = _mm256_setr_epi8(0, 1, 0, 1, 4, 5, 4, 5, 8, 9, 8, 9, 12, 13, 12, 13, 0,
                                              1, 0, 1, 4, 5, 4, 5, 8, 9, 8, 9, 12, 13, 12, 13);
  const __m256i two = _mm256_set1_epi8(2);
  return _mm256_shuffle_epi8(pairs, second ? _mm256_add_epi8(first_mask, two) : first_mask);
}

// Q4_K: summ[t] = per row, the sum over sub-blocks s of mins[s] * (x block sums 2s and 2s + 1).
template <int T>
void q4_K_mins(const uint8_t* mins, const block_q8_K* const* x, __m256i* summ) {
  for (int t = 0; t < T; ++t) summ[t] = _mm256_setzero_si256();
  for (int s = 0; s < 8; ++s) {
    const __m256i mn = dup_pair(pairs_u8(mins + 16 * (s / 2)), s % 2);
    for (int t = 0; t < T; ++t)
      summ[t] = _mm256_add_epi32(summ[t], _mm256_madd_epi16(mn, bsums_pair(*x[t], s)));
  }
}

// Q6_K: sumi[t] = per row, -32 * the sum over sub-blocks s of scales[s] * x block sum s (the
// offset of the stored levels 0..63).
template <int T>
void q6_K_offsets(const int8_t* scales, const block_q8_K* const* x, __m256i* sumi) {
  for (int t = 0; t < T; ++t) sumi[t] = _mm256_setzero_si256();
  for (int p = 0; p < 8; ++p) {
    const __m256i sc = pairs_i8(scales + 16 * p);
    for (int t = 0; t < T; ++t)
      sumi[t] = _mm256_add_epi32(sumi[t], _mm256_madd_epi16(sc, bsums_pair(*x[t], p)));
  }
  for (int t = 0; t < T; ++t)
    sumi[t] = _mm256_sub_epi32(_mm256_setzero_si256(), _mm256_slli_epi32(sumi[t], 5));
}

// Q6_K: the stored levels 0..63 of run k of half h, q[u] for elements 128h + 32u + 4k + (0..3)
// of the 8 rows (block_q6_Kx8's layout: three with one mask, the fourth from their top bits).
inline void q6_K_levels(const block_q6_Kx8& b, int h, int k, __m256i* q) {
  const uint8_t* p = b.q + 96 * (8 * h + k);
  const __m256i b0 = avx2::loadu(p), b1 = avx2::loadu(p + 32), b2 = avx2::loadu(p + 64);
  const __m256i low6 = _mm256_set1_epi8(63);
  q[0] = _mm256_and_si256(b0, low6);
  q[1] = _mm256_and_si256(b1, low6);
  q[2] = _mm256_and_si256(b2, low6);
  q[3] = _mm256_or_si256(
      _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(b0, 6), _mm256_set1_epi8(0x03)),
                      _mm256_and_si256(_mm256_srli_epi16(b1, 4), _mm256_set1_epi8(0x0c))),
      _mm256_and_si256(_mm256_srli_epi16(b2, 2), _mm256_set1_epi8(0x30)));
}

// The float step of the K-quant Kinds: acc[t] = fma(float(d) * d_x, sumi[t], acc[t]), then with
// dmin (Q4_K; null for Q6_K) acc[t] = fma(-(float(dmin) * d_x), summ[t], acc[t]).
template <int T>
void scale_k(const uint16_t* d, const uint16_t* dmin, const block_q8_K* const* x,
             const __m256i* sumi, const __m256i* summ, __m256* acc) {
  const __m256 dw = _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(d)));
  for (int t = 0; t < T; ++t)
    acc[t] = _mm256_fmadd_ps(_mm256_mul_ps(dw, _mm256_set1_ps(x[t]->d)),
                             _mm256_cvtepi32_ps(sumi[t]), acc[t]);
  if (dmin == nullptr) return;
  const __m256 dm = _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(dmin)));
  for (int t = 0; t < T; ++t)
    acc[t] = _mm256_fnmadd_ps(_mm256_mul_ps(dm, _mm256_set1_ps(x[t]->d)),
                              _mm256_cvtepi32_ps(summ[t]), acc[t]);
}

template <typename BlockX8>
struct OverQ8_K {
  using Block = BlockX8;
  using XBlock = block_q8_K;
  static constexpr int64_t kValues = kQK_K;
};

// Q4_K: per pair of sub-blocks 2p, 2p + 1 (the low and high nibbles of the same 8 runs), each
// run's levels times x (two independent accumulators per token), times each sub-block's scale;
// then each sub-block's min times the two x block sums of s.
template <typename P>
struct Q4_Kx8 : OverQ8_K<block_q4_Kx8> {
  static_assert(P::runs(15) >= 8);
  template <int T>
  static void accumulate(const block_q4_Kx8& b, const block_q8_K* const* x, const int16_t*,
                         __m256* acc) {
    const __m256i m4 = _mm256_set1_epi8(0x0f);
    __m256i sumi[T], summ[T];
    for (int t = 0; t < T; ++t) sumi[t] = _mm256_setzero_si256();
    for (int p = 0; p < 4; ++p) {
      __m256i lo[T], hi[T];
      for (int t = 0; t < T; ++t) lo[t] = hi[t] = P::zero();
      for (int k = 0; k < 8; ++k) {
        const __m256i v = avx2::loadu(b.qs + 256 * p + 32 * k);
        const __m256i ql = _mm256_and_si256(v, m4);
        const __m256i qh = _mm256_and_si256(_mm256_srli_epi16(v, 4), m4);
        for (int t = 0; t < T; ++t) {
          const int8_t* y = x[t]->qs + 64 * p + 4 * k;
          lo[t] = P::add(lo[t], ql, broadcast4(y));
          hi[t] = P::add(hi[t], qh, broadcast4(y + 32));
        }
      }
      const __m256i pairs = pairs_u8(b.scales + 16 * p);
      const __m256i m_lo = P::mult(pairs, false), m_hi = P::mult(pairs, true);
      for (int t = 0; t < T; ++t)
        sumi[t] = _mm256_add_epi32(sumi[t],
                                   _mm256_add_epi32(P::widen(lo[t], m_lo), P::widen(hi[t], m_hi)));
    }
    q4_K_mins<T>(b.mins, x, summ);
    scale_k<T>(b.d, b.dmin, x, sumi, summ, acc);
  }
};

// Q6_K: for each half h and each half kq of its runs, the four sub-blocks 8h + 2u + kq (u in
// [0, 4)) side by side: levels 0..63 times x over runs 4kq .. 4kq + 3, in accumulators of
// P::runs(63) runs, times the sub-block's scale; minus 32 * the scales times the x block sums.
template <typename P>
struct Q6_Kx8 : OverQ8_K<block_q6_Kx8> {
  static constexpr int kRuns = P::runs(63) < 4 ? P::runs(63) : 4;
  static_assert(kRuns >= 1 && 4 % kRuns == 0);
  template <int T>
  static void accumulate(const block_q6_Kx8& b, const block_q8_K* const* x, const int16_t*,
                         __m256* acc) {
    __m256i sumi[T];
    q6_K_offsets<T>(b.scales, x, sumi);
    for (int h = 0; h < 2; ++h) {
      for (int kq = 0; kq < 2; ++kq) {
        __m256i m[4];
        for (int u = 0; u < 4; ++u) m[u] = P::mult(pairs_i8(b.scales + 16 * (4 * h + u)), kq);
        for (int k0 = 4 * kq; k0 < 4 * kq + 4; k0 += kRuns) {
          __m256i a[T][4];
          for (int t = 0; t < T; ++t)
            for (int u = 0; u < 4; ++u) a[t][u] = P::zero();
          for (int k = k0; k < k0 + kRuns; ++k) {
            __m256i q[4];
            q6_K_levels(b, h, k, q);
            for (int t = 0; t < T; ++t)
              for (int u = 0; u < 4; ++u)
                a[t][u] = P::add(a[t][u], q[u], broadcast4(x[t]->qs + 128 * h + 32 * u + 4 * k));
          }
          for (int t = 0; t < T; ++t)
            for (int u = 0; u < 4; ++u)
              sumi[t] = _mm256_add_epi32(sumi[t], P::widen(a[t][u], m[u]));
        }
      }
    }
    scale_k<T>(b.d, nullptr, x, sumi, nullptr, acc);
  }
};

}  // namespace chorus::model::kernels::x8
