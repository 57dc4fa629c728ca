// Model: a loaded llama-family GGUF model, ready to evaluate; the factory of Sessions.
//
// The Model owns the mapped file (weights stay in the mapping, except Q4_0, Q8_0, Q4_K and Q6_K
// matrices repacked into an interleaved copy that replaces them; see ModelOptions::repack), the
// configuration, the weight views and a ComputePool of `threads` threads. It is immutable after
// load() except for the pool, which Sessions borrow one forward pass at a time under an internal
// mutex: several Sessions (independent sequences) may be used from different threads, and their
// forward passes are serialized.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "base/status.h"
#include "model/gguf/gguf.h"
#include "model/runtime/compute_pool.h"
#include "model/runtime/kv_cache.h"
#include "model/runtime/model_config.h"
#include "model/runtime/model_weights.h"

namespace chorus::model {

class Session;

struct ModelOptions {
  int threads = 1;
  KvType kv_type = KvType::kF16;
  // Prompt tokens evaluated together; longer prompts run in chunks of this many, with the same
  // results. Scratch grows with it (~90 KB per token at dim 2048, ffn 5632) while the matrix
  // products, tiled by 64 tokens, gain little beyond (fewer passes: fewer pool barriers).
  int64_t max_batch = 128;
  // Interleave Q4_0, Q8_0, Q4_K and Q6_K matrices at load (repack_weights): faster products, the
  // same memory.
  bool repack = true;
};

class Model {
 public:
  static Result<std::unique_ptr<Model>> load(const std::string& path, const ModelOptions& options);
  static Result<std::unique_ptr<Model>> from_file(std::unique_ptr<GgufFile> file,
                                                  const ModelOptions& options);

  const ModelConfig& config() const { return config_; }
  const ModelWeights& weights() const { return weights_; }
  const GgufFile& file() const { return *file_; }
  const ModelOptions& options() const { return options_; }

  // A new, empty sequence holding up to `context` positions (0: the trained context length).
  Result<std::unique_ptr<Session>> new_session(int64_t context = 0) const;

 private:
  friend class Session;
  friend class BatchDecoder;
  Model(std::unique_ptr<GgufFile> file, ModelConfig config, ModelWeights weights,
        const ModelOptions& options);

  std::unique_ptr<GgufFile> file_;
  ModelConfig config_;
  ModelWeights weights_;
  std::vector<double> rope_inv_freq_;
  ModelOptions options_;
  mutable std::mutex compute_mu_;  // guards pool_
  mutable ComputePool pool_;
};

}  // namespace chorus::model
