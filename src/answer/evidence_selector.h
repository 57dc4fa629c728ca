// Evidence selection: which candidates become the numbered sources of an answer.
//
// Eligible: usable candidates (story_grouper.h) of the top stories — at most max_stories, each
// scoring at least story_ratio x the best story. Greedy MMR over them: next = argmax of
//   lambda * value / best_value - (1 - lambda) * max Jaccard similarity to the sources so far,
// where value = relevance x recency x credibility, skipping posts that would overflow
// token_budget (estimated tokens of the quoted source) until max_sources are chosen.
// Pure function; thread-compatible.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "answer/candidate.h"
#include "answer/story_grouper.h"

namespace chorus::answer {

struct EvidenceOptions {
  size_t max_sources = 8;
  size_t token_budget = 1200;
  double lambda = 0.7;
  size_t max_stories = 3;
  double story_ratio = 0.35;
};

// Candidate indices in source order ([1] first): `chosen` (sources fixed beforehand, which count
// against the budget and the redundancy of the rest) followed by the picks.
std::vector<int> select_evidence(const std::vector<Candidate>& cands,
                                 const std::vector<Story>& stories, const EvidenceOptions& options,
                                 std::vector<int> chosen = {});

// A cheap estimate of the prompt tokens of a quoted source: bytes / 4 plus the delimiters.
size_t estimate_tokens(std::string_view text);

}  // namespace chorus::answer
