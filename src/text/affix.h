// Inline prefix/suffix tests for the stemmers (private to src/text). Affixes are a few bytes, so
// a byte loop that stops at the first difference beats a call to memcmp.
#pragma once

#include <string_view>

namespace chorus::text::internal {

inline bool has_suffix(std::string_view word, std::string_view suffix) {
  if (word.size() < suffix.size()) return false;
  const char* w = word.data() + (word.size() - suffix.size());
  for (size_t i = suffix.size(); i-- > 0;) {
    if (w[i] != suffix[i]) return false;
  }
  return true;
}

inline bool has_prefix(std::string_view word, std::string_view prefix) {
  if (word.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (word[i] != prefix[i]) return false;
  }
  return true;
}

}  // namespace chorus::text::internal
