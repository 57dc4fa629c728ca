// load_vocab(): `tokenizer.ggml.*` metadata into a Vocab, with llama.cpp's defaults.
#include "model/tokenizer/vocab.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "model/gguf/gguf.h"

namespace chorus::model {
namespace {

constexpr std::string_view kPrefix = "tokenizer.ggml.";

std::string key_of(std::string_view suffix) {
  return fmt::format("{}{}", kPrefix, suffix);
}

// Stores the value of an optional key in *out; absent keys leave *out alone, any other error
// (wrong type, value out of range) is returned.
template <typename T, typename U>
Status read_optional(Result<T> r, U* out) {
  if (r.is_ok()) {
    *out = static_cast<U>(r.value());
    return Status::ok();
  }
  if (r.status().code() == StatusCode::kNotFound) return Status::ok();
  return r.status();
}

template <typename T>
Result<T> required(Result<T> r, std::string_view key) {
  if (r.is_ok() || r.status().code() != StatusCode::kNotFound) return r;
  return invalid_argument(fmt::format("required metadata '{}' is missing", key));
}

// An id outside the vocabulary (0xFFFFFFFF often stands for "none") leaves *out unchanged, as
// in llama.cpp; a value of the wrong type is an error.
Status read_special_id(const GgufFile& f, std::string_view suffix, int32_t n_tokens, int32_t* out) {
  int64_t id = -1;
  CHORUS_RETURN_IF_ERROR(read_optional(f.get_int(key_of(suffix)), &id));
  if (id >= 0 && id < n_tokens) *out = static_cast<int32_t>(id);
  return Status::ok();
}

bool is_llama3_pre(std::string_view pre) {
  return pre == "llama3" || pre == "llama-v3" || pre == "llama-bpe" || pre == "falcon3";
}

Status read_arrays(const GgufFile& f, Vocab* v) {
  const std::string tokens_key = key_of("tokens");
  CHORUS_ASSIGN_OR_RETURN(auto tokens, required(f.get_string_array(tokens_key), tokens_key));
  v->tokens.assign(tokens.begin(), tokens.end());
  const size_t n = v->tokens.size();

  const std::string scores_key = key_of("scores");
  CHORUS_RETURN_IF_ERROR(read_optional(f.get_float_array(scores_key), &v->scores));
  if (!v->scores.empty() && v->scores.size() != n) {
    return invalid_argument(
        fmt::format("metadata '{}' has {} entries for {} tokens", scores_key, v->scores.size(), n));
  }

  const std::string types_key = key_of("token_type");
  std::vector<int64_t> types;
  CHORUS_RETURN_IF_ERROR(read_optional(f.get_int_array(types_key), &types));
  if (!types.empty() && types.size() != n) {
    return invalid_argument(
        fmt::format("metadata '{}' has {} entries for {} tokens", types_key, types.size(), n));
  }
  v->types.assign(n, TokenType::kNormal);
  for (size_t i = 0; i < types.size(); ++i) {
    if (types[i] < 0 || types[i] > static_cast<int64_t>(TokenType::kByte)) {
      return invalid_argument(
          fmt::format("metadata '{}'[{}] = {} is not a token type", types_key, i, types[i]));
    }
    v->types[i] = static_cast<TokenType>(types[i]);
  }

  if (v->kind == VocabKind::kBpe) {
    const std::string merges_key = key_of("merges");
    CHORUS_ASSIGN_OR_RETURN(auto merges, required(f.get_string_array(merges_key), merges_key));
    v->merges.assign(merges.begin(), merges.end());
  }
  return Status::ok();
}

Status read_specials(const GgufFile& f, Vocab* v) {
  const int32_t n = v->size();
  CHORUS_RETURN_IF_ERROR(read_special_id(f, "bos_token_id", n, &v->bos));
  CHORUS_RETURN_IF_ERROR(read_special_id(f, "eos_token_id", n, &v->eos));
  CHORUS_RETURN_IF_ERROR(read_special_id(f, "unknown_token_id", n, &v->unk));
  CHORUS_RETURN_IF_ERROR(read_special_id(f, "padding_token_id", n, &v->pad));
  CHORUS_RETURN_IF_ERROR(read_special_id(f, "seperator_token_id", n, &v->sep));
  CHORUS_RETURN_IF_ERROR(read_special_id(f, "eot_token_id", n, &v->eot));
  CHORUS_RETURN_IF_ERROR(read_special_id(f, "eom_token_id", n, &v->eom));
  CHORUS_RETURN_IF_ERROR(read_optional(f.get_bool(key_of("add_bos_token")), &v->add_bos));
  CHORUS_RETURN_IF_ERROR(read_optional(f.get_bool(key_of("add_eos_token")), &v->add_eos));
  if (v->kind == VocabKind::kSpm) {
    CHORUS_RETURN_IF_ERROR(
        read_optional(f.get_bool(key_of("add_space_prefix")), &v->add_space_prefix));
  }
  return Status::ok();
}

// Defaults that apply before metadata overrides them (llama.cpp's choices).
void apply_defaults(Vocab* v) {
  if (v->kind == VocabKind::kSpm) {
    v->bos = 1;
    v->eos = 2;
    v->unk = 0;
    v->add_bos = true;
    v->add_space_prefix = true;
  } else if (v->kind == VocabKind::kWpm) {
    v->bos = 101;  // [CLS]
    v->unk = 100;  // [UNK]
    v->sep = 102;  // [SEP]
    v->pad = 0;    // [PAD]
    v->add_bos = true;
    v->add_space_prefix = false;
  } else {
    v->add_bos = is_llama3_pre(v->pre);
    v->ignore_merges = is_llama3_pre(v->pre);
    v->add_space_prefix = false;
  }
}

}  // namespace

Result<Vocab> load_vocab(const GgufFile& f) {
  Vocab v;
  const std::string model_key = key_of("model");
  CHORUS_ASSIGN_OR_RETURN(auto model, required(f.get_string(model_key), model_key));
  v.model = std::string(model);
  if (v.model == "llama") {
    v.kind = VocabKind::kSpm;
  } else if (v.model == "gpt2") {
    v.kind = VocabKind::kBpe;
  } else if (v.model == "bert") {
    v.kind = VocabKind::kWpm;
  } else {
    return Status(StatusCode::kUnimplemented,
                  fmt::format("metadata '{}' = '{}': only 'llama' (SentencePiece), 'gpt2' "
                              "(byte-level BPE) and 'bert' (WordPiece) tokenizers are supported",
                              model_key, v.model));
  }
  std::string_view pre = "default";
  CHORUS_RETURN_IF_ERROR(read_optional(f.get_string(key_of("pre")), &pre));
  v.pre = std::string(pre);
  std::string_view name;
  CHORUS_RETURN_IF_ERROR(read_optional(f.get_string("general.name"), &name));
  v.name = std::string(name);
  std::transform(v.name.begin(), v.name.end(), v.name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });

