// Code point classification and folding for the analyzer (private to src/text).
//
// classify() says how the segmenter treats a code point; fold() appends its search form:
//   ASCII                   lowercased inline, no table, no utf8proc
//   U+0080..U+07FF          precomputed table (Latin-1/Extended, Greek, Cyrillic, Hebrew, Arabic)
//   Arabic letters          Arabic normalization (arabic.h: alef forms, yeh, teh marbuta, Persian
//                           kaf/yeh, tatweel and harakat dropped, Arabic-Indic digits -> ASCII)
//   Latin letters           case folded, compatibility mapped, diacritics (U+0300..U+036F) dropped
//   compatibility blocks    fullwidth/halfwidth forms, presentation forms, enclosed and
//                           mathematical alphanumerics: NFKC-style mapping, then folded again
//   everything else         Unicode case folding only (Greek/Cyrillic keep their marks)
// Thread-safety: all functions are pure; the table is built once, thread-safely, on first use.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace chorus::text::internal {

enum class CharClass : uint8_t {
  kSeparator,  // space, punctuation, symbols, controls
  kLetter,     // letters and non-decimal numbers of any non-CJK script
  kDigit,      // decimal digit that folds to ASCII 0-9 (ASCII, Arabic-Indic, fullwidth)
  kMark,       // combining mark: continues the current word (its fold may be empty)
  kIgnorable,  // format characters (ZWNJ, ZWJ, soft hyphen, bidi marks), variation selectors
  kCjk,        // Han, Hiragana, Katakana, Hangul: unigrams plus bigrams
  kEmoji,      // pictographic emoji base, regional indicator
};

// The script a folded letter belongs to; a word never spans two scripts.
enum class Script : uint8_t { kNone, kLatin, kArabic, kOther };

CharClass classify(char32_t cp);

// Appends the folded form of `cp` (0..n code points, UTF-8) to `out`; returns the script of the
// first letter appended, or kNone when nothing or no letter was appended.
Script fold(char32_t cp, std::string* out);

// classify() and, for a word character (letter, digit, mark, CJK), fold() in one step: appends the
// fold to `out` and sets `*script`; other classes append nothing and leave `*script` alone.
CharClass classify_and_fold(char32_t cp, std::string* out, Script* script);

// Decodes the code point at text[i]. Returns its length in bytes (1..4), or 0 for an ill-formed
// or truncated sequence (the caller skips one byte).
inline size_t decode_at(std::string_view text, size_t i, char32_t* cp) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data()) + i;
  size_t left = text.size() - i;
  unsigned char c = p[0];
  if (c < 0x80) {
    *cp = c;
    return 1;
  }
  if (c >= 0xc2 && c < 0xe0) {  // the common two-byte case (Latin-1, Arabic, Cyrillic)
    if (left < 2 || (p[1] & 0xc0) != 0x80) return 0;
    *cp = (char32_t(c & 0x1f) << 6) | (p[1] & 0x3f);
    return 2;
  }
  size_t len;
  char32_t v, min;
  if ((c & 0xf0) == 0xe0) {
    len = 3, v = c & 0x0f, min = 0x800;
  } else if ((c & 0xf8) == 0xf0) {
    len = 4, v = c & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (left < len) return 0;
  for (size_t k = 1; k < len; ++k) {
    if ((p[k] & 0xc0) != 0x80) return 0;
    v = (v << 6) | (p[k] & 0x3f);
  }
  if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) return 0;
  *cp = v;
  return len;
}

inline bool is_ascii_alpha(unsigned char c) {
  return static_cast<unsigned char>((c | 0x20) - 'a') < 26;
}
inline bool is_ascii_digit(unsigned char c) {
  return static_cast<unsigned char>(c - '0') < 10;
}
inline bool is_ascii_alnum(unsigned char c) {
  return is_ascii_alpha(c) || is_ascii_digit(c);
}
inline char ascii_lower(unsigned char c) {
  return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
}

// True when `cp` is a word character (letter, digit, mark, CJK) — used to decide whether '#', '@'
// or a URL start at a word boundary.
bool is_word_char(char32_t cp);

// The code point that ends just before byte `i` (0 when i == 0 or the bytes are ill-formed).
char32_t code_point_before(std::string_view text, size_t i);

}  // namespace chorus::text::internal
