// Code point classes used by the pre-tokenizers (the \p{L}, \p{N}, \p{P} and \s of their regexes)
// and UTF-8 to code point conversion. Categories come from utf8proc (Unicode 15); whitespace is
// the Unicode White_Space property, which is what llama.cpp's \s matches.
//
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace chorus::model::unicode {

bool is_letter(char32_t cp);       // \p{L}: Lu Ll Lt Lm Lo
bool is_number(char32_t cp);       // \p{N}: Nd Nl No
bool is_punctuation(char32_t cp);  // \p{P}: Pc Pd Ps Pe Pi Pf Po
bool is_whitespace(char32_t cp);   // \s: White_Space
bool is_symbol(char32_t cp);       // \p{S}: Sm Sc Sk So
bool is_control(char32_t cp);      // \p{C} except unassigned: Cc Cf Cs Co
char32_t to_lower(char32_t cp);    // simple lowercase mapping
// The first code point of the canonical decomposition (NFD) of `cp`: "ü" -> "u". llama.cpp's
// WordPiece normalizer keeps only that one, which drops accents.
char32_t nfd_base(char32_t cp);

// Bytes of the UTF-8 sequence that `lead` starts, by its high bits alone (1 for ASCII and stray
// continuation bytes), as llama.cpp's tokenizers split text into symbols.
inline size_t sequence_length(unsigned char lead) {
  return lead < 0xC0 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
}

// Code points of `text`; each ill-formed byte becomes U+FFFD (one per byte), as llama.cpp does.
// When `offsets` is given it receives, for each code point, its byte offset in `text`, plus a
// final entry text.size().
std::vector<char32_t> to_codepoints(std::string_view text, std::vector<uint32_t>* offsets);

}  // namespace chorus::model::unicode
