// Model: a loaded llama-family GGUF model, ready to evaluate; the factory of Sessions.
//
// The Model owns the mapped file (weights stay in the mapping, except Q4_0, Q8_0, Q4_K and Q6_K
// matrices repacked into an interleaved copy that replaces them; see ModelOptions::repack), the
// configuration, the weight views and a ComputePool of `threads` threads. Sessions borrow the pool
// one forward pass at a time under an internal mutex (the compute mutex): several Sessions
// (independent sequences) may be used from different threads, and their forward passes are
// serialized.
//
// Weights and the background repack (RepackMode::kBackground, the default): load() returns once
// the views of the file's row layout are usable, and background threads repack matrices into
// their slots meanwhile. A repacked matrix's view is swapped only under the compute mutex, at the
// start of a forward pass or by a repack thread between passes, and its source pages are
// released only after that; the repack never changes what a pass computes beyond float rounding
// (the interleaved kernels round differently: a near-tie between two logits may break the other
// way, as it may between kOff and kAtLoad). So:
// - Sessions, the BatchDecoder and the Embedder read the views inside their passes, under the
//   compute mutex (the Embedder takes it only while the repack is in flight: hold_weights()).
// - weights() outside a pass (bytes_per_token(), residency checks) is stable only once
//   repack_finished() is true, e.g. after wait_repacked(); config(), file() and the norm and bias
//   vectors never change after load().
// - The destructor stops the repack after the matrices being written and joins its threads; no
//   Session, BatchDecoder or Embedder may outlive the Model.
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

// When a Model interleaves its matrices. kBackground: on `threads` threads after load() returned
// (see "Weights and the background repack" above); kAtLoad: before load() returns; kOff: never
// (the file's row layout).
enum class RepackMode { kBackground, kAtLoad, kOff };

struct ModelOptions {
  int threads = 1;
  KvType kv_type = KvType::kF16;
  // Prompt tokens evaluated together; longer prompts run in chunks of this many, with the same
  // results. Scratch grows with it (~90 KB per token at dim 2048, ffn 5632) while the matrix
  // products, tiled by 64 tokens, gain little beyond (fewer passes: fewer pool barriers).
  int64_t max_batch = 128;
  // Interleave Q4_0, Q8_0, Q4_K and Q6_K matrices (repack_x8): faster products, the same memory.
  RepackMode repack = RepackMode::kBackground;
  // Tests and measurements: the background repack stops after this many matrices until
  // Model::resume_repack() (< 0: no hold).
  int64_t repack_hold_after = -1;
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

  // True once the weights are final: the repack finished, or none runs in the background.
  bool repack_finished() const { return !repacker_ || repacker_->finished(); }
  // Blocks until repack_finished() (with repack_hold_after, until the held point is reached).
  // Not from inside a forward pass.
  void wait_repacked() const;
  // How far the background repack has come (all zero and finished when there is none).
  RepackProgress repack_progress() const;
  // Lets a repack held by ModelOptions::repack_hold_after go on.
  void resume_repack();
  // For a forward pass outside the Model's pool: while the repack is in flight, the compute mutex
  // with finished swaps applied; afterwards, nothing to hold (an empty lock).
  std::unique_lock<std::mutex> hold_weights() const;
  ~Model();

 private:
  friend class Session;
  friend class BatchDecoder;
  Model(std::unique_ptr<GgufFile> file, ModelConfig config, ModelWeights weights,
        const ModelOptions& options);
  // Starts the background repack of the weights now owned here.
  Status start_repack();
  // Publishes finished repacks; the caller holds compute_mu_ (at the start of each pass).
  void apply_repacked() const;

  std::unique_ptr<GgufFile> file_;
  ModelConfig config_;
  ModelWeights weights_;
  std::vector<double> rope_inv_freq_;
  ModelOptions options_;
  mutable std::mutex compute_mu_;  // guards pool_ and, during a background repack, weights_
  mutable ComputePool pool_;
  std::unique_ptr<Repacker> repacker_;  // last: stopped before the rest is destroyed
};

}  // namespace chorus::model
