#include "text/char_class.h"

#include <utf8proc.h>

#include <array>
#include <cstring>

#include "base/utf8.h"
#include "text/arabic.h"
#include "text/emoji.h"

namespace chorus::text::internal {
namespace {

bool in(char32_t cp, char32_t lo, char32_t hi) {
  return cp >= lo && cp <= hi;
}

bool is_cjk_range(char32_t cp) {
  return in(cp, 0x1100, 0x11ff) || in(cp, 0x3005, 0x3007) || in(cp, 0x3021, 0x3029) ||
         in(cp, 0x3031, 0x3035) || in(cp, 0x3038, 0x303c) || in(cp, 0x3040, 0x30ff) ||
         in(cp, 0x3100, 0x31ff) || in(cp, 0x3400, 0x4dbf) || in(cp, 0x4e00, 0x9fff) ||
         in(cp, 0xa960, 0xa97f) || in(cp, 0xac00, 0xd7ff) || in(cp, 0xf900, 0xfaff) ||
         in(cp, 0xff66, 0xffdc) || in(cp, 0x1b000, 0x1b16f) || in(cp, 0x20000, 0x3134f);
}

// Code points whose Latin diacritics are removed after canonical decomposition.
bool is_latin_range(char32_t cp) {
  return in(cp, 0x00c0, 0x024f) || in(cp, 0x1e00, 0x1eff) || in(cp, 0x2c60, 0x2c7f) ||
         in(cp, 0xa720, 0xa7ff) || in(cp, 0xab30, 0xab6f);
}

// Blocks mapped with compatibility decomposition (NFKC-style): Latin-1 symbols, letterlike and
// enclosed forms, CJK compatibility, presentation forms, half/fullwidth, math alphanumerics.
bool is_compat_range(char32_t cp) {
  return in(cp, 0x0080, 0x00bf) || in(cp, 0x2000, 0x24ff) || in(cp, 0x3200, 0x33ff) ||
         in(cp, 0xf900, 0xfaff) || in(cp, 0xfb00, 0xffef) || in(cp, 0x1d400, 0x1d7ff);
}

bool is_latin_diacritic(char32_t cp) {
  return in(cp, 0x0300, 0x036f);
}

bool is_variation_selector(char32_t cp) {
  return in(cp, 0xfe00, 0xfe0f) || in(cp, 0xe0100, 0xe01ef);
}

Script script_of(char32_t folded) {
  if (folded < 0x80)
    return is_ascii_alpha(static_cast<unsigned char>(folded)) ? Script::kLatin : Script::kNone;
  if (is_latin_range(folded)) return Script::kLatin;
  if (is_arabic_block(folded)) return Script::kArabic;
  if (is_latin_diacritic(folded)) return Script::kNone;
  return Script::kOther;
}

CharClass classify_slow(char32_t cp) {
  if (is_variation_selector(cp)) return CharClass::kIgnorable;
  if (in(cp, 0x0660, 0x0669) || in(cp, 0x06f0, 0x06f9) || in(cp, 0xff10, 0xff19)) {
    return CharClass::kDigit;
  }
  if (cp == 0x0640) return CharClass::kMark;  // tatweel stretches a word; dropped by fold
  switch (utf8proc_category(static_cast<utf8proc_int32_t>(cp))) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_NL:
      return is_cjk_range(cp) ? CharClass::kCjk : CharClass::kLetter;
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NO:
      return CharClass::kLetter;
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
      return CharClass::kMark;
    case UTF8PROC_CATEGORY_CF:
      return cp == 0x200b ? CharClass::kSeparator : CharClass::kIgnorable;
    default:
      return is_emoji_base(cp) ? CharClass::kEmoji : CharClass::kSeparator;
  }
}

// Appends one already decomposed code point: ASCII lowercased, Arabic normalized, Latin
// diacritics dropped, anything else as is.
Script append_decomposed(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(ascii_lower(static_cast<unsigned char>(cp)));
    return script_of(cp);
  }
  if (is_arabic_block(cp)) cp = normalize_arabic_char(cp);
  if (cp == 0 || is_latin_diacritic(cp) || is_variation_selector(cp)) return Script::kNone;
  utf8::append(*out, cp);
  return script_of(cp);
}

