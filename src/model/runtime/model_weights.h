// ModelWeights: read-only views of a transformer's tensors inside the mapped GGUF file.
//
// Views point into the file, which must outlive the weights, except matrices that
// repack_weights() moved into an interleaved layout: those live in `repacked` (owned here), and
// their range of the mapping is released and never read again, so the process holds one copy.
// Matrices are [rows = outputs x cols = inputs] (GGUF dims reversed). Norm weights and biases must
// be F32 vectors. Immutable after load_model_weights(); safe for any number of concurrent readers.
#pragma once

#include <memory>
#include <vector>

#include "base/status.h"
#include "model/gguf/gguf.h"
#include "model/quant/quant.h"
#include "model/runtime/model_config.h"

namespace chorus::model {

struct LayerWeights {
  const float* attn_norm = nullptr;  // [dim]
  TensorView wq;                     // [q_dim x dim]
  TensorView wk;                     // [kv_dim x dim]
  TensorView wv;                     // [kv_dim x dim]
  const float* bq = nullptr;         // [q_dim]  qwen2 only, else null
  const float* bk = nullptr;         // [kv_dim] qwen2 only, else null
  const float* bv = nullptr;         // [kv_dim] qwen2 only, else null
  TensorView wo;                     // [dim x q_dim]
  const float* ffn_norm = nullptr;   // [dim]
  TensorView w_gate;                 // [ffn_dim x dim]
  TensorView w_up;                   // [ffn_dim x dim]
  TensorView w_down;                 // [dim x ffn_dim]
};

struct ModelWeights {
  TensorView token_embd;               // [vocab x dim]
  std::vector<LayerWeights> layers;    // n_layers
  const float* output_norm = nullptr;  // [dim]
  TensorView output;                   // [vocab x dim]; token_embd when output.weight is absent
  bool tied_output = false;
  std::shared_ptr<void> repacked;    // the memory of repacked matrices (null: none)
  std::shared_ptr<float[]> vectors;  // owned copies of the norm and bias vectors (own_vectors)

  // Bytes of weights read to decode one token: every matrix once, plus one embedding row.
  uint64_t bytes_per_token() const;
};

// Builds views for every tensor the architecture needs, checking presence, type and shape; an
// error names the tensor and what was expected.
Result<ModelWeights> load_model_weights(const GgufFile& file, const ModelConfig& config);

// Repacks every layer matrix (and an untied output matrix) that can_repack_x8() into one
// anonymous buffer (huge pages where the kernel allows) and releases each one's pages of the file
// mapping (madvise MADV_DONTNEED) once copied when `release_source` (only for a file mapping:
// GgufFile::is_mapped()), on `threads` threads. Returns the bytes repacked; fails (changing
// nothing) only when the buffer cannot be allocated.
Result<uint64_t> repack_weights(ModelWeights& w, bool release_source, int threads);

}  // namespace chorus::model
