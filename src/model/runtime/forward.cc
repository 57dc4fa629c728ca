#include "model/runtime/forward.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "model/runtime/attention.h"

namespace chorus::model {
namespace {

// out[i] = x[i] / sqrt(mean(x^2) + eps) * w[i] over n entries.
void rmsnorm(float* out, const float* x, const float* w, int64_t n, float eps) {
  double ss = 0;
  for (int64_t i = 0; i < n; ++i) ss += static_cast<double>(x[i]) * x[i];
  const float scale = static_cast<float>(1.0 / std::sqrt(ss / static_cast<double>(n) + eps));
  for (int64_t i = 0; i < n; ++i) out[i] = x[i] * scale * w[i];
}

// The activations `x` [tokens x cols] quantized for weights of type wtype, reusing a slot that
// already holds them (same source, same weight type: the kernels require an exact match).
const QuantizedActivations& quantized(RunState& s, const float* x, int64_t tokens, int64_t cols,
                                      GgmlType wtype) {
  size_t slot = 0;
  for (size_t i = 0; i < s.quant.size(); ++i) {
    if (s.quant_src[i] == x && s.quant[i].weight_type() == wtype && s.quant[i].tokens() == tokens &&
        s.quant[i].cols() == cols)
      return s.quant[i];
    if (s.quant_src[i] != x) slot = i;
  }
  // The types in this file were checked at load; quantize cannot fail on them.
  Status st = s.quant[slot].quantize(wtype, x, tokens, cols, cols);
  (void)st;
  s.quant_src[slot] = x;
  return s.quant[slot];
}

void forget_quantized(RunState& s) {
  s.quant_src.fill(nullptr);
}

// One product Y[tokens x W.rows] = X * W^T for each job, run together on the pool.
struct MatJob {
  const TensorView* w;
  const QuantizedActivations* x;
  float* y;  // row stride W.rows
};

void run_matmuls(ComputePool& pool, std::span<const MatJob> jobs, int64_t tokens) {
  pool.run([&](int ith, int nth) {
    for (const MatJob& j : jobs) {
      int64_t r0, r1;
      ComputePool::split(j.w->rows, ith, nth, 16, &r0, &r1);
      if (r0 >= r1) continue;
      if (tokens == 1) {
        matvec_rows(*j.w, *j.x, j.y, r0, r1);
      } else {
        matmul_rows(*j.w, *j.x, j.y, j.w->rows, r0, r1);
      }
    }
  });
}

// One pass: the shared model parts and where each row goes. cap is the largest cache of the
// rows (it sizes the per-thread attention scratch).
struct Pass {
  const BatchContext& m;
  std::span<const ForwardRow> rows;
  int64_t cap;
};

// (cos, sin) for each row and frequency: state.rope[t * rope_dim + 2i + {0,1}].
void rope_table(const Pass& ps) {
  const ModelConfig& c = ps.m.config;
  for (size_t t = 0; t < ps.rows.size(); ++t) {
    const double p = static_cast<double>(ps.rows[t].pos) * c.rope_freq_scale;
    float* r = ps.m.state.rope.data() + static_cast<int64_t>(t) * c.rope_dim;
    for (int64_t i = 0; i < c.rope_dim / 2; ++i) {
      const double a = p * ps.m.rope_inv_freq[static_cast<size_t>(i)];
      r[2 * i] = static_cast<float>(std::cos(a));
      r[2 * i + 1] = static_cast<float>(std::sin(a));
    }
  }
}

// Rotates the first rope_dim entries of each of `heads` heads of one token in place.
void apply_rope(const ModelConfig& c, float* x, int64_t heads, const float* cs) {
  const int64_t half = c.rope_dim / 2;
  for (int64_t h = 0; h < heads; ++h) {
    float* v = x + h * c.head_dim;
    for (int64_t i = 0; i < half; ++i) {
      const int64_t a = c.rope_style == RopeStyle::kNeox ? i : 2 * i;
      const int64_t b = c.rope_style == RopeStyle::kNeox ? i + half : 2 * i + 1;
      const float x0 = v[a], x1 = v[b], cos = cs[2 * i], sin = cs[2 * i + 1];
      v[a] = x0 * cos - x1 * sin;
      v[b] = x0 * sin + x1 * cos;
    }
  }
}

// Attention of every row and KV head; items are dealt round-robin so that the rows of a prompt,
// whose attention grows with their position, are shared evenly.
void attention(const Pass& ps, int64_t layer) {
  const ModelConfig& c = ps.m.config;
  RunState& s = ps.m.state;
  const int64_t items = static_cast<int64_t>(ps.rows.size()) * c.n_kv_heads;
  const int64_t scratch_len = attention_scratch_floats(c, ps.cap);
  ps.m.pool.run([&](int ith, int nth) {
    float* scratch = s.scores.data() + ith * scratch_len;
    for (int64_t i = ith; i < items; i += nth) {
      const int64_t t = i / c.n_kv_heads;
      const ForwardRow& rw = ps.rows[static_cast<size_t>(t)];
      attend_group(c, *rw.kv, layer, rw.pos, i % c.n_kv_heads, s.q.data() + t * c.q_dim(),
                   s.att.data() + t * c.q_dim(), scratch);
    }
  });
}

void add_bias(float* x, const float* b, int64_t n, int64_t width) {
  if (b == nullptr) return;
  for (int64_t t = 0; t < n; ++t)
    for (int64_t i = 0; i < width; ++i) x[t * width + i] += b[i];
}

void attention_block(const Pass& ps, int64_t l) {
  const ModelConfig& c = ps.m.config;
  const LayerWeights& L = ps.m.weights.layers[static_cast<size_t>(l)];
  RunState& s = ps.m.state;
  const int64_t n = static_cast<int64_t>(ps.rows.size());
  for (int64_t t = 0; t < n; ++t)
    rmsnorm(s.xb.data() + t * c.dim, s.x.data() + t * c.dim, L.attn_norm, c.dim, c.rms_eps);
  forget_quantized(s);
  const MatJob qkv[] = {{&L.wq, &quantized(s, s.xb.data(), n, c.dim, L.wq.type), s.q.data()},
                        {&L.wk, &quantized(s, s.xb.data(), n, c.dim, L.wk.type), s.k.data()},
                        {&L.wv, &quantized(s, s.xb.data(), n, c.dim, L.wv.type), s.v.data()}};
  run_matmuls(ps.m.pool, qkv, n);
  add_bias(s.q.data(), L.bq, n, c.q_dim());
  add_bias(s.k.data(), L.bk, n, c.kv_dim());
  add_bias(s.v.data(), L.bv, n, c.kv_dim());
  for (int64_t t = 0; t < n; ++t) {
    const float* cs = s.rope.data() + t * c.rope_dim;
    const ForwardRow& rw = ps.rows[static_cast<size_t>(t)];
    apply_rope(c, s.q.data() + t * c.q_dim(), c.n_heads, cs);
    apply_rope(c, s.k.data() + t * c.kv_dim(), c.n_kv_heads, cs);
    rw.kv->store(l, 0, rw.pos, s.k.data() + t * c.kv_dim());
    rw.kv->store(l, 1, rw.pos, s.v.data() + t * c.kv_dim());
  }
  attention(ps, l);
  const MatJob out[] = {
      {&L.wo, &quantized(s, s.att.data(), n, c.q_dim(), L.wo.type), s.xb2.data()}};
  run_matmuls(ps.m.pool, out, n);
  for (int64_t i = 0; i < n * c.dim; ++i)
    s.x[static_cast<size_t>(i)] += s.xb2[static_cast<size_t>(i)];
}

void ffn_block(const Pass& ps, int64_t l) {
  const ModelConfig& c = ps.m.config;
  const LayerWeights& L = ps.m.weights.layers[static_cast<size_t>(l)];
  RunState& s = ps.m.state;
  const int64_t n = static_cast<int64_t>(ps.rows.size());
  for (int64_t t = 0; t < n; ++t)
    rmsnorm(s.xb.data() + t * c.dim, s.x.data() + t * c.dim, L.ffn_norm, c.dim, c.rms_eps);
  forget_quantized(s);
  const MatJob gate_up[] = {
      {&L.w_gate, &quantized(s, s.xb.data(), n, c.dim, L.w_gate.type), s.hb.data()},
      {&L.w_up, &quantized(s, s.xb.data(), n, c.dim, L.w_up.type), s.hb2.data()}};
  run_matmuls(ps.m.pool, gate_up, n);
  ps.m.pool.run([&](int ith, int nth) {
    int64_t i0, i1;
    ComputePool::split(n * c.ffn_dim, ith, nth, 64, &i0, &i1);
    for (int64_t i = i0; i < i1; ++i) {
      const float g = s.hb[static_cast<size_t>(i)];
      s.hb[static_cast<size_t>(i)] = g / (1.0f + std::exp(-g)) * s.hb2[static_cast<size_t>(i)];
    }
  });
  const MatJob down[] = {
      {&L.w_down, &quantized(s, s.hb.data(), n, c.ffn_dim, L.w_down.type), s.xb2.data()}};
  run_matmuls(ps.m.pool, down, n);
  for (int64_t i = 0; i < n * c.dim; ++i)
    s.x[static_cast<size_t>(i)] += s.xb2[static_cast<size_t>(i)];
}

Status check_token(const ModelConfig& c, size_t t, int32_t id) {
  if (id >= 0 && id < c.vocab_size) return Status::ok();
  return invalid_argument("token " + std::to_string(t) + ": id " + std::to_string(id) +
                          " outside the vocabulary of " + std::to_string(c.vocab_size));
}

// Runs every layer over the rows, then the output norm and matrix over the last `head_rows`
// rows (none: no logits): their logits land in state.logits, [head_rows x vocab]. Inputs were
// validated.
Status run_pass(const Pass& ps, std::span<const int32_t> tokens, int64_t head_rows) {
  const ModelConfig& c = ps.m.config;
  RunState& s = ps.m.state;
  const int64_t n = static_cast<int64_t>(tokens.size());
  for (int64_t t = 0; t < n; ++t)
    CHORUS_RETURN_IF_ERROR(dequantize_row(
        ps.m.weights.token_embd.type, ps.m.weights.token_embd.row(tokens[static_cast<size_t>(t)]),
        s.x.data() + t * c.dim, c.dim));
  rope_table(ps);
  for (int64_t l = 0; l < c.n_layers; ++l) {
    attention_block(ps, l);
    ffn_block(ps, l);
  }
  if (head_rows == 0) return Status::ok();
  const int64_t first = n - head_rows;
  for (int64_t t = 0; t < head_rows; ++t)
    rmsnorm(s.xb.data() + t * c.dim, s.x.data() + (first + t) * c.dim, ps.m.weights.output_norm,
            c.dim, c.rms_eps);
  forget_quantized(s);
  const MatJob head[] = {{&ps.m.weights.output,
                          &quantized(s, s.xb.data(), head_rows, c.dim, ps.m.weights.output.type),
                          s.logits.data()}};
  run_matmuls(ps.m.pool, head, head_rows);
  return Status::ok();
}

}  // namespace

Status forward(const ForwardContext& ctx, std::span<const int32_t> tokens, int64_t pos0,
               bool logits) {
  const int64_t n = static_cast<int64_t>(tokens.size());
  if (n == 0) return invalid_argument("forward: no tokens");
  if (n > ctx.state.batch || pos0 < 0 || pos0 + n > ctx.kv.capacity())
    return invalid_argument("forward: " + std::to_string(n) + " tokens at position " +
                            std::to_string(pos0) + " exceed the context of " +
                            std::to_string(ctx.kv.capacity()));
  for (size_t t = 0; t < tokens.size(); ++t)
    CHORUS_RETURN_IF_ERROR(check_token(ctx.config, t, tokens[t]));
  std::vector<ForwardRow> rows(tokens.size());
  for (int64_t t = 0; t < n; ++t) rows[static_cast<size_t>(t)] = {&ctx.kv, pos0 + t};
  const BatchContext m{ctx.config, ctx.weights, ctx.rope_inv_freq, ctx.pool, ctx.state};
  return run_pass(Pass{m, rows, ctx.kv.capacity()}, tokens, logits ? 1 : 0);
}

Status forward_rows(const BatchContext& ctx, std::span<const int32_t> tokens,
                    std::span<const ForwardRow> rows) {
  const ModelConfig& c = ctx.config;
  RunState& s = ctx.state;
  const int64_t n = static_cast<int64_t>(tokens.size());
  if (n == 0 || rows.size() != tokens.size())
    return invalid_argument("forward_rows: " + std::to_string(tokens.size()) + " tokens for " +
                            std::to_string(rows.size()) + " rows");
  if (n > s.batch || static_cast<int64_t>(s.logits.size()) < n * c.vocab_size)
    return invalid_argument("forward_rows: " + std::to_string(n) +
                            " rows exceed the scratch state (reserve it for them)");
  int64_t cap = 0;
  for (size_t t = 0; t < rows.size(); ++t) {
    const ForwardRow& r = rows[t];
    if (r.kv == nullptr || r.pos < 0 || r.pos >= r.kv->capacity())
      return invalid_argument("row " + std::to_string(t) + ": position " + std::to_string(r.pos) +
                              " outside its cache");
    CHORUS_RETURN_IF_ERROR(check_token(c, t, tokens[t]));
    cap = std::max(cap, r.kv->capacity());
  }
  if (static_cast<int64_t>(s.scores.size()) < ctx.pool.size() * attention_scratch_floats(c, cap))
    return invalid_argument("forward_rows: attention scratch smaller than a cache of " +
                            std::to_string(cap) + " positions (reserve it)");
  return run_pass(Pass{ctx, rows, cap}, tokens, n);
}

}  // namespace chorus::model
