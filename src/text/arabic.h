// Arabic-script normalization and light stemming (private to src/text).
//
// Character rules (normalize_arabic_char), applied to every Arabic-block code point:
//   tatweel U+0640, harakat U+064B..U+065F, superscript alef U+0670, Quranic annotation marks
//   U+0610..U+061A and U+06D6..U+06ED                              -> dropped
//   alef forms  أ U+0623, إ U+0625, آ U+0622, ٱ U+0671, U+0672, U+0673  -> ا U+0627
//   alef maksura ى U+0649, Farsi yeh ی U+06CC                       -> ي U+064A
//   teh marbuta ة U+0629, heh with yeh above ۀ U+06C0               -> ه U+0647
//   Persian keheh ک U+06A9                                           -> ك U+0643
//   Arabic-Indic digits ٠..٩ U+0660..U+0669, Persian ۰..۹ U+06F0..U+06F9 -> ASCII 0..9
// Hamza on waw/yeh (ؤ ئ) and bare hamza ء are kept: they distinguish words.
//
// Light stemming (stem_arabic), after normalization, on words made only of Arabic letters:
//   1. one definite-article prefix, longest first: وال بال كال فال لل ال — only when at least
//      2 letters remain (الحب -> حب, والكتاب -> كتاب).
//   2. suffixes, tried once each in this order: ها ات ون ين يه ه ي — each only when at least
//      3 letters remain (سياراتها -> سيارات -> سيار, مدرسة -> مدرسه -> مدرس, مصريين -> مصر).
//   Not stripped, on purpose: a bare conjunction/preposition و ب ك ف ل (it would turn وزارة
//   into زاره while الوزارة keeps its و, so the two would stop matching), and the dual suffix
//   ان (it damages names: لبنان, ايران, رمضان).
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

namespace chorus::text::internal {

// U+0600..U+06FF, U+0750..U+077F, U+08A0..U+08FF.
inline bool is_arabic_block(char32_t cp) {
  return (cp >= 0x0600 && cp <= 0x06ff) || (cp >= 0x0750 && cp <= 0x077f) ||
         (cp >= 0x08a0 && cp <= 0x08ff);
}

// The normalized form of an Arabic-block code point: 0 when it is dropped, an ASCII digit for
// Arabic-Indic digits, otherwise the (possibly unified) letter or `cp` itself.
char32_t normalize_arabic_char(char32_t cp);

// True when `word` (UTF-8) is non-empty and made only of the letters U+0621..U+064A.
bool is_plain_arabic_word(std::string_view word);

// Light prefix/suffix stripping of a normalized word; words that are not plain Arabic (see
// above) are left unchanged.
void stem_arabic(std::string* word);

}  // namespace chorus::text::internal
