#include "model/runtime/random_model.h"

#include <algorithm>
#include <thread>
#include <vector>

#include "base/hash.h"
#include "base/random.h"
#include "model/quant/quant.h"

namespace chorus::model {
namespace {

struct TypePlan {
  GgmlType base = GgmlType::F32;
  bool k_mix = false;      // Q4_K_M / Q5_K_M
  uint32_t file_type = 0;  // general.file_type (llama_ftype)
};

Result<TypePlan> plan_types(const std::string& name) {
  struct Row {
    const char* name;
    GgmlType type;
    bool mix;
    uint32_t ftype;
  };
  static const Row kRows[] = {
      {"F32", GgmlType::F32, false, 0},     {"F16", GgmlType::F16, false, 1},
      {"BF16", GgmlType::BF16, false, 32},  {"Q4_0", GgmlType::Q4_0, false, 2},
      {"Q4_1", GgmlType::Q4_1, false, 3},   {"Q5_0", GgmlType::Q5_0, false, 8},
      {"Q8_0", GgmlType::Q8_0, false, 7},   {"Q4_K", GgmlType::Q4_K, false, 14},
      {"Q5_K", GgmlType::Q5_K, false, 16},  {"Q6_K", GgmlType::Q6_K, false, 18},
      {"Q4_K_M", GgmlType::Q4_K, true, 15}, {"Q5_K_M", GgmlType::Q5_K, true, 17},
  };
  std::string upper = name;
  for (char& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  for (const Row& r : kRows)
    if (upper == r.name) return TypePlan{r.type, r.mix, r.ftype};
  return invalid_argument("type: unsupported '" + name + "'");
}

bool is_k(GgmlType t) {
  return t == GgmlType::Q4_K || t == GgmlType::Q5_K || t == GgmlType::Q6_K;
}

// llama.cpp's choice of a type that fits rows of `cols` elements.
GgmlType fit(GgmlType t, int64_t cols) {
  if (is_k(t) && cols % 256 != 0) return t == GgmlType::Q4_K ? GgmlType::Q5_0 : GgmlType::Q8_0;
  return t;
}

// llama.cpp's use_more_bits(): the first and last eighth of the layers and every third between.
bool more_bits(int64_t i, int64_t n) {
  return i < n / 8 || i >= 7 * n / 8 || (i - n / 8) % 3 == 2;
}

GgmlType matrix_type(const TypePlan& plan, const std::string& name, int64_t layer, int64_t layers) {
  if (name == "output.weight") {
    if (plan.k_mix || plan.base == GgmlType::Q4_0) return GgmlType::Q6_K;
    return plan.base;
  }
  if (plan.k_mix && (name.ends_with("attn_v.weight") || name.ends_with("ffn_down.weight")) &&
      more_bits(layer, layers))
    return GgmlType::Q6_K;
  return plan.base;
}

// rows x cols of N(0, 0.02), quantized row by row on `threads` threads.
Result<std::string> random_matrix(GgmlType type, const std::string& name, int64_t rows,
                                  int64_t cols, uint64_t seed, int threads) {
  const size_t row_bytes = type_row_bytes(type, cols);
  std::string bytes(row_bytes * static_cast<size_t>(rows), '\0');
  const uint64_t name_seed = hash64(name, seed);
  std::vector<Status> errors(static_cast<size_t>(threads));
  auto work = [&](int ith) {
    std::vector<float> row(static_cast<size_t>(cols));
    for (int64_t r = ith; r < rows; r += threads) {
      Rng rng(mix64(name_seed + static_cast<uint64_t>(r)));
      for (float& v : row) v = static_cast<float>(rng.normal() * 0.02);
      Status st = quantize_row_ref(type, row.data(),
                                   bytes.data() + row_bytes * static_cast<size_t>(r), cols);
      if (!st.is_ok()) {
        errors[static_cast<size_t>(ith)] = st;
        return;
      }
    }
  };
  std::vector<std::thread> pool;
  for (int i = 1; i < threads; ++i) pool.emplace_back(work, i);
  work(0);
  for (auto& t : pool) t.join();
  for (const Status& st : errors)
    if (!st.is_ok()) return st.with_context("tensor '" + name + "'");
  return bytes;
}

std::string f32_bytes(const std::vector<float>& v) {
  return std::string(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(float));
}

std::vector<float> normals(const std::string& name, int64_t n, uint64_t seed) {
  Rng rng(hash64(name, seed));
  std::vector<float> v(static_cast<size_t>(n));
  for (float& x : v) x = static_cast<float>(rng.normal() * 0.02);
  return v;
}

// tokenizer.* keys: copied from a file, or a byte-fallback SentencePiece vocabulary of
// <unk> <s> </s> and the 256 bytes. Returns the vocabulary size.
Result<int64_t> add_vocab(GgufWriter& w, const GgufFile* from) {
  if (from != nullptr) {
    int64_t size = -1;
    for (const GgufKV& kv : from->metadata()) {
      if (!kv.key.starts_with("tokenizer.")) continue;
      w.add_copy(*from, kv);
      if (kv.key == "tokenizer.ggml.tokens") size = static_cast<int64_t>(kv.count);
    }
    if (size <= 0) return invalid_argument("vocab-from: no tokenizer.ggml.tokens array");
    return size;
  }
  std::vector<std::string> tokens = {"<unk>", "<s>", "</s>"};
  std::vector<int32_t> types = {2, 3, 3};
  for (int b = 0; b < 256; ++b) {
    char buf[8];
    std::snprintf(buf, sizeof(buf), "<0x%02X>", b);
    tokens.emplace_back(buf);
    types.push_back(6);
  }
  w.add_string("tokenizer.ggml.model", "llama");
  w.add_string_array("tokenizer.ggml.tokens", tokens);
  w.add_float32_array("tokenizer.ggml.scores", std::vector<float>(tokens.size(), 0.0f));
  w.add_int32_array("tokenizer.ggml.token_type", types);
  w.add_uint32("tokenizer.ggml.unknown_token_id", 0);
  w.add_uint32("tokenizer.ggml.bos_token_id", 1);
  w.add_uint32("tokenizer.ggml.eos_token_id", 2);
  w.add_bool("tokenizer.ggml.add_bos_token", true);
  return static_cast<int64_t>(tokens.size());
}

Status check_spec(const RandomModelSpec& s) {
  if (s.arch != "llama" && s.arch != "qwen2")
    return invalid_argument("arch: must be llama or qwen2");
  if (s.dim <= 0 || s.layers <= 0 || s.heads <= 0 || s.kv_heads <= 0 || s.ffn <= 0)
    return invalid_argument("dim, layers, heads, kv-heads and ffn must be positive");
  if (s.dim % s.heads != 0) return invalid_argument("heads: must divide dim");
  if (s.heads % s.kv_heads != 0) return invalid_argument("kv-heads: must divide heads");
  if ((s.dim / s.heads) % 2 != 0) return invalid_argument("heads: head dim must be even");
  if (s.dim % 32 != 0 || s.ffn % 32 != 0)
    return invalid_argument("dim and ffn: must be multiples of 32");
  return Status::ok();
}

void add_hparams(GgufWriter& w, const RandomModelSpec& s, const TypePlan& plan, int64_t vocab) {
  const std::string a = s.arch;
  w.add_string("general.architecture", a);
  w.add_string("general.name", "chorus-random-" + a);
  w.add_uint32("general.file_type", plan.file_type);
  w.add_uint32("general.quantization_version", 2);
  w.add_uint32(a + ".context_length", static_cast<uint32_t>(s.context));
  w.add_uint32(a + ".embedding_length", static_cast<uint32_t>(s.dim));
  w.add_uint32(a + ".block_count", static_cast<uint32_t>(s.layers));
  w.add_uint32(a + ".feed_forward_length", static_cast<uint32_t>(s.ffn));
  w.add_uint32(a + ".attention.head_count", static_cast<uint32_t>(s.heads));
  w.add_uint32(a + ".attention.head_count_kv", static_cast<uint32_t>(s.kv_heads));
  w.add_uint32(a + ".rope.dimension_count", static_cast<uint32_t>(s.dim / s.heads));
  w.add_float32(a + ".rope.freq_base", static_cast<float>(s.rope_base));
  w.add_float32(a + ".attention.layer_norm_rms_epsilon", s.rms_eps);
  w.add_uint32(a + ".vocab_size", static_cast<uint32_t>(vocab));
}

}  // namespace

Status write_random_model(const RandomModelSpec& s, const std::string& path) {
  CHORUS_RETURN_IF_ERROR(check_spec(s));
  CHORUS_ASSIGN_OR_RETURN(TypePlan plan, plan_types(s.type));
  const int threads = s.threads > 0 ? s.threads : std::max(1u, std::thread::hardware_concurrency());
  GgufWriter w;
  CHORUS_ASSIGN_OR_RETURN(int64_t vocab, add_vocab(w, s.vocab_from));
  add_hparams(w, s, plan, vocab);
  const int64_t hd = s.dim / s.heads, kv_dim = s.kv_heads * hd;
  auto matrix = [&](const std::string& name, int64_t rows, int64_t cols, int64_t layer) -> Status {
    const GgmlType t = fit(matrix_type(plan, name, layer, s.layers), cols);
    CHORUS_ASSIGN_OR_RETURN(std::string bytes, random_matrix(t, name, rows, cols, s.seed, threads));
    return w.add_tensor(name, static_cast<uint32_t>(t), {cols, rows}, std::move(bytes));
  };
  auto vec = [&](const std::string& name, std::vector<float> v) {
    const int64_t n = static_cast<int64_t>(v.size());
    return w.add_tensor(name, static_cast<uint32_t>(GgmlType::F32), {n}, f32_bytes(v));
  };
  const std::vector<float> ones(static_cast<size_t>(s.dim), 1.0f);
  CHORUS_RETURN_IF_ERROR(matrix("token_embd.weight", vocab, s.dim, 0));
  CHORUS_RETURN_IF_ERROR(vec("output_norm.weight", ones));
  if (!s.tied_output) CHORUS_RETURN_IF_ERROR(matrix("output.weight", vocab, s.dim, 0));
  for (int64_t i = 0; i < s.layers; ++i) {
    const std::string p = "blk." + std::to_string(i) + ".";
    CHORUS_RETURN_IF_ERROR(vec(p + "attn_norm.weight", ones));
    CHORUS_RETURN_IF_ERROR(matrix(p + "attn_q.weight", s.dim, s.dim, i));
    CHORUS_RETURN_IF_ERROR(matrix(p + "attn_k.weight", kv_dim, s.dim, i));
    CHORUS_RETURN_IF_ERROR(matrix(p + "attn_v.weight", kv_dim, s.dim, i));
    if (s.arch == "qwen2") {
      CHORUS_RETURN_IF_ERROR(vec(p + "attn_q.bias", normals(p + "attn_q.bias", s.dim, s.seed)));
      CHORUS_RETURN_IF_ERROR(vec(p + "attn_k.bias", normals(p + "attn_k.bias", kv_dim, s.seed)));
      CHORUS_RETURN_IF_ERROR(vec(p + "attn_v.bias", normals(p + "attn_v.bias", kv_dim, s.seed)));
    }
    CHORUS_RETURN_IF_ERROR(matrix(p + "attn_output.weight", s.dim, s.dim, i));
    CHORUS_RETURN_IF_ERROR(vec(p + "ffn_norm.weight", ones));
    CHORUS_RETURN_IF_ERROR(matrix(p + "ffn_gate.weight", s.ffn, s.dim, i));
    CHORUS_RETURN_IF_ERROR(matrix(p + "ffn_down.weight", s.dim, s.ffn, i));
    CHORUS_RETURN_IF_ERROR(matrix(p + "ffn_up.weight", s.ffn, s.dim, i));
  }
  return w.write(path);
}

}  // namespace chorus::model
