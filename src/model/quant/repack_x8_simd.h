// Internal: the driver shared by the kernels of the interleaved layouts (block_q4_0x8 ...
// block_q6_Kx8) for AVX2 and AVX-512 VNNI; include only from files compiled with -mavx2 -mfma
// -mf16c (or more). The K-quant Kinds are in repack_k_x8_simd.h.
//
// One 32-byte load holds 4 bytes of each of 8 rows, a broadcast 4-byte group of the activation
// meets all 8 at once, and lane j of every vector belongs to row j. A Kind supplies `Block`,
// `XBlock` (the activation block), kValues (elements per block) and `accumulate<T>(block, x
// blocks, x block sums, acc)`, which folds one block of the 8 rows into the float sums of T tokens.
// Kinds over Q8_0 activations supply only their exact int32 dots through OverQ8_0. Every Kind
// computes exact int32 dots and meets the float scales in the order of its scalar reference, so
// each agrees with it bit for bit. Up to four tokens share each weight vector (the prompt path); a
// token's result does not depend on how many are computed together.
#pragma once

#include <immintrin.h>

#include <cstdint>
#include <cstring>

#include "model/quant/blocks.h"
#include "model/quant/simd_avx2.h"

namespace chorus::model::kernels::x8 {

inline __m256i broadcast4(const int8_t* p) {
  int32_t v;
  std::memcpy(&v, p, 4);
  return _mm256_set1_epi32(v);
}

// A Kind over Q8_0 activations from an IntKind supplying `Block` and `int_dots<T>(block, x
// blocks, x block sums, s32)`, the exact int32 dots of one block of the 8 rows with T activation
// blocks: acc += float(d_w) * float(d_x) * s32, one fma per block.
template <typename IntKind>
struct OverQ8_0 {
  using Block = typename IntKind::Block;
  using XBlock = block_q8_0;
  static constexpr int64_t kValues = kQK;
  template <int T>
  static void accumulate(const Block& b, const block_q8_0* const* x, const int16_t* sums,
                         __m256* acc) {
    __m256i s32[T];
    IntKind::template int_dots<T>(b, x, sums, s32);
    const __m256 dw = _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(b.d)));
    for (int t = 0; t < T; ++t) {
      const __m256 scale = _mm256_mul_ps(dw, _mm256_set1_ps(avx2::half(x[t]->d)));
      acc[t] = _mm256_fmadd_ps(scale, _mm256_cvtepi32_ps(s32[t]), acc[t]);
    }
  }
};

// T tokens (x[t], sums[t] (null when the Kind needs none), y[t]) against one group of 8 rows
// over nb blocks of Kind.
template <typename Kind, int T>
void dot_group(int64_t nb, const typename Kind::Block* bw, const typename Kind::XBlock* const* x,
               const int16_t* const* sums, float* const* y) {
  __m256 acc[T];
  for (int t = 0; t < T; ++t) acc[t] = _mm256_setzero_ps();
  for (int64_t i = 0; i < nb; ++i) {
    const typename Kind::XBlock* xi[T];
    int16_t si[T];
    for (int t = 0; t < T; ++t) xi[t] = x[t] + i, si[t] = sums[t] ? sums[t][i] : 0;
    Kind::template accumulate<T>(bw[i], xi, si, acc);
  }
  for (int t = 0; t < T; ++t) _mm256_storeu_ps(y[t], acc[t]);
}

// The DotX8Fn contract of kernels.h for one Kind: groups of four tokens, then one by one.
template <typename Kind>
void dot_x8(int64_t n, const void* w, const void* x, size_t x_stride, const int16_t* xsum,
            int64_t tokens, float* y, int64_t y_stride) {
  using XBlock = typename Kind::XBlock;
  const int64_t nb = n / Kind::kValues;
  const auto* bw = static_cast<const typename Kind::Block*>(w);
  constexpr int kTokens = 4;
  const XBlock* xs[kTokens];
  const int16_t* ss[kTokens];
  float* ys[kTokens];
  int64_t t = 0;
  auto at = [&](int k, int64_t tok) {
    xs[k] = reinterpret_cast<const XBlock*>(static_cast<const uint8_t*>(x) + tok * x_stride);
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

}  // namespace chorus::model::kernels::x8
