// Trending stories: for each trending burst of the index, a short summary with citations —
// generated when a model is loaded, else extractive — that passed the citation check.
//
// A burst is a trending term (index::Index::trending over `window_ms`) with burst >= min_burst
// and count >= min_count. Its summary is the answer to "<term> in the last N minutes" (ask mode,
// through AnswerFn), cut to its first max_sentences sentences (extractive: quoted lines). The
// summary is kept only when the answer's citation check passed — no invalid citation, no
// unsupported sentence, no failed generation or missing current story — and the cut text cites
// at least one source; otherwise the story is listed without a summary and `withheld` says why.
// No headline without sources. Thread-safe when AnswerFn is.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "answer/answer_types.h"
#include "index/index.h"

namespace chorus::answer {

struct StorySummaryOptions {
  int64_t window_ms = 10 * 60'000;
  size_t max_stories = 5;
  double min_burst = 1.5;
  uint64_t min_count = 3;
  size_t max_sentences = 2;
};

struct TrendingStory {
  std::string term;
  uint64_t count = 0;
  double burst = 0;
  std::string summary;  // "" when withheld
  bool extractive = false;
  std::vector<Citation> citations;  // the sources the summary cites
  std::string withheld;  // why there is no summary: "no_citations", "unsupported_sentence", ...
};

std::vector<TrendingStory> summarize_trending(const index::Index& index, const AnswerFn& answer_fn,
                                              int64_t now_ms,
                                              const StorySummaryOptions& options = {});

// The summary of one answer (fills summary, extractive, citations or withheld of `story`).
void summarize_answer(const Answer& answer, size_t max_sentences, TrendingStory* story);

// {"window","stories":[{"term","count","burst","summary","extractive","citations":[...],
// "withheld"}]}
std::string stories_to_json(const std::vector<TrendingStory>& stories, int64_t window_ms);

}  // namespace chorus::answer
