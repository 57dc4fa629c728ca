// Retriever: from a QuestionPlan to candidate posts. Searches the index by score with recency
// (Order::kScore, now = the question's time) inside the plan's window; when fewer than
// min_results posts match it widens the window (x4 per step up to max_window_ms, then unbounded)
// and, if still short, relaxes AND to OR over the same ladder. Each candidate gets its trust
// assessment, similarity terms and relevance; posts that cover too few of the question's
// concepts are marked off_topic.
// Thread-safety: const methods only; safe to share when the Index and SourceAssessor are.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "answer/candidate.h"
#include "answer/question_plan.h"
#include "answer/source_assessor.h"
#include "base/status.h"
#include "index/index.h"

namespace chorus::answer {

struct RetrieveOptions {
  size_t limit = 80;                              // posts fetched per search
  size_t min_results = 5;                         // widen until at least this many posts match
  int64_t max_window_ms = 30LL * 24 * 3'600'000;  // last bounded step of the ladder
  int64_t recency_half_life_ms = 0;               // 0: half the plan's window, at least 10 minutes
  double min_coverage = 0.34;  // share of the question's concepts a post must contain
};

struct Retrieval {
  std::vector<Candidate> candidates;  // in index score order, distinct ids
  int64_t since_ms = 0;               // the window finally searched
  int64_t until_ms = 0;
  bool widened = false;  // the window grew beyond the plan's
  bool relaxed = false;  // AND was relaxed to OR
};

class Retriever {
 public:
  Retriever(const index::Index& index, const SourceAssessor& assessor, RetrieveOptions options = {})
      : index_(index), assessor_(assessor), options_(options) {}

  Result<Retrieval> retrieve(const QuestionPlan& plan, int64_t now_ms) const;
  // Runs one more search (`query_text` in the retrieval's window, or with no lower bound with
  // `any_time`; never after the window's end)
  // and appends the posts not already there.
  Status add_search(const QuestionPlan& plan, const std::string& query_text, int64_t now_ms,
                    bool any_time, Retrieval* r) const;
  // Runs the retrieval's query again (AND, or OR when it was relaxed) over posts created since
  // `since_ms` (not before the window) and appends the posts not already there: the freshest
  // posts, which a search over a longer window may rank below its limit.
  Status add_since(const QuestionPlan& plan, int64_t since_ms, int64_t now_ms, Retrieval* r) const;
  // Appends `post` as a candidate (from a link or an id) unless its id is already there.
  void add_post(Post post, double relevance, const QuestionPlan& plan, int64_t now_ms,
                Retrieval* r) const;

  const index::Index& index() const { return index_; }
  const SourceAssessor& assessor() const { return assessor_; }

 private:
  Result<index::SearchResult> search(const std::string& text, int64_t since, int64_t until,
                                     int64_t now_ms) const;
  // Appends the hits of `text` in [since, r->until_ms), relevance relative to their best.
  Status add_hits(const QuestionPlan& plan, const std::string& text, int64_t since, int64_t now_ms,
                  Retrieval* r) const;
  double recency(const QuestionPlan& plan, int64_t created_ms, int64_t now_ms) const;

  const index::Index& index_;
  const SourceAssessor& assessor_;
  RetrieveOptions options_;
};

// Share of the plan's groups (concepts) with a word among `terms` (stemmed), in [0, 1]; 1 when
// the plan has no groups.
double coverage(const QuestionPlan& plan, const std::vector<std::string>& terms);

}  // namespace chorus::answer
