// guess_language: the dominant script of a text's letters (see analyzer.h).
//
// Letters inside URLs and @mentions (at a word boundary, as the analyzer sees them) are not counted
// (they are Latin whatever the language). A CJK character weighs 2 letters: it is closer to a word
// than to a letter. Among CJK texts, Hangul majority -> "ko", kana >= 10% of CJK characters ->
// "ja", else "zh".
#include <array>

#include "text/analyzer.h"
#include "text/char_class.h"
#include "text/url.h"

namespace chorus::text {
namespace {

using internal::CharClass;

enum Bucket { kLatin, kArabic, kCyrillic, kGreek, kHebrew, kHan, kKana, kHangul, kBuckets };

bool in(char32_t cp, char32_t lo, char32_t hi) {
  return cp >= lo && cp <= hi;
}

int bucket_of(char32_t cp) {
  if (in(cp, 0x0600, 0x08ff) || in(cp, 0xfb50, 0xfdff) || in(cp, 0xfe70, 0xfeff)) return kArabic;
  if (in(cp, 0x0400, 0x052f)) return kCyrillic;
  if (in(cp, 0x0370, 0x03ff) || in(cp, 0x1f00, 0x1fff)) return kGreek;
  if (in(cp, 0x0590, 0x05ff)) return kHebrew;
  if (in(cp, 0x3040, 0x30ff) || in(cp, 0x31f0, 0x31ff) || in(cp, 0xff66, 0xff9f)) return kKana;
  if (in(cp, 0xac00, 0xd7af) || in(cp, 0x1100, 0x11ff) || in(cp, 0x3130, 0x318f)) return kHangul;
  if (in(cp, 0x4e00, 0x9fff) || in(cp, 0x3400, 0x4dbf) || in(cp, 0x20000, 0x3134f)) return kHan;
  if (in(cp, 0x00c0, 0x024f) || in(cp, 0x1e00, 0x1eff) || in(cp, 0xff21, 0xff5a)) return kLatin;
  return -1;
}

// Offset of the next whitespace at or after i.
size_t skip_to_space(std::string_view text, size_t i) {
  while (i < text.size() && static_cast<unsigned char>(text[i]) > 0x20) ++i;
  return i;
}

std::array<size_t, kBuckets> count_letters(std::string_view text) {
  std::array<size_t, kBuckets> counts{};
  size_t i = 0;
  while (i < text.size()) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      bool skip = (c == '@' || (c | 0x20) == 'h' || (c | 0x20) == 'w') &&
                  !internal::is_word_char(internal::code_point_before(text, i)) &&
                  (c == '@' || internal::url_length(text.substr(i)) != 0);
      if (skip) {
        i = skip_to_space(text, i);
        continue;
      }
      if (internal::is_ascii_alpha(c)) ++counts[kLatin];
      ++i;
      continue;
    }
    char32_t cp = 0;
    size_t n = internal::decode_at(text, i, &cp);
    if (n == 0) {
      ++i;
      continue;
    }
    CharClass cls = internal::classify(cp);
    int b = bucket_of(cp);
    if (b >= 0 && (cls == CharClass::kLetter || cls == CharClass::kCjk)) ++counts[b];
    i += n;
  }
  return counts;
}

}  // namespace

std::string guess_language(std::string_view text) {
  std::array<size_t, kBuckets> n = count_letters(text);
  size_t cjk = n[kHan] + n[kKana] + n[kHangul];
  constexpr std::array<const char*, kHan> kNames = {"en", "ar", "ru", "el", "he"};
  int best = -1;
  size_t best_score = 0;
  for (int b = kHan - 1; b >= 0; --b) {  // on a tie, the non-Latin script wins
    if (n[b] > best_score) best = b, best_score = n[b];
  }
  if (cjk > 0 && 2 * cjk >= best_score) {
    if (n[kHangul] >= n[kHan] + n[kKana]) return "ko";
    if (n[kKana] * 10 >= cjk) return "ja";
    return "zh";
  }
  return best < 0 ? std::string() : std::string(kNames[best]);
}

}  // namespace chorus::text
