// Scalar reference quantizers of the K-quants (Q4_K, Q5_K, Q6_K).
//
// Each sub-block gets its scale (and for Q4_K/Q5_K its min) from a small search: a handful of
// candidate inverse scales around the min/max one, each followed by a least-squares refit of the
// scale (and min) to the levels it chose; the candidate with the smallest squared error wins.
// The sub-block scales are then quantized against the super-block scale (6 bits for Q4_K/Q5_K,
// signed 8 bits for Q6_K) and every element is re-quantized with the scale it will be decoded
// with, so the stored levels are round-to-nearest for the stored scales.
#include <algorithm>
#include <cmath>
#include <cstring>

#include "model/quant/blocks.h"
#include "model/quant/fp16.h"
#include "model/quant/k_scales.h"
#include "model/quant/kernels.h"

namespace chorus::model::kernels {
namespace {

constexpr int kCandidates = 8;  // candidate inverse scales tried on each side of the min/max one

// round(v) clamped to [lo, hi]; NaN gives lo.
int nearest_level(float v, int lo, int hi) {
  const float r = std::nearbyint(v);
  return static_cast<int>(std::fmin(std::fmax(r, static_cast<float>(lo)), static_cast<float>(hi)));
}

struct AffineFit {
  float scale = 0.0f;  // x ~= scale * q - min, q in [0, levels]
  float min = 0.0f;    // >= 0
};

// Least-squares (scale, min) for x ~= scale * q - min with min >= 0, given levels q.
AffineFit refit_affine(const float* x, const uint8_t* q, int n) {
  double sq = 0, sqq = 0, sx = 0, sxq = 0;
  for (int i = 0; i < n; ++i) {
    sq += q[i];
    sqq += q[i] * q[i];
    sx += x[i];
    sxq += x[i] * q[i];
  }
  const double det = n * sqq - sq * sq;
  AffineFit f;
  if (det > 0) {
    const double scale = (n * sxq - sq * sx) / det;
    const double offset = (sx - scale * sq) / n;  // x ~= scale * q + offset
    f.scale = static_cast<float>(scale);
    f.min = static_cast<float>(-offset);
  }
  if (f.min < 0.0f || det <= 0) {  // the format needs min >= 0: refit the scale alone
    f.min = 0.0f;
    f.scale = sqq > 0 ? static_cast<float>(sxq / sqq) : 0.0f;
  }
  return f;
}

float affine_error(const float* x, const uint8_t* q, int n, AffineFit f) {
  float err = 0;
  for (int i = 0; i < n; ++i) {
    const float e = f.scale * q[i] - f.min - x[i];
    err += e * e;
  }
  return err;
}

// The best (scale, min) found for one sub-block of n <= 32 elements with levels [0, levels].
AffineFit fit_affine(const float* x, int n, int levels) {
  const float lo = std::min(0.0f, *std::min_element(x, x + n));
  const float hi = *std::max_element(x, x + n);
  AffineFit best{(hi - lo) / static_cast<float>(levels), -lo};
  if (!(hi > lo)) return best;
  float best_err = INFINITY;
  uint8_t q[32];
  for (int k = -kCandidates; k <= kCandidates; ++k) {
    const float iscale = (static_cast<float>(levels) + 0.1f * static_cast<float>(k)) / (hi - lo);
    for (int i = 0; i < n; ++i)
      q[i] = static_cast<uint8_t>(nearest_level((x[i] - lo) * iscale, 0, levels));
    const AffineFit f = refit_affine(x, q, n);
    const float err = affine_error(x, q, n, f);
    if (f.scale > 0 && err < best_err) {
      best = f;
      best_err = err;
    }
  }
  return best;
}

// Q4_K / Q5_K: quantizes one super-block; levels is 15 or 31. Writes d, dmin, packed scales and
// the 256 levels q[] (unpacked, in element order).
void quantize_k_affine(const float* x, int levels, uint16_t* d16, uint16_t* dmin16, uint8_t* scales,
                       uint8_t* q) {
  AffineFit fits[8];
  float max_scale = 0, max_min = 0;
  for (int s = 0; s < 8; ++s) {
    fits[s] = fit_affine(x + 32 * s, 32, levels);
    max_scale = std::max(max_scale, fits[s].scale);
    max_min = std::max(max_min, fits[s].min);
  }
  const float d = max_scale / 63.0f, dmin = max_min / 63.0f;
  uint8_t sc[8], mn[8];
  for (int s = 0; s < 8; ++s) {
    sc[s] = static_cast<uint8_t>(d > 0 ? nearest_level(fits[s].scale / d, 0, 63) : 0);
    mn[s] = static_cast<uint8_t>(dmin > 0 ? nearest_level(fits[s].min / dmin, 0, 63) : 0);
  }
  *d16 = fp32_to_fp16(d);
  *dmin16 = fp32_to_fp16(dmin);
  pack_k_scales(sc, mn, scales);
  const float dq = fp16_to_fp32(*d16), dminq = fp16_to_fp32(*dmin16);
  for (int s = 0; s < 8; ++s) {
    const float scale = dq * sc[s], min = dminq * mn[s];
    for (int l = 0; l < 32; ++l) {
      const int i = 32 * s + l;
      q[i] = static_cast<uint8_t>(scale > 0 ? nearest_level((x[i] + min) / scale, 0, levels) : 0);
    }
  }
}

// Q6_K sub-block of 16: the best symmetric scale for x ~= scale * q, q in [-32, 31].
float fit_symmetric(const float* x, int n) {
  float amax = 0, max = 0;
  for (int i = 0; i < n; ++i)
    if (std::fabs(x[i]) > amax) amax = std::fabs(x[i]), max = x[i];
  if (amax == 0) return 0;
  float best = max / -32.0f, best_err = INFINITY;
  for (int k = -kCandidates; k <= kCandidates; ++k) {
    const float iscale = -(32.0f + 0.1f * static_cast<float>(k)) / max;
    double sxq = 0, sqq = 0;
    for (int i = 0; i < n; ++i) {
      const int q = nearest_level(x[i] * iscale, -32, 31);
      sxq += x[i] * q;
      sqq += q * q;
    }
    if (sqq == 0) continue;
    const float scale = static_cast<float>(sxq / sqq);
    float err = 0;
    for (int i = 0; i < n; ++i) {
      const float e = scale * nearest_level(x[i] * iscale, -32, 31) - x[i];
      err += e * e;
    }
    if (err < best_err) best = scale, best_err = err;
  }
  return best;
}

void pack_q6_K(const uint8_t* q, block_q6_K* b) {
  for (int h = 0; h < 2; ++h) {
    const uint8_t* L = q + 128 * h;
    for (int l = 0; l < 32; ++l) {
      b->ql[64 * h + l] = static_cast<uint8_t>((L[l] & 0xf) | ((L[l + 64] & 0xf) << 4));
      b->ql[64 * h + l + 32] = static_cast<uint8_t>((L[l + 32] & 0xf) | ((L[l + 96] & 0xf) << 4));
      b->qh[32 * h + l] = static_cast<uint8_t>((L[l] >> 4) | ((L[l + 32] >> 4) << 2) |
                                               ((L[l + 64] >> 4) << 4) | ((L[l + 96] >> 4) << 6));
    }
  }
}

}  // namespace

void quantize_q4_K(const float* src, void* dst, int64_t n) {
  auto* b = static_cast<block_q4_K*>(dst);
  for (int64_t i = 0; i < n / kQK_K; ++i, src += kQK_K) {
    uint8_t q[kQK_K];
    quantize_k_affine(src, 15, &b[i].d, &b[i].dmin, b[i].scales, q);
    for (int c = 0; c < 4; ++c)
      for (int l = 0; l < 32; ++l)
        b[i].qs[32 * c + l] = static_cast<uint8_t>(q[64 * c + l] | (q[64 * c + 32 + l] << 4));
  }
}

void quantize_q5_K(const float* src, void* dst, int64_t n) {
  auto* b = static_cast<block_q5_K*>(dst);
  for (int64_t i = 0; i < n / kQK_K; ++i, src += kQK_K) {
    uint8_t q[kQK_K];
    quantize_k_affine(src, 31, &b[i].d, &b[i].dmin, b[i].scales, q);
    std::memset(b[i].qh, 0, sizeof(b[i].qh));
    for (int c = 0; c < 4; ++c) {
      for (int l = 0; l < 32; ++l) {
        const int lo = q[64 * c + l], hi = q[64 * c + 32 + l];
        b[i].qs[32 * c + l] = static_cast<uint8_t>((lo & 0xf) | ((hi & 0xf) << 4));
        b[i].qh[l] |= static_cast<uint8_t>(((lo >> 4) << (2 * c)) | ((hi >> 4) << (2 * c + 1)));
      }
    }
  }
}

void quantize_q6_K(const float* src, void* dst, int64_t n) {
  auto* b = static_cast<block_q6_K*>(dst);
  for (int64_t i = 0; i < n / kQK_K; ++i, src += kQK_K) {
    float scales[16], max_scale = 0, amax = 0;
    for (int s = 0; s < 16; ++s) {
      scales[s] = fit_symmetric(src + 16 * s, 16);
      if (std::fabs(scales[s]) > amax) amax = std::fabs(scales[s]), max_scale = scales[s];
    }
    uint8_t q[kQK_K];
    if (amax == 0) {
      std::memset(&b[i], 0, sizeof(block_q6_K));
      std::fill(q, q + kQK_K, 32);
      pack_q6_K(q, &b[i]);
      continue;
    }
    const float iscale = -128.0f / max_scale;
    for (int s = 0; s < 16; ++s)
      b[i].scales[s] = static_cast<int8_t>(nearest_level(iscale * scales[s], -128, 127));
    b[i].d = fp32_to_fp16(1.0f / iscale);
    const float d = fp16_to_fp32(b[i].d);
    for (int s = 0; s < 16; ++s) {
      const float scale = d * b[i].scales[s];
      for (int l = 0; l < 16; ++l) {
        const int k = 16 * s + l;
        q[k] = static_cast<uint8_t>((scale != 0 ? nearest_level(src[k] / scale, -32, 31) : 0) + 32);
      }
    }
    pack_q6_K(q, &b[i]);
  }
}

}  // namespace chorus::model::kernels
