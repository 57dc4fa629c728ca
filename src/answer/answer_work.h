// Private to src/answer: the state one answer accumulates through the pipeline.
#pragma once

#include <vector>

#include "answer/answerer.h"
#include "answer/candidate.h"
#include "answer/story_grouper.h"

namespace chorus::answer {

struct Answerer::Work {
  Mode mode = Mode::kAsk;
  QuestionPlan plan;
  Retrieval retrieval;
  std::vector<Story> stories;
  std::vector<int> sources;  // candidate indices in [n] order
  Answer answer;
};

// Candidate index of a post id in `r`, or -1.
int find_candidate(const Retrieval& r, std::string_view post_id);

// Snippet of a post for citations: its text on one line, cut at a character boundary.
std::string snippet_of(const Post& p, size_t max_bytes = 200);

}  // namespace chorus::answer
