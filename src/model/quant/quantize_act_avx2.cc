// AVX2 activation quantizers (Q8_0, Q8_K). They compute the same scales as the scalar references
// and round with the same mode (nearest, ties to even), so their output is byte-identical.
#include <algorithm>
#include <cmath>
#include <cstring>

#include "model/quant/blocks.h"
#include "model/quant/fp16.h"
#include "model/quant/kernels.h"
#include "model/quant/simd_avx2.h"

namespace chorus::model::kernels {
namespace {

using namespace avx2;

float hmax(__m256 v) {
  __m128 m = _mm_max_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  m = _mm_max_ps(m, _mm_movehl_ps(m, m));
  m = _mm_max_ss(m, _mm_movehdup_ps(m));
  return _mm_cvtss_f32(m);
}

float hmin(__m256 v) {
  __m128 m = _mm_min_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  m = _mm_min_ps(m, _mm_movehl_ps(m, m));
  m = _mm_min_ss(m, _mm_movehdup_ps(m));
  return _mm_cvtss_f32(m);
}

// 32 floats times `scale`, rounded to nearest-even, saturated to [-128, 127], stored as int8.
void round_store_32(const float* x, __m256 scale, int8_t* out) {
  __m256i v[4];
  for (int k = 0; k < 4; ++k) {
    const __m256 r = _mm256_round_ps(_mm256_mul_ps(_mm256_loadu_ps(x + 8 * k), scale),
                                     _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    v[k] = _mm256_cvtps_epi32(r);
  }
  const __m256i a = _mm256_packs_epi32(v[0], v[1]);
  const __m256i b = _mm256_packs_epi32(v[2], v[3]);
  const __m256i bytes = _mm256_permutevar8x32_epi32(_mm256_packs_epi16(a, b),
                                                    _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7));
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(out), bytes);
}

}  // namespace

void quantize_q8_0_avx2(const float* src, void* dst, int64_t n) {
  auto* b = static_cast<block_q8_0*>(dst);
  const __m256 sign = _mm256_set1_ps(-0.0f);
  for (int64_t i = 0; i < n / kQK; ++i, src += kQK) {
    __m256 amax = _mm256_setzero_ps();
    for (int k = 0; k < 4; ++k)
      amax = _mm256_max_ps(amax, _mm256_andnot_ps(sign, _mm256_loadu_ps(src + 8 * k)));
    const float d = hmax(amax) / 127.0f, id = d != 0.0f ? 1.0f / d : 0.0f;
    b[i].d = fp32_to_fp16(d);
    round_store_32(src, _mm256_set1_ps(id), b[i].qs);
  }
}

void quantize_q8_K_avx2(const float* src, void* dst, int64_t n) {
  auto* b = static_cast<block_q8_K*>(dst);
  for (int64_t i = 0; i < n / kQK_K; ++i, src += kQK_K) {
    __m256 vmax = _mm256_loadu_ps(src), vmin = vmax;
    for (int k = 8; k < kQK_K; k += 8) {
      vmax = _mm256_max_ps(vmax, _mm256_loadu_ps(src + k));
      vmin = _mm256_min_ps(vmin, _mm256_loadu_ps(src + k));
    }
    const float hi = hmax(vmax), lo = hmin(vmin);
    const float max = hi >= -lo ? hi : lo;
    if (max == 0.0f) {
      std::memset(&b[i], 0, sizeof(block_q8_K));
      continue;
    }
    const float iscale = -128.0f / max;
    for (int k = 0; k < kQK_K; k += 32)
      round_store_32(src + k, _mm256_set1_ps(iscale), b[i].qs + k);
    for (int g = 0; g < kQK_K / 16; ++g) {
      int sum = 0;
      for (int l = 0; l < 16; ++l) {
        sum += b[i].qs[16 * g + l];
      }
      b[i].bsums[g] = static_cast<int16_t>(sum);
    }
    b[i].d = 1.0f / iscale;
  }
}

}  // namespace chorus::model::kernels
