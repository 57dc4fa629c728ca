// Internal to the tokenizer: the immutable lookup structures a Tokenizer builds from its Vocab,
// shared by the SPM and BPE encoders. Built once by build_state(); read-only afterwards, so any
// number of threads may encode with one state.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/status.h"
#include "model/tokenizer/pre_tokenizer.h"
#include "model/tokenizer/vocab.h"

namespace chorus::model::detail {

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

// One BPE merge: (left id, right id) -> its rank (lower merges first) and the merged token.
struct Merge {
  int32_t rank;
  int32_t result;
};

struct TokenizerState {
  Vocab vocab;
  PreTokenizer pre = PreTokenizer::kDefault;
  // Token text -> id; when two ids share a text the higher id wins (as in llama.cpp).
  std::unordered_map<std::string, int32_t, StringHash, std::equal_to<>> token_to_id;
  // BPE: key (uint64_t(left) << 32) | right. A merge whose parts or result are not tokens is
  // dropped: it could never apply to token symbols.
  std::unordered_map<uint64_t, Merge> merges;
  // SPM byte fallback: byte -> id of "<0xXX>", or kNoToken.
  std::array<int32_t, 256> byte_tokens{};
  // Ids matched in raw text before tokenization (CONTROL, USER_DEFINED, UNKNOWN), longest first.
  std::vector<int32_t> specials;
  std::vector<bool> rstrip;  // per id: swallow whitespace after this special (Phi-3)
  std::vector<bool> eog;     // per id: ends generation
  size_t max_token_len = 0;  // WordPiece: bytes of the longest token text

  int32_t find(std::string_view text) const {
    auto it = token_to_id.find(text);
    return it == token_to_id.end() ? kNoToken : it->second;
  }
};

Result<TokenizerState> build_state(Vocab vocab);

// Appends the tokens of `text` (one raw fragment, specials already split off).
// SPM: `text` is already space-escaped ('▁').
void spm_encode(const TokenizerState& s, std::string_view text, std::vector<int32_t>& out);
// BPE: pre-tokenizes `text` and merges each word.
void bpe_encode(const TokenizerState& s, std::string_view text, std::vector<int32_t>& out);
// WordPiece: normalizes and splits `text` into words, each covered by longest matches.
void wpm_encode(const TokenizerState& s, std::string_view text, std::vector<int32_t>& out);

}  // namespace chorus::model::detail
