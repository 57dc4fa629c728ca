// Emoji recognition (private to src/text).
//
// An emoji token is one user-perceived emoji:
//   base        an Extended_Pictographic-like code point (U+1F000..U+1FAFF, U+1FC00..U+1FFFD,
//               U+2600..U+27BF, and the listed pictographs in U+2190..U+2BFF and U+3030..U+3299;
//               © ® ™ are not emoji tokens)
//   followed by skin-tone modifiers U+1F3FB..U+1F3FF, the keycap U+20E3, tag characters
//               U+E0020..U+E007F (subdivision flags), and ZWJ U+200D + another base, any number
//   flags       two regional indicators U+1F1E6..U+1F1FF
//   keycaps     [0-9#*] (U+FE0F) U+20E3
// Variation selectors U+FE0E/U+FE0F are dropped, so text and emoji presentation give one token.
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace chorus::text::internal {

bool is_emoji_base(char32_t cp);

inline bool is_regional_indicator(char32_t cp) {
  return cp >= 0x1f1e6 && cp <= 0x1f1ff;
}

// Scans the emoji sequence that starts at text[i] (its first code point is an emoji base or a
// keycap base [0-9#*]). Writes the token to `term` (replacing its content) and returns the end
// offset, or returns `i` when no emoji starts there.
size_t scan_emoji(std::string_view text, size_t i, std::string* term);

}  // namespace chorus::text::internal
