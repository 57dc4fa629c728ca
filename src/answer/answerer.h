// Answerer: the answer pipeline — plan, retrieve, group into stories, weigh and select evidence,
// build a grounded prompt, generate (or answer extractively without a model) and check
// citations — for three modes:
//   ask      a question ("What is happening in Cairo?")
//   explain  a post id: the post, its thread (parent, replies, quotes) and related posts
//   check    a post id or a claim: supporting and contradicting evidence and a verdict
// Every answer carries its citations and audit trail (answer_types.h).
//
// Thread-safety: answer() is const and may run concurrently when the Generator is absent; a
// Generator serves one generation at a time, so callers sharing one serialize (the server does).
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "answer/answer_types.h"
#include "answer/citation_checker.h"
#include "answer/claim_checker.h"
#include "answer/evidence_selector.h"
#include "answer/generator.h"
#include "answer/question_plan.h"
#include "answer/retriever.h"
#include "answer/source_assessor.h"
#include "answer/story_grouper.h"
#include "index/index.h"

namespace chorus::answer {

enum class FlaggedPolicy {
  kExclude,           // flagged posts never become sources (audit says why)
  kQuoteWithWarning,  // campaign/coordinated/low-credibility posts may be quoted under a WARNING
};

struct AnswerOptions {
  PlanOptions plan;
  RetrieveOptions retrieve;
  StoryOptions stories;
  EvidenceOptions evidence;
  VerdictOptions verdict;
  CitationCheckOptions citations;
  FlaggedPolicy flagged = FlaggedPolicy::kExclude;
  int64_t max_tokens = 256;  // generated tokens per answer
  // With a generator: let the model propose extra search words before retrieval.
  bool rewrite_query = false;
  // "now" questions answer only from current stories: at least min_fresh_authors distinct
  // authors posted in the last fresh_window_ms, at least min_fresh_share of the story's posts
  // are that fresh, and one of its terms (not the question's) bursts in the index's trending
  // counts over burst_window_ms (burst >= min_burst) or is new: posted by >= min_fresh_authors
  // of the story's fresh authors, seen >= 2 times over burst_window_ms and never in the
  // novelty_window_ms before (a story seconds old has too few posts for a burst ratio, whose
  // smoothing needs >= 3 posts a minute from nothing). Fresh authors raise a story's score
  // (StoryOptions::fresh_boost). Without a current story the answer says so and cites nothing.
  int64_t fresh_window_ms = 2 * 60'000;
  size_t min_fresh_authors = 2;
  double min_fresh_share = 0.5;
  double fresh_boost = 1.0;
  int64_t burst_window_ms = 60'000;
  double min_burst = 2.5;
  int64_t novelty_window_ms = 60 * 60'000;
  // Window of check and explain retrieval when the input names no time.
  int64_t context_window_ms = 7LL * 24 * 3'600'000;
};

class Answerer {
 public:
  // `index` and `assessor` must outlive the Answerer. `generator` may be null (extractive).
  Answerer(const index::Index& index, const SourceAssessor& assessor, Generator* generator,
           AnswerOptions options = {});

  // `input` is the question (ask), a post id (explain) or a post id or claim (check); `now_ms`
  // is the time the question is asked at. on_text, when set, receives the answer text as it is
  // produced (generated tokens, or the extractive text at once).
  Result<Answer> answer(Mode mode, std::string_view input, int64_t now_ms,
                        const TextCallback& on_text = nullptr) const;

  const AnswerOptions& options() const { return options_; }

 private:
  struct Work;
  Result<Answer> ask(std::string_view question, int64_t now_ms, const TextCallback& on_text) const;
  Result<Answer> explain(std::string_view post_id, int64_t now_ms,
                         const TextCallback& on_text) const;
  Result<Answer> check(std::string_view input, int64_t now_ms, const TextCallback& on_text) const;

  // Groups, applies the flag policy, marks duplicates and ranks stories.
  void prepare(Work* w, int64_t now_ms) const;
  // Generates over `sources` (or uses `extractive` text without a model), checks citations and
  // fills the answer's text, citations and audit.
  Status finish(Work* w, const std::string& extractive, const TextCallback& on_text) const;
  void rewrite_query(QuestionPlan* plan) const;
  // Terms (stemmed, not the question's) whose trending burst is >= min_burst now.
  std::set<std::string> bursting_terms(const QuestionPlan& plan, int64_t now_ms) const;
  // Terms (stemmed, not the question's) seen >= 2 times over burst_window_ms and never in the
  // novelty_window_ms before it.
  std::set<std::string> new_terms(const QuestionPlan& plan, int64_t now_ms) const;

  const index::Index& index_;
  const SourceAssessor& assessor_;
  Generator* generator_;
  AnswerOptions options_;
  Retriever retriever_;
};

}  // namespace chorus::answer