Script fold_slow(char32_t cp, std::string* out) {
  if (cp < 0x80 || is_arabic_block(cp) || is_latin_diacritic(cp)) {
    return append_decomposed(cp, out);
  }
  utf8proc_option_t options = UTF8PROC_CASEFOLD;
  if (is_latin_range(cp) || is_compat_range(cp)) {
    options =
        static_cast<utf8proc_option_t>(UTF8PROC_CASEFOLD | UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE);
  }
  std::array<utf8proc_int32_t, 24> buf{};
  utf8proc_ssize_t n = utf8proc_decompose_char(static_cast<utf8proc_int32_t>(cp), buf.data(),
                                               buf.size(), options, nullptr);
  if (n <= 0 || static_cast<size_t>(n) > buf.size()) {
    utf8::append(*out, cp);
    return script_of(cp);
  }
  Script script = Script::kNone;
  for (utf8proc_ssize_t k = 0; k < n; ++k) {
    Script s = append_decomposed(static_cast<char32_t>(buf[k]), out);
    if (script == Script::kNone) script = s;
  }
  return script;
}

// Precomputed class and fold for U+0080..U+07FF, where Latin-1, Latin Extended, Greek,
// Cyrillic, Hebrew and Arabic live.
struct Entry {
  CharClass cls = CharClass::kSeparator;
  Script script = Script::kNone;
  uint8_t len = 0;  // bytes of `folded`; kSlow when the fold did not fit
  char folded[13] = {};
};
static_assert(sizeof(Entry) == 16);
constexpr uint8_t kSlow = 0xff;
constexpr char32_t kTableEnd = 0x800;

struct Table {
  std::array<Entry, kTableEnd> entries;
  Table() {
    std::string tmp;
    for (char32_t cp = 0x80; cp < kTableEnd; ++cp) {
      Entry& e = entries[cp];
      e.cls = classify_slow(cp);
      tmp.clear();
      e.script = fold_slow(cp, &tmp);
      if (tmp.size() <= sizeof(e.folded)) {
        e.len = static_cast<uint8_t>(tmp.size());
        std::memcpy(e.folded, tmp.data(), tmp.size());
      } else {
        e.len = kSlow;
      }
    }
  }
};

const Table& table() {
  static const Table t;  // thread-safe initialization
  return t;
}

}  // namespace

CharClass classify(char32_t cp) {
  if (cp < 0x80) {
    auto c = static_cast<unsigned char>(cp);
    if (is_ascii_alpha(c)) return CharClass::kLetter;
    if (is_ascii_digit(c)) return CharClass::kDigit;
    return CharClass::kSeparator;
  }
  if (cp < kTableEnd) return table().entries[cp].cls;
  if (in(cp, 0x4e00, 0x9fff) || in(cp, 0xac00, 0xd7a3)) return CharClass::kCjk;
  if (in(cp, 0x1f300, 0x1faff)) return CharClass::kEmoji;
  return classify_slow(cp);
}

Script fold(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(ascii_lower(static_cast<unsigned char>(cp)));
    return script_of(cp);
  }
  if (cp < kTableEnd) {
    const Entry& e = table().entries[cp];
    if (e.len != kSlow) {
      out->append(e.folded, e.len);
      return e.script;
    }
    return fold_slow(cp, out);
  }
  if (in(cp, 0x4e00, 0x9fff) || in(cp, 0xac00, 0xd7a3) || in(cp, 0x3041, 0x30ff)) {
    utf8::append(*out, cp);
    return Script::kOther;
  }
  return fold_slow(cp, out);
}

namespace {

bool is_wordish(CharClass c) {
  return c == CharClass::kLetter || c == CharClass::kDigit || c == CharClass::kMark ||
         c == CharClass::kCjk;
}

}  // namespace

CharClass classify_and_fold(char32_t cp, std::string* out, Script* script) {
  if (cp >= 0x80 && cp < kTableEnd) {
    const Entry& e = table().entries[cp];
    if (!is_wordish(e.cls)) return e.cls;
    if (e.len == kSlow) {
      *script = fold_slow(cp, out);
    } else {
      if (e.len <= 2) {
        for (uint8_t k = 0; k < e.len; ++k) out->push_back(e.folded[k]);
      } else {
        out->append(e.folded, e.len);
      }
      *script = e.script;
    }
    return e.cls;
  }
  CharClass cls = classify(cp);
  if (is_wordish(cls)) *script = fold(cp, out);
  return cls;
}

bool is_word_char(char32_t cp) {
  if (cp < 0x80) return is_ascii_alnum(static_cast<unsigned char>(cp)) || cp == '_';
  return is_wordish(classify(cp));
}

char32_t code_point_before(std::string_view text, size_t i) {
  if (i == 0 || i > text.size()) return 0;
  size_t start = i - 1;
  while (start > 0 && i - start < 4 && (static_cast<unsigned char>(text[start]) & 0xc0) == 0x80) {
    --start;
  }
  char32_t cp = 0;
  size_t n = decode_at(text, start, &cp);
  return (n != 0 && start + n == i) ? cp : 0;
}

}  // namespace chorus::text::internal
