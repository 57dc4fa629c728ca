#include "text/emoji.h"

#include "base/utf8.h"
#include "text/char_class.h"

namespace chorus::text::internal {
namespace {

constexpr char32_t kZwj = 0x200d;
constexpr char32_t kKeycap = 0x20e3;

bool is_presentation_selector(char32_t cp) {
  return cp == 0xfe0e || cp == 0xfe0f;
}
bool is_skin_tone(char32_t cp) {
  return cp >= 0x1f3fb && cp <= 0x1f3ff;
}
bool is_tag(char32_t cp) {
  return cp >= 0xe0020 && cp <= 0xe007f;
}

// Pictographs outside the big emoji blocks (a subset of Extended_Pictographic).
bool is_listed_pictograph(char32_t cp) {
  switch (cp) {
    case 0x203c:
    case 0x2049:
    case 0x2139:
    case 0x21a9:
    case 0x21aa:
    case 0x231a:
    case 0x231b:
    case 0x2328:
    case 0x23cf:
    case 0x24c2:
    case 0x25aa:
    case 0x25ab:
    case 0x25b6:
    case 0x25c0:
    case 0x2934:
    case 0x2935:
    case 0x2b50:
    case 0x2b55:
    case 0x3030:
    case 0x303d:
    case 0x3297:
    case 0x3299:
      return true;
    default:
      break;
  }
  return (cp >= 0x2194 && cp <= 0x2199) || (cp >= 0x23e9 && cp <= 0x23f3) ||
         (cp >= 0x23f8 && cp <= 0x23fa) || (cp >= 0x25fb && cp <= 0x25fe) ||
         (cp >= 0x2b05 && cp <= 0x2b07) || (cp >= 0x2b1b && cp <= 0x2b1c);
}

size_t decode_or_zero(std::string_view text, size_t i, char32_t* cp) {
  return i < text.size() ? decode_at(text, i, cp) : 0;
}

// Keycap: [0-9#*] U+FE0F? U+20E3.
size_t scan_keycap(std::string_view text, size_t i, std::string* term) {
  size_t j = i + 1;
  char32_t cp = 0;
  size_t n = decode_or_zero(text, j, &cp);
  if (n != 0 && cp == 0xfe0f) {
    j += n;
    n = decode_or_zero(text, j, &cp);
  }
  if (n == 0 || cp != kKeycap) return i;
  term->assign(1, text[i]);
  utf8::append(*term, kKeycap);
  return j + n;
}

}  // namespace

bool is_emoji_base(char32_t cp) {
  if (cp >= 0x1f000 && cp <= 0x1faff) return true;
  if (cp >= 0x1fc00 && cp <= 0x1fffd) return true;
  if (cp >= 0x2600 && cp <= 0x27bf) return true;
  return is_listed_pictograph(cp);
}

size_t scan_emoji(std::string_view text, size_t i, std::string* term) {
  term->clear();
  if (i >= text.size()) return i;
  char c = text[i];
  if (is_ascii_digit(static_cast<unsigned char>(c)) || c == '#' || c == '*') {
    return scan_keycap(text, i, term);
  }
  char32_t cp = 0;
  size_t n = decode_at(text, i, &cp);
  if (n == 0 || !is_emoji_base(cp)) return i;
  utf8::append(*term, cp);
  size_t j = i + n;
  if (is_regional_indicator(cp)) {
    char32_t next = 0;
    size_t m = decode_or_zero(text, j, &next);
    if (m != 0 && is_regional_indicator(next)) {
      utf8::append(*term, next);
      j += m;
    }
    return j;
  }
  for (;;) {
    char32_t next = 0;
    size_t m = decode_or_zero(text, j, &next);
    if (m == 0) break;
    if (is_presentation_selector(next)) {
      j += m;
    } else if (is_skin_tone(next) || is_tag(next) || next == kKeycap) {
      utf8::append(*term, next);
      j += m;
    } else if (next == kZwj) {
      char32_t joined = 0;
      size_t k = decode_or_zero(text, j + m, &joined);
      if (k == 0 || !is_emoji_base(joined)) break;
      utf8::append(*term, kZwj);
      utf8::append(*term, joined);
      j += m + k;
    } else {
      break;
    }
  }
  return j;
}

}  // namespace chorus::text::internal
