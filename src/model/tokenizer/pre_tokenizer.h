// Pre-tokenization for byte-level BPE: splitting text into words before merges, per the
// `tokenizer.ggml.pre` name. Each kind is a sequence of stages; a stage is one of the regexes that
// llama.cpp / Hugging Face use for that model family, hand-coded over code points (no regex
// engine). A stage splits every fragment left by the previous stage into its matches and the
// unmatched runs between them, exactly as llama.cpp's unicode_regex_split does.
//
//   gpt2 (gpt-2, mpt, ...):  's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)
//   llama3 (llama-bpe):      (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}|
//                            ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+
//   qwen2:                   as llama3 with \p{N} (single digits)
//   default:                 [\p{P}\$\+<=>\^~\|]+ ; gpt2 ; \p{N}+ ; [0-9][0-9][0-9]
//   falcon:                  [\p{P}\$\+<=>\^~\|`]+ ; gpt2 ; [0-9][0-9][0-9]
//   starcoder, refact:       \p{N} ; gpt2
//   deepseek-coder:          [\r\n] ; \s?\p{L}+ ; \s?\p{P}+ ; [一-龥ࠀ-一가-퟿]+ ; \p{N}
//   deepseek-llm:            [\r\n] ; \s?[cased letters]+ ; \s?[!-/:-~！-／：-～‘-‟　-。]+ ;
//                            \s+$ ; [一-龥ࠀ-一가-퟿]+ ; \p{N}+
//
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace chorus::model {

enum class PreTokenizer {
  kDefault,
  kGpt2,
  kLlama3,
  kQwen2,
  kDeepseekLlm,
  kDeepseekCoder,
  kFalcon,
  kStarcoder,
};

// The pre-tokenizer for a `tokenizer.ggml.pre` value (aliases as in llama.cpp: "llama-bpe",
// "llama3" -> kLlama3; "gpt-2", "mpt", "phi-2" -> kGpt2; "refact", "smollm" -> kStarcoder; ...).
// Unknown names are kInvalidArgument naming the key and value.
Result<PreTokenizer> pre_tokenizer_for(std::string_view name);

// Splits `text` into words (UTF-8; ill-formed bytes become U+FFFD). Concatenating the words gives
// back `text` (when it is well-formed).
std::vector<std::string> pre_tokenize(PreTokenizer kind, std::string_view text);

}  // namespace chorus::model
