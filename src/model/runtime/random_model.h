// Random-weight GGUF models of a given shape: for benchmarks (speed does not depend on weight
// values) and for comparing the runtime with the Python reference on every architecture and type.
//
// Matrices are N(0, 0.02), norms 1, qwen2 biases N(0, 0.02); values depend only on the seed, the
// tensor name and the row, not on the thread count. The file carries all the standard llama.cpp
// metadata keys so that other GGUF runtimes load it. Types: F32, F16, BF16, Q4_0, Q4_1, Q5_0,
// Q8_0, Q4_K, Q5_K, Q6_K and the mixes Q4_K_M / Q5_K_M (output.weight Q6_K; attn_v and ffn_down
// Q6_K in llama.cpp's "more bits" layers). For Q4_0 and the K mixes output.weight is Q6_K, as
// llama.cpp's quantizer does. A K-type matrix whose rows are not a multiple of 256 falls back to
// Q5_0 (Q4_K) or Q8_0 (Q5_K, Q6_K), again as llama.cpp does.
#pragma once

#include <cstdint>
#include <string>

#include "base/status.h"
#include "model/gguf/gguf.h"

namespace chorus::model {

struct RandomModelSpec {
  std::string arch = "llama";  // "llama" or "qwen2"
  int64_t dim = 64;
  int64_t layers = 2;
  int64_t heads = 4;
  int64_t kv_heads = 4;
  int64_t ffn = 128;
  std::string type = "F32";  // a type name or Q4_K_M / Q5_K_M
  uint64_t seed = 1;
  int64_t context = 2048;
  double rope_base = 10000.0;
  float rms_eps = 1e-5f;
  bool tied_output = false;              // omit output.weight (the runtime uses token_embd)
  const GgufFile* vocab_from = nullptr;  // copy every tokenizer.* key; else a synthetic byte vocab
  int threads = 0;                       // 0: hardware concurrency
};

// Writes the model to `path`; kInvalidArgument names the inconsistent field.
Status write_random_model(const RandomModelSpec& spec, const std::string& path);

}  // namespace chorus::model
