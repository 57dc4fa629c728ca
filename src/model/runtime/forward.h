// The transformer forward pass (llama / qwen2): embeddings, then per layer RMSNorm ->
// Q/K/V (+bias) -> RoPE -> causal grouped-query attention over the KV cache -> output projection
// -> residual, RMSNorm -> SwiGLU FFN -> residual; final RMSNorm and the output matrix.
//
// A batch of rows goes through each layer together: the tokens of one prompt (forward()), or
// the next token of several sequences (forward_rows(), continuous batching). Matrix products
// run over all rows at once on the pool, split by output rows, so the weights are read once per
// pass; RoPE and attention run per row against that row's own KV cache.
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

// Evaluates tokens at positions pos0 .. pos0 + n - 1 (their K/V land in the cache) and, when
// `logits`, leaves the logits of the last token in state.logits (a chunk of a prompt other than
// the last, or an embedding, needs none: the output matrix is then skipped). Requires pos0 + n <=
// kv.capacity() and n <= state.batch (callers split long prompts). Token ids outside the
// vocabulary are kInvalidArgument naming the index.
Status forward(const ForwardContext& ctx, std::span<const int32_t> tokens, int64_t pos0,
               bool logits = true);

// Row t of a batched pass: its token goes to position `pos` of the sequence cached in `kv`, and
// its attention reads positions 0 .. pos of that cache.
struct ForwardRow {
  KvCache* kv;
  int64_t pos;
};

// The parts of a forward pass shared by every row; state is sized by the caller (reserve with
// logit_rows >= the rows of the pass and context >= the largest cache).
struct BatchContext {
  const ModelConfig& config;
  const ModelWeights& weights;
  const std::vector<double>& rope_inv_freq;
  ComputePool& pool;
  RunState& state;
};

// Evaluates tokens[t] at rows[t] for every t in one pass and leaves the logits of every row in
// state.logits ([n x vocab], row t at t * vocab). Each row's result equals a one-token forward()
// of that row alone (same kernels, same order of operations). Requires distinct (kv, pos) pairs
// (the caller's contract: BatchDecoder checks it). Positions outside their cache, n >
// state.batch, undersized scratch and token ids outside the vocabulary are kInvalidArgument
// naming the row, before anything is evaluated.
Status forward_rows(const BatchContext& ctx, std::span<const int32_t> tokens,
                    std::span<const ForwardRow> rows);

}  // namespace chorus::model
