// Stopword lists (private to src/text), used when AnalyzerOptions::drop_stopwords is set.
//
// The lists hold normalized, unstemmed forms: English words lowercased with apostrophes removed
// ("dont"), Arabic words after character normalization (إلى -> الي, أن -> ان). على is left out on
// purpose: normalized it equals the name علي (Ali).
// Thread-safety: pure function over constant data.
#pragma once

#include <string_view>

namespace chorus::text::internal {

bool is_stopword(std::string_view normalized_word);

// True when the list is sorted (binary search needs it); for tests.
bool stopwords_sorted();

}  // namespace chorus::text::internal
