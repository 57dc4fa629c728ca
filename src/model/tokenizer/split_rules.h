// Internal to the tokenizer: the hand-coded regexes behind pre_tokenizer.h. A SplitRule looks at
// one fragment c[begin, end) and returns the length of the regex's match starting exactly at
// `pos` (leftmost-first alternation, greedy quantifiers with backtracking, `$` and lookahead
// seeing `end` as the end of text), or 0 when there is none. begin <= pos < end. Callers try
// positions in increasing order and resume after each match; rules may rely on that to stay
// linear (trailing_space does).
#pragma once

#include <cstddef>

namespace chorus::model::split_rules {

using SplitRule = size_t (*)(const char32_t* c, size_t begin, size_t pos, size_t end);

size_t gpt2(const char32_t* c, size_t begin, size_t pos, size_t end);
size_t llama3(const char32_t* c, size_t begin, size_t pos, size_t end);         // \p{N}{1,3}
size_t qwen2(const char32_t* c, size_t begin, size_t pos, size_t end);          // \p{N}
size_t newline(const char32_t* c, size_t begin, size_t pos, size_t end);        // [\r\n]
size_t number(const char32_t* c, size_t begin, size_t pos, size_t end);         // \p{N}
size_t numbers(const char32_t* c, size_t begin, size_t pos, size_t end);        // \p{N}+
size_t ascii_digits3(const char32_t* c, size_t begin, size_t pos, size_t end);  // [0-9][0-9][0-9]
size_t default_punct(const char32_t* c, size_t begin, size_t pos,
                     size_t end);  // [\p{P}\$\+<=>\^~\|]+
size_t falcon_punct(const char32_t* c, size_t begin, size_t pos,
                    size_t end);  // [\p{P}\$\+<=>\^~\|`]+
size_t space_letters(const char32_t* c, size_t begin, size_t pos, size_t end);  // \s?\p{L}+
size_t space_punct(const char32_t* c, size_t begin, size_t pos, size_t end);    // \s?\p{P}+
size_t cjk(const char32_t* c, size_t begin, size_t pos, size_t end);  // [一-龥ࠀ-一가-퟿]+
size_t trailing_space(const char32_t* c, size_t begin, size_t pos, size_t end);  // \s+$
size_t deepseek_letters(const char32_t* c, size_t begin, size_t pos,
                        size_t end);  // \s?[cased letters]+
size_t deepseek_punct(const char32_t* c, size_t begin, size_t pos, size_t end);  // \s?[!-/:-~...]+

}  // namespace chorus::model::split_rules