  CHORUS_RETURN_IF_ERROR(read_arrays(f, &v));
  apply_defaults(&v);
  // SPM defaults name ids that may not exist in a tiny vocabulary.
  for (int32_t* id : {&v.bos, &v.eos, &v.unk, &v.sep, &v.pad}) {
    if (*id >= v.size()) *id = kNoToken;
  }
  CHORUS_RETURN_IF_ERROR(read_specials(f, &v));
  CHORUS_RETURN_IF_ERROR(check_vocab(v));
  return v;
}

Status check_vocab(const Vocab& v) {
  if (v.tokens.empty()) return invalid_argument("vocabulary 'tokenizer.ggml.tokens' is empty");
  if (v.tokens.size() > static_cast<size_t>(INT32_MAX)) {
    return invalid_argument("vocabulary 'tokenizer.ggml.tokens' has more than 2^31-1 tokens");
  }
  if (v.types.size() != v.tokens.size()) {
    return invalid_argument(fmt::format("vocabulary has {} token types for {} tokens",
                                        v.types.size(), v.tokens.size()));
  }
  if (!v.scores.empty() && v.scores.size() != v.tokens.size()) {
    return invalid_argument(
        fmt::format("vocabulary has {} scores for {} tokens", v.scores.size(), v.tokens.size()));
  }
  const std::pair<const char*, int32_t> ids[] = {{"bos", v.bos}, {"eos", v.eos}, {"unk", v.unk},
                                                 {"pad", v.pad}, {"sep", v.sep}, {"eot", v.eot},
                                                 {"eom", v.eom}};
  for (const auto& [what, id] : ids) {
    if (id != kNoToken && (id < 0 || id >= v.size())) {
      return invalid_argument(
          fmt::format("{} token id {} is outside the vocabulary of {} tokens", what, id, v.size()));
    }
  }
  if (v.add_bos && v.bos == kNoToken) {
    return invalid_argument("'tokenizer.ggml.add_bos_token' is set but there is no BOS token id");
  }
  if (v.add_eos && v.eos == kNoToken) {
    return invalid_argument("'tokenizer.ggml.add_eos_token' is set but there is no EOS token id");
  }
  return Status::ok();
}

}  // namespace chorus::model
