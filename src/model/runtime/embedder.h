// Embedder: a text embedding from a loaded llama-family Model, for POST /v1/embeddings.
//
// The embedding of a token sequence is the mean over its tokens of the final hidden state (the
// residual stream after the last layer, passed through the model's output RMSNorm — what the
// output matrix would read), L2-normalized: `dim` floats of unit length. Causal attention means
// each token's state sees only its prefix; mean pooling lets every token count. Empty input is
// kInvalidArgument; inputs longer than max_tokens are kInvalidArgument naming the length.
//
// The Embedder has its own compute pool, KV cache and scratch (it does not touch the Model's
// Sessions); embed() is not thread-safe — callers serialize (the server holds a mutex). While the
// Model's background repack is in flight, embed() also holds the Model's compute mutex
// (Model::hold_weights), so it waits for Sessions' passes then.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "base/status.h"
#include "model/runtime/compute_pool.h"
#include "model/runtime/kv_cache.h"
#include "model/runtime/model.h"
#include "model/runtime/run_state.h"

namespace chorus::model {

class Embedder {
 public:
  Embedder(const Model& model, int threads, int64_t max_tokens);

  int64_t dim() const { return model_.config().dim; }
  int64_t max_tokens() const { return kv_.capacity(); }
  // The unit-length embedding of `tokens` ([dim] floats).
  Result<std::vector<float>> embed(std::span<const int32_t> tokens);

 private:
  const Model& model_;
  std::vector<double> rope_inv_freq_;
  ComputePool pool_;
  KvCache kv_;
  RunState state_;
};

}  // namespace chorus::model
