// Citation checking of an answer text against the sources it was given.
//
// Citations are "[n]" (also "[1, 2]" and "[1][2]"). A citation whose n is not in 1..sources is
// invalid. The text is split into sentences (. ! ? ؟ and line breaks); a sentence with at least
// min_content_words content words (stemmed analyzer terms without stopwords and citations) is
// unsupported when the share of them found in its cited sources is below min_overlap — a
// sentence citing nothing has no support.
// Stateless and thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace chorus::answer {

struct CitationCheckOptions {
  double min_overlap = 0.3;
  size_t min_content_words = 3;
  bool lines_are_sentences = false;  // split only at line breaks (quoted extractive lines)
};

struct CitationReport {
  std::vector<int> cited;    // valid source numbers, in order of first citation
  std::vector<int> invalid;  // cited numbers outside 1..sources
  std::vector<std::string> unsupported_sentences;
  std::string cleaned_text;  // the text with invalid citations removed
};

// `sources[n - 1]` is the text of source [n].
CitationReport check_citations(std::string_view answer, const std::vector<std::string>& sources,
                               const CitationCheckOptions& options = {});

// The sentences of `text` (trimmed, non-empty), split as above.
std::vector<std::string> split_sentences(std::string_view text);
// The lines of `text` (trimmed, non-empty).
std::vector<std::string> split_lines(std::string_view text);

}  // namespace chorus::answer
