#include "model/runtime/model_config.h"

#include <cmath>
#include <numbers>

#include "model/quant/quant.h"

namespace chorus::model {
namespace {

Result<int64_t> positive(const GgufFile& f, const std::string& key) {
  CHORUS_ASSIGN_OR_RETURN(uint64_t v, f.get_uint(key));
  if (v == 0 || v > (1ull << 31))
    return invalid_argument(key + ": out of range " + std::to_string(v));
  return static_cast<int64_t>(v);
}

Result<int64_t> positive_or(const GgufFile& f, const std::string& key, int64_t fallback) {
  if (f.find(key) == nullptr) return fallback;
  return positive(f, key);
}

// Llama 3.1 frequency smoothing (rope.scaling.type == "llama3") when no rope_freqs tensor exists.
Status llama3_factors(const GgufFile& f, const std::string& p, ModelConfig& c) {
  CHORUS_ASSIGN_OR_RETURN(double factor, f.get_float_or(p + "rope.scaling.factor", 8.0));
  CHORUS_ASSIGN_OR_RETURN(double low, f.get_float_or(p + "rope.scaling.low_freq_factor", 1.0));
  CHORUS_ASSIGN_OR_RETURN(double high, f.get_float_or(p + "rope.scaling.high_freq_factor", 4.0));
  CHORUS_ASSIGN_OR_RETURN(uint64_t old_ctx,
                          f.get_uint_or(p + "rope.scaling.original_context_length", 8192));
  if (factor <= 0 || low <= 0 || high <= low)
    return invalid_argument(p + "rope.scaling.*: inconsistent llama3 parameters");
  const double low_wavelen = static_cast<double>(old_ctx) / low;
  const double high_wavelen = static_cast<double>(old_ctx) / high;
  c.rope_freq_factors.clear();
  for (int64_t i = 0; i < c.rope_dim / 2; ++i) {
    const double freq = std::pow(c.rope_base, -2.0 * static_cast<double>(i) / c.rope_dim);
    const double wavelen = 2 * std::numbers::pi / freq;
    double div = 1.0;
    if (wavelen > low_wavelen) {
      div = factor;
    } else if (wavelen >= high_wavelen) {
      const double smooth = (static_cast<double>(old_ctx) / wavelen - low) / (high - low);
      div = 1.0 / ((1 - smooth) / factor + smooth);
    }
    c.rope_freq_factors.push_back(static_cast<float>(div));
  }
  return Status::ok();
}

Status read_rope(const GgufFile& f, const std::string& p, ModelConfig& c) {
  CHORUS_ASSIGN_OR_RETURN(c.rope_dim, positive_or(f, p + "rope.dimension_count", c.head_dim));
  if (c.rope_dim % 2 != 0 || c.rope_dim > c.head_dim)
    return invalid_argument(p + "rope.dimension_count: " + std::to_string(c.rope_dim) +
                            " must be even and <= head dim " + std::to_string(c.head_dim));
  CHORUS_ASSIGN_OR_RETURN(c.rope_base, f.get_float_or(p + "rope.freq_base", 10000.0));
  if (!(c.rope_base > 1.0)) return invalid_argument(p + "rope.freq_base: must be > 1");
  std::string type;
  if (f.find(p + "rope.scaling.type") != nullptr) {
    CHORUS_ASSIGN_OR_RETURN(std::string_view t, f.get_string(p + "rope.scaling.type"));
    type = std::string(t);
  }
  if (type == "linear") {
    CHORUS_ASSIGN_OR_RETURN(double factor, f.get_float_or(p + "rope.scaling.factor", 1.0));
    if (!(factor > 0)) return invalid_argument(p + "rope.scaling.factor: must be > 0");
    c.rope_freq_scale = 1.0 / factor;
  } else if (!type.empty() && type != "none" && type != "llama3") {
    return invalid_argument(p + "rope.scaling.type: unsupported '" + type + "'");
  }
  if (const GgufTensor* t = f.tensor("rope_freqs.weight")) {
    if (t->type != static_cast<uint32_t>(GgmlType::F32) || t->elements() != c.rope_dim / 2)
      return invalid_argument("tensor 'rope_freqs.weight': expected F32 with " +
                              std::to_string(c.rope_dim / 2) + " elements");
    const auto* v = reinterpret_cast<const float*>(t->data);
    c.rope_freq_factors.assign(v, v + c.rope_dim / 2);
  } else if (type == "llama3") {
    CHORUS_RETURN_IF_ERROR(llama3_factors(f, p, c));
  }
  return Status::ok();
}

}  // namespace

Result<ModelConfig> read_model_config(const GgufFile& f) {
  ModelConfig c;
  CHORUS_ASSIGN_OR_RETURN(std::string_view arch, f.get_string("general.architecture"));
  c.arch_name = std::string(arch);
  if (arch == "llama") {
    c.arch = Arch::kLlama;
    c.rope_style = RopeStyle::kNormal;
  } else if (arch == "qwen2") {
    c.arch = Arch::kQwen2;
    c.rope_style = RopeStyle::kNeox;
  } else {
    return invalid_argument("general.architecture: unsupported '" + c.arch_name +
                            "' (supported: llama, qwen2)");
  }
  const std::string p = c.arch_name + ".";
  CHORUS_ASSIGN_OR_RETURN(c.dim, positive(f, p + "embedding_length"));
  CHORUS_ASSIGN_OR_RETURN(c.n_layers, positive(f, p + "block_count"));
  CHORUS_ASSIGN_OR_RETURN(c.n_heads, positive(f, p + "attention.head_count"));
  CHORUS_ASSIGN_OR_RETURN(c.n_kv_heads, positive_or(f, p + "attention.head_count_kv", c.n_heads));
  CHORUS_ASSIGN_OR_RETURN(c.ffn_dim, positive(f, p + "feed_forward_length"));
  CHORUS_ASSIGN_OR_RETURN(c.context_length, positive_or(f, p + "context_length", 2048));
  if (c.n_heads % c.n_kv_heads != 0)
    return invalid_argument(p + "attention.head_count_kv: " + std::to_string(c.n_kv_heads) +
                            " does not divide head_count " + std::to_string(c.n_heads));
  if (c.dim % c.n_heads != 0 && f.find(p + "attention.key_length") == nullptr)
    return invalid_argument(p + "attention.head_count: does not divide embedding_length");
  CHORUS_ASSIGN_OR_RETURN(c.head_dim,
                          positive_or(f, p + "attention.key_length", c.dim / c.n_heads));
  CHORUS_ASSIGN_OR_RETURN(double eps, f.get_float_or(p + "attention.layer_norm_rms_epsilon", 1e-5));
  if (!(eps > 0 && eps < 1))
    return invalid_argument(p + "attention.layer_norm_rms_epsilon: out of range");
  c.rms_eps = static_cast<float>(eps);
  CHORUS_RETURN_IF_ERROR(read_rope(f, p, c));
  const GgufTensor* embd = f.tensor("token_embd.weight");
  if (embd == nullptr) return invalid_argument("tensor 'token_embd.weight': missing");
  if (embd->dims.size() != 2 || embd->dims[0] != c.dim)
    return invalid_argument("tensor 'token_embd.weight': expected dims [" + std::to_string(c.dim) +
                            ", vocab]");
  c.vocab_size = embd->dims[1];
  return c;
}

std::vector<double> rope_inv_freqs(const ModelConfig& c) {
  std::vector<double> inv(static_cast<size_t>(c.rope_dim / 2));
  for (size_t i = 0; i < inv.size(); ++i) {
    inv[i] = std::pow(c.rope_base, -2.0 * static_cast<double>(i) / static_cast<double>(c.rope_dim));
    if (i < c.rope_freq_factors.size()) inv[i] /= c.rope_freq_factors[i];
  }
  return inv;
}

}  // namespace chorus::model
