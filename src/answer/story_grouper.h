// Story grouping: retrieved posts -> stories, the unit an answer summarizes.
//
//  1. Near-duplicates (Jaccard of similarity terms >= near_dup, or a repost of another candidate)
//     form clusters; each keeps one representative (highest value, then earliest) and marks the
//     rest duplicate_of it.
//  2. Creation cohorts: a post whose neighbourhood (posts with Jaccard >= cohort_similarity:
//     campaigns reword their message) has >= coordinated_min_authors distinct authors created
//     within creation_span_ms of its own author, making up >= cohort_min_share of the
//     neighbourhood's authors (reposts left out: they repeat, they do not say), is inferred to
//     be coordinated (kSourceCampaign | kSourceCoordinated), as are candidates replying to,
//     quoting or reposting such a post.
//  3. Clusters join into stories through reply/quote/repost links and through shared rare terms:
//     two posts sharing at least two terms that are not the question's, whose idf weight (idf
//     taken over the candidates) is >= join_similarity of the smaller post's total weight.
//  4. rank_stories(): for each distinct author, the best value() among the story's posts that are
//     not excluded, summed; stories by descending score, members best first.
// Pure function of its inputs; thread-compatible.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "answer/candidate.h"

namespace chorus::answer {

struct Story {
  std::vector<int> members;  // candidate indices, best value first
  double score = 0;
  size_t authors = 0;  // distinct authors among usable members
  bool coordinated = false;
  size_t fresh_authors = 0;  // see StoryOptions::fresh_since_ms
  double fresh_share = 0;    // fresh posts / scored posts
};

struct StoryOptions {
  double near_dup = 0.6;
  double join_similarity = 0.3;
  size_t coordinated_min_authors = 3;
  int64_t creation_span_ms = 6 * 3'600'000LL;
  double cohort_similarity = 0.3;
  double cohort_min_share = 0.25;
  // Freshness ("what is happening now" questions): posts created at or after fresh_since_ms are
  // fresh. A story's fresh_authors are the distinct authors of its fresh posts; its score is
  // multiplied by 1 + fresh_boost x fresh_authors.
  int64_t fresh_since_ms = std::numeric_limits<int64_t>::max();
  double fresh_boost = 0;
};

// Groups `cands` (setting story and duplicate_of, and flags of inferred coordination; exclusions
// are left to the caller's policy) and returns the stories ranked by rank_stories().
// `query_terms` are the question's stemmed terms (sorted).
std::vector<Story> group_stories(std::vector<Candidate>* cands,
                                 const std::vector<std::string>& query_terms,
                                 const StoryOptions& options = {});
// Scores and sorts `stories` after exclusions changed; sets Candidate::story.
void rank_stories(std::vector<Candidate>* cands, std::vector<Story>* stories,
                  const StoryOptions& options = {});

// True when the candidate may serve as evidence (not excluded, not a duplicate).
inline bool usable(const Candidate& c) {
  return !c.excluded && c.duplicate_of < 0;
}

}  // namespace chorus::answer
