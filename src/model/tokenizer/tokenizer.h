// Tokenizers from GGUF metadata — the public face of src/model/tokenizer.
//
// Offers: Tokenizer (text <-> token ids for SentencePiece-style "llama" vocabularies with byte
// fallback and byte-level BPE "gpt2" vocabularies with the pre-tokenizers of pre_tokenizer.h),
// Detokenizer (streaming ids -> complete UTF-8), Vocab / load_vocab (vocab.h).
// Behaviour matches llama.cpp's tokenizer (checked against its golden files in tests).
//
// Thread-safety: a Tokenizer is immutable; copies share state; any number of threads may call
// its const methods. A Detokenizer is single-threaded.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "model/tokenizer/vocab.h"

namespace chorus::model {

class GgufFile;
namespace detail {
struct TokenizerState;
}

class Tokenizer {
 public:
  // Reads the tokenizer.ggml.* keys (see load_vocab) and builds the tokenizer.
  static Result<Tokenizer> from_gguf(const GgufFile& file);
  // From a hand-made vocabulary: checks it (check_vocab), the merges ("left right", both parts
  // tokens) and, for BPE, the pre-tokenizer name.
  static Result<Tokenizer> from_vocab(Vocab vocab);

  // Token ids of `text` (any bytes; ill-formed UTF-8 is tokenized, never rejected).
  // add_special: BOS / EOS as the vocabulary's add_bos / add_eos say.
  // parse_special: text of CONTROL and UNKNOWN tokens ("<|im_end|>") becomes that token.
  // USER_DEFINED tokens are always matched as whole tokens (as in llama.cpp / Hugging Face).
  std::vector<int32_t> encode(std::string_view text, bool add_special, bool parse_special) const;

  // The raw bytes of a token: SPM '▁' as ' ', <0xAB> byte tokens as the byte, byte-level BPE
  // text mapped back to bytes; CONTROL / UNKNOWN / USER_DEFINED tokens as their text; UNUSED and
  // out-of-range ids as "". A piece may be part of a UTF-8 character.
  std::string token_to_piece(int32_t id) const;

  // Text of `ids` (no partial-character handling needed by the caller): pieces concatenated, the
  // space SPM's add_space_prefix put in front of a text fragment removed, CONTROL / UNKNOWN
  // tokens left out unless render_special. decode(encode(x, false, false)) == x for valid UTF-8
  // without U+2581 (SPM encodes spaces as that character, so a literal one decodes as a space,
  // as in llama.cpp).
  std::string decode(std::span<const int32_t> ids, bool render_special = false) const;

  int32_t bos() const;  // kNoToken when the vocabulary has none
  int32_t eos() const;
  // True for tokens that end generation: eos, eot, eom and the end-of-turn tokens known by text
  // (<|eot_id|>, <|im_end|>, <|end|>, <end_of_turn>, <|endoftext|>, <|eom_id|>, <EOT>, ...).
  bool is_eog(int32_t id) const;
  // True for CONTROL, UNKNOWN and USER_DEFINED tokens.
  bool is_special(int32_t id) const;
  int32_t n_vocab() const;
  // The id of the special token whose text is exactly `text`.
  std::optional<int32_t> find_special(std::string_view text) const;
  const Vocab& vocab() const;

 private:
  explicit Tokenizer(std::shared_ptr<const detail::TokenizerState> state)
      : state_(std::move(state)) {}
  std::shared_ptr<const detail::TokenizerState> state_;  // never null
};

// Turns a stream of token ids into text that only ever ends on whole UTF-8 characters: an emoji
// split over several byte tokens comes out once, complete, and ill-formed bytes come out as
// U+FFFD. Not thread-safe; shares the Tokenizer's state (no lifetime requirement).
class Detokenizer {
 public:
  struct Options {
    bool render_special = false;      // emit the text of CONTROL / UNKNOWN tokens
    bool strip_space_prefix = false;  // undo SPM's add_space_prefix (as decode() does)
  };
  explicit Detokenizer(const Tokenizer& tokenizer) : Detokenizer(tokenizer, Options()) {}
  Detokenizer(const Tokenizer& tokenizer, Options options);

  // Adds one token; returns the text that became complete (possibly "").
  std::string push(int32_t id);
  // Ends the stream: returns what is still held back, ill-formed bytes replaced by U+FFFD.
  std::string finish();
  // Bytes held back because they end inside a UTF-8 character.
  size_t pending() const { return pending_.size(); }

 private:
  Tokenizer tokenizer_;
  Options options_;
  bool after_special_ = true;  // the next text piece starts a fragment
  std::string pending_;
};

}  // namespace chorus::model
