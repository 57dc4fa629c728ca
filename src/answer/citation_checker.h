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

#include "answer/answer_types.h"

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

// Why `answer` failed its citation check, or "" when it passed: "invalid_citation",
// "generation_failed", "no_current_story", "no_citations" (its audit flags, in flag order), else
// "unsupported_sentence". A passing answer cites >= 1 valid source and every sentence is
// supported.
std::string citation_check_failure(const Answer& answer);

// The sentences of `text` (trimmed, non-empty), split as above.
std::vector<std::string> split_sentences(std::string_view text);
// The lines of `text` (trimmed, non-empty).
std::vector<std::string> split_lines(std::string_view text);

}  // namespace chorus::answer
