// Candidate: one retrieved post on its way through an answer — its scores, trust assessment,
// analyzed terms, story and, when it is kept out of the evidence, why.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "answer/answer_types.h"
#include "answer/source_assessor.h"
#include "post/post.h"

namespace chorus::answer {

struct Candidate {
  Post post;
  double relevance = 0;  // index score over the best score of the search, in (0, 1]
  double recency = 1;    // 2^(-age / half-life), in (0, 1]
  SourceAssessment trust;
  std::vector<std::string> terms;  // sorted, unique analyzer terms (stemmed, no stopwords)
  int story = -1;                  // index into the stories, -1 before grouping
  int duplicate_of = -1;  // candidate index of the near-duplicate kept instead, -1 when none
  std::optional<Exclusion> excluded;

  // relevance x recency x credibility: the weight of the post as evidence.
  double value() const { return relevance * recency * trust.credibility; }
};

// Jaccard similarity of two sorted unique term lists, in [0, 1] (0 when both are empty).
double jaccard(const std::vector<std::string>& a, const std::vector<std::string>& b);

// Sorted unique terms of `text` for similarity (stemmed, stopwords dropped).
std::vector<std::string> similarity_terms(std::string_view text);

}  // namespace chorus::answer
