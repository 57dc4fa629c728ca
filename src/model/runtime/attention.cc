#include "model/runtime/attention.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "model/quant/fp16.h"

namespace chorus::model {
namespace {

// 4 floats (an SSE register on baseline x86-64) of plain C++ vector arithmetic, used only as
// local values so that no ABI depends on it. A block of positions is kVecs of them: kVecs
// independent sums hide the add latency.
using Lanes = float __attribute__((vector_size(16)));
constexpr int64_t kWidth = 4, kVecs = 4, kLanes = kWidth * kVecs;

// kLanes consecutive floats as kVecs independent sums.
struct LaneBlock {
  Lanes v0, v1, v2, v3;
};

LaneBlock load_block(const float* x) {
  LaneBlock b;
  std::memcpy(&b.v0, x, sizeof b.v0);
  std::memcpy(&b.v1, x + kWidth, sizeof b.v1);
  std::memcpy(&b.v2, x + 2 * kWidth, sizeof b.v2);
  std::memcpy(&b.v3, x + 3 * kWidth, sizeof b.v3);
  return b;
}

void store_block(float* x, const LaneBlock& b) {
  std::memcpy(x, &b.v0, sizeof b.v0);
  std::memcpy(x + kWidth, &b.v1, sizeof b.v1);
  std::memcpy(x + 2 * kWidth, &b.v2, sizeof b.v2);
  std::memcpy(x + 3 * kWidth, &b.v3, sizeof b.v3);
}

// acc[j] += w * x[j] for j in [0, kLanes): one multiply and one add per float, as scalar code.
void add_scaled(LaneBlock& acc, float w, const float* x) {
  const LaneBlock b = load_block(x);
  acc.v0 += w * b.v0;
  acc.v1 += w * b.v1;
  acc.v2 += w * b.v2;
  acc.v3 += w * b.v3;
}

float to_f16_and_back(float v) {
  return fp16_to_fp32(fp32_to_fp16(v));
}

// Scratch of one attend_group() call, carved from the caller's floats.
struct GroupScratch {
  float* q;       // [G x head_dim] queries, rounded to f16 for an F16 cache
  float* scores;  // [G x context] scores, then attention weights
  float* rows;    // [kLanes x head_dim] the key (then value) rows of a block, as floats
  float* kt;      // [head_dim x kLanes] the block's keys transposed: kt[i * kLanes + j] = dim i
                  // of the key at position p0 + j
};

GroupScratch carve(const ModelConfig& c, int64_t context, float* s) {
  const int64_t group = c.n_heads / c.n_kv_heads, hd = c.head_dim;
  return {s, s + group * hd, s + group * (hd + context), s + group * (hd + context) + kLanes * hd};
}

// Row `pos` of K (which = 0) or V (1) of KV head g as floats: the cache's own row when it is F32,
// else converted into buf.
const float* kv_row(KvCache& kv, int64_t layer, int which, int64_t pos, int64_t off, int64_t hd,
                    float* buf) {
  if (kv.type() == KvType::kF32) return kv.row_f32(layer, which, pos) + off;
  fp16_to_fp32_row(kv.row_f16(layer, which, pos) + off, buf, hd);
  return buf;
}

// scores[h][p] = (q_h . k_p) * scale for p in [0, n_pos), kLanes positions at a time.
void block_scores(const ModelConfig& c, KvCache& kv, int64_t layer, int64_t off, int64_t n_pos,
                  const GroupScratch& s, int64_t context) {
  const int64_t group = c.n_heads / c.n_kv_heads, hd = c.head_dim;
  const float scale = 1.0f / std::sqrt(static_cast<float>(hd));
  for (int64_t p0 = 0; p0 < n_pos; p0 += kLanes) {
    const int64_t m = std::min(kLanes, n_pos - p0);
    for (int64_t j = 0; j < kLanes; ++j) {
      const float* k = j < m ? kv_row(kv, layer, 0, p0 + j, off, hd, s.rows + j * hd) : nullptr;
      for (int64_t i = 0; i < hd; ++i) s.kt[i * kLanes + j] = k ? k[i] : 0.0f;
    }
    for (int64_t h = 0; h < group; ++h) {
      const float* q = s.q + h * hd;
      LaneBlock acc = {};
      for (int64_t i = 0; i < hd; ++i) add_scaled(acc, q[i], s.kt + i * kLanes);
      float dots[kLanes];
      store_block(dots, acc);
      float* out = s.scores + h * context + p0;
      for (int64_t j = 0; j < m; ++j) out[j] = dots[j] * scale;
    }
  }
}

// Turns a head's scores [0, n_pos) into softmax weights (rounded to f16 when `f16`).
void softmax_weights(float* scores, int64_t n_pos, bool f16) {
  float max_score = -INFINITY;
  for (int64_t p = 0; p < n_pos; ++p) max_score = std::max(max_score, scores[p]);
  double sum = 0;
  for (int64_t p = 0; p < n_pos; ++p) {
    scores[p] = std::exp(scores[p] - max_score);
    sum += scores[p];
  }
  const float inv = static_cast<float>(1.0 / sum);
  for (int64_t p = 0; p < n_pos; ++p)
    scores[p] = f16 ? to_f16_and_back(scores[p] * inv) : scores[p] * inv;
}

// o[i] += w[j] * v[j][i] for j in [0, m) in that order, for i in [0, n): 16 entries of o at a
// time stay in registers over the m rows.
void add_weighted(float* o, const float* w, const float* const* v, int64_t m, int64_t n) {
  int64_t i = 0;
  for (; i + kLanes <= n; i += kLanes) {
    LaneBlock acc = load_block(o + i);
    for (int64_t j = 0; j < m; ++j) add_scaled(acc, w[j], v[j] + i);
    store_block(o + i, acc);
  }
  for (; i < n; ++i)
    for (int64_t j = 0; j < m; ++j) o[i] += w[j] * v[j][i];
}

}  // namespace

int64_t attention_scratch_floats(const ModelConfig& c, int64_t context) {
  const int64_t group = c.n_heads / c.n_kv_heads;
  return group * (c.head_dim + context) + 2 * kLanes * c.head_dim;
}

void attend_group(const ModelConfig& c, KvCache& kv, int64_t layer, int64_t pos, int64_t g,
                  const float* q, float* out, float* scratch) {
  const int64_t group = c.n_heads / c.n_kv_heads, hd = c.head_dim, n_pos = pos + 1;
  const int64_t off = g * hd, context = n_pos;
  const bool f16 = kv.type() == KvType::kF16;
  const GroupScratch s = carve(c, context, scratch);
  const float* qg = q + g * group * hd;
  for (int64_t i = 0; i < group * hd; ++i) s.q[i] = f16 ? to_f16_and_back(qg[i]) : qg[i];
  block_scores(c, kv, layer, off, n_pos, s, context);
  for (int64_t h = 0; h < group; ++h) softmax_weights(s.scores + h * context, n_pos, f16);
  float* og = out + g * group * hd;
  std::fill(og, og + group * hd, 0.0f);
  for (int64_t p0 = 0; p0 < n_pos; p0 += kLanes) {
    const int64_t m = std::min(kLanes, n_pos - p0);
    const float* v[kLanes];
    for (int64_t j = 0; j < m; ++j) v[j] = kv_row(kv, layer, 1, p0 + j, off, hd, s.rows + j * hd);
    for (int64_t h = 0; h < group; ++h)
      add_weighted(og + h * hd, s.scores + h * context + p0, v, m, hd);
  }
}

}  // namespace chorus::model
