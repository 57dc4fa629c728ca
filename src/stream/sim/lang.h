// The simulator's languages, by index: 0 English, 1 Arabic, 2 French.
#pragma once

#include <string_view>

namespace chorus::sim {

inline constexpr int kLangEn = 0;
inline constexpr int kLangAr = 1;
inline constexpr int kLangFr = 2;
inline constexpr int kLangCount = 3;

// "en", "ar", "fr".
constexpr std::string_view lang_code(int lang) {
  return lang == kLangAr ? "ar" : lang == kLangFr ? "fr" : "en";
}
// The index of a code, or -1 when the simulator does not write that language.
constexpr int lang_index(std::string_view code) {
  for (int i = 0; i < kLangCount; ++i)
    if (lang_code(i) == code) return i;
  return -1;
}

}  // namespace chorus::sim
