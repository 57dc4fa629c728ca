// The transformer forward pass (llama / qwen2): embeddings, then per layer RMSNorm ->
// Q/K/V (+bias) -> RoPE -> causal grouped-query attention over the KV cache -> output projection
// -> residual, RMSNorm -> SwiGLU FFN -> residual; final RMSNorm and the output matrix.
//
// A batch of tokens goes through each layer together (prompt evaluation); one token is the
// decode case. Matrix products run on the pool, split by output rows.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "base/status.h"
#include "model/runtime/compute_pool.h"
#include "model/runtime/kv_cache.h"
#include "model/runtime/model_config.h"
#include "model/runtime/model_weights.h"
#include "model/runtime/run_state.h"

namespace chorus::model {

// Everything a forward pass reads or writes. The model parts are read-only; kv and state belong
// to one sequence; the pool is used exclusively for the duration of the call.
struct ForwardContext {
  const ModelConfig& config;
  const ModelWeights& weights;
  const std::vector<double>& rope_inv_freq;  // rope_dim / 2 entries
  ComputePool& pool;
  KvCache& kv;
  RunState& state;
};

// Evaluates tokens at positions pos0 .. pos0 + n - 1 (their K/V land in the cache) and leaves
// the logits of the last token in state.logits. Requires pos0 + n <= kv.capacity() and
// n <= state.batch (callers split long prompts). Token ids outside the vocabulary are
// kInvalidArgument naming the index.
Status forward(const ForwardContext& ctx, std::span<const int32_t> tokens, int64_t pos0);

}  // namespace chorus::model
