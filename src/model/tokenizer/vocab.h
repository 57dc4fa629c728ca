// Vocab: the tokenizer description stored in a GGUF file's `tokenizer.ggml.*` metadata, as plain
// data. load_vocab() reads and checks it; Tokenizer (tokenizer.h) builds its lookup structures
// from it. Hand-made Vocabs (tests, synthetic vocabularies) go through the same checks in
// check_vocab().
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/status.h"

namespace chorus::model {

class GgufFile;

// `tokenizer.ggml.model`: "llama" is SentencePiece-style BPE over scores, "gpt2" byte-level BPE
// over ranked merges.
enum class VocabKind { kSpm, kBpe, kWpm };

// `tokenizer.ggml.token_type` values, as llama.cpp's converters write them.
enum class TokenType : int32_t {
  kUndefined = 0,
  kNormal = 1,
  kUnknown = 2,
  kControl = 3,
  kUserDefined = 4,
  kUnused = 5,
  kByte = 6,
};

inline constexpr int32_t kNoToken = -1;

struct Vocab {
  VocabKind kind = VocabKind::kSpm;
  std::string model;            // tokenizer.ggml.model as stored ("llama", "gpt2")
  std::string pre = "default";  // tokenizer.ggml.pre (BPE pre-tokenizer name)
  std::string name;             // general.name, lower-cased (a few per-model token rules use it)

  std::vector<std::string> tokens;  // id -> token text (SPM: '▁' for space; BPE: byte-encoded)
  std::vector<float> scores;        // id -> score (SPM merge priority); empty when absent
  std::vector<TokenType> types;     // id -> type; same size as tokens
  std::vector<std::string> merges;  // BPE only: "left right", highest priority first

  int32_t bos = kNoToken;
  int32_t eos = kNoToken;
  int32_t unk = kNoToken;
  int32_t pad = kNoToken;
  int32_t sep = kNoToken;
  int32_t eot = kNoToken;
  int32_t eom = kNoToken;
  bool add_bos = false;
  bool add_eos = false;
  bool add_space_prefix = false;  // SPM: prepend ' ' to text that starts a fragment
  bool ignore_merges = false;     // BPE: a word that is itself a token is emitted whole (Llama 3)

  int32_t size() const { return static_cast<int32_t>(tokens.size()); }
};

// Reads the vocabulary of a GGUF file. Required: tokenizer.ggml.model, tokenizer.ggml.tokens, and
// for "gpt2" tokenizer.ggml.merges. A missing required key, a key of the wrong type, an array of
// the wrong length is kInvalidArgument naming the key; a special id outside the vocabulary is
// ignored (as in llama.cpp; files write 0xFFFFFFFF for "none").
// Defaults follow llama.cpp: SPM bos=1 eos=2 unk=0 add_bos add_space_prefix; BPE add_bos only for
// the Llama 3 pre-tokenizer.
Result<Vocab> load_vocab(const GgufFile& file);

// Checks sizes and ids of a hand-made or loaded Vocab (message names the field).
Status check_vocab(const Vocab& vocab);

}  // namespace chorus::model
