// ModelConfig: the hyperparameters of a llama-family transformer, read from GGUF metadata.
//
// Keys are `<arch>.<name>` as written by GGUF converters (embedding_length, block_count,
// attention.head_count(_kv), feed_forward_length, rope.*, attention.layer_norm_rms_epsilon,
// context_length). Missing optional keys take llama.cpp's defaults (rope base 10000, eps 1e-5,
// kv heads = heads, rope dims = head dim). Supported architectures: `llama` (Llama 2/3, Mistral,
// TinyLlama, SmolLM) and `qwen2` (QKV biases, NeoX RoPE). Plain value type, no thread concerns.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/status.h"
#include "model/gguf/gguf.h"

namespace chorus::model {

enum class Arch { kLlama, kQwen2 };
// How RoPE pairs the entries of a head: adjacent (x[2i], x[2i+1]) or halves (x[i], x[i+d/2]).
enum class RopeStyle { kNormal, kNeox };

struct ModelConfig {
  Arch arch = Arch::kLlama;
  std::string arch_name;  // "llama" / "qwen2"
  int64_t dim = 0;        // embedding width
  int64_t n_layers = 0;
  int64_t n_heads = 0;         // query heads
  int64_t n_kv_heads = 0;      // key/value heads (GQA when < n_heads)
  int64_t head_dim = 0;        // dim / n_heads unless attention.key_length says otherwise
  int64_t ffn_dim = 0;         // SwiGLU hidden width
  int64_t vocab_size = 0;      // rows of token_embd
  int64_t context_length = 0;  // trained context (informational; sessions choose their own)
  int64_t rope_dim = 0;        // leading entries of each head that are rotated (even)
  double rope_base = 10000.0;
  double rope_freq_scale = 1.0;  // position multiplier (1 / linear scaling factor)
  RopeStyle rope_style = RopeStyle::kNormal;
  float rms_eps = 1e-5f;
  // Llama 3 style per-frequency divisors, rope_dim / 2 entries; empty means all 1. Filled from
  // the rope_freqs tensor or computed from rope.scaling.* keys of type "llama3".
  std::vector<float> rope_freq_factors;

  int64_t q_dim() const { return n_heads * head_dim; }
  int64_t kv_dim() const { return n_kv_heads * head_dim; }
};

// Reads and checks the configuration; errors name the key or tensor at fault.
Result<ModelConfig> read_model_config(const GgufFile& file);

// Inverse frequencies theta_i = base^(-2i/rope_dim) / factor_i, rope_dim / 2 entries.
std::vector<double> rope_inv_freqs(const ModelConfig& config);

}  // namespace chorus::model
