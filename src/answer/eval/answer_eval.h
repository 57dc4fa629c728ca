// The answer evaluation behind `chorus eval answers`: a seeded simulated stream is indexed in
// stream order into a temporary index (through the trust layer when it is built), and at fixed
// simulated times questions are asked about the simulator's ground truth:
//   - "What is happening in <place>?" at event start + recall_delay_ms (the index holds exactly
//     the posts up to then) and at start + precision_delay_ms; a question is skipped when
//     another event in the same place started in the 30 minutes before it (it is ambiguous);
//   - check on each campaign claim (all simulated campaigns push false claims), by the text of
//     its first campaign post ("Is it true that ...?") and by that post's id, at first wave +
//     check_delay_ms and again after contradictions began.
// Metrics:
//   citation_precision      cited posts of event answers that belong to the asked event
//                           (micro-average over all cited posts)
//   event_recall_10s        events whose start + 10 s answer cites at least one of their posts
//   false_claim_resistance  claim checks answered disputed or unverified (not supported)
// With a model (--model) every question is answered twice, extractively and with the model. The
// metrics are over the answers served; a model run also counts what became of each answer: a
// draft generated (served, whether or not it passed the citation check of
// citation_check_failure(): no invalid citation, no unsupported sentence, >= 1 citation) or
// an extractive fallback (the audit flag says why: model_context_too_small, generation_failed),
// and the context the prompts had to fit.
// Not thread-safe; runs on the caller's thread.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "answer/generator.h"
#include "base/env.h"
#include "base/status.h"

namespace chorus::answer {

struct AnswerEvalOptions {
  uint64_t seed = 1;
  // Stream history before anything is asked (events and campaigns start after it), so that
  // background chatter has the spread in time a live index has.
  int64_t warmup_ms = 30 * 60'000;
  int64_t duration_ms = 45 * 60'000;  // after the warm-up
  double base_rate = 10;
  size_t accounts = 8000;
  int64_t first_event_ms = 60'000;  // after the warm-up
  int64_t event_interval_ms = 6 * 60'000;
  int64_t first_campaign_ms = 3 * 60'000;  // after the warm-up
  int64_t campaign_interval_ms = 8 * 60'000;
  int64_t contradiction_delay_ms = 15 * 60'000;
  int64_t recall_delay_ms = 10'000;
  int64_t precision_delay_ms = 3 * 60'000;
  int64_t check_delay_ms = 5 * 60'000;
  std::string model_path;  // "" : extractive only
  // A model given as a Generator instead of model_path (not owned; must outlive the call).
  Generator* model = nullptr;
  int threads = 1;
  bool use_trust = true;  // score posts with the trust layer at ingest when it is built
  std::string work_dir;   // where the temporary index goes ("" : the system temp dir)
};

struct AnswerEvalRun {
  std::string answerer;  // "extractive" or "model:<path>"
  size_t event_questions = 0;
  size_t ambiguous_skipped = 0;  // event questions skipped as ambiguous (see above)
  size_t events = 0;
  size_t cited = 0;
  size_t cited_on_event = 0;
  size_t events_found_10s = 0;
  size_t claim_checks = 0;
  size_t claims = 0;
  size_t resisted = 0;
  size_t generated = 0;  // answers that actually came from the model (not extractive fallback)
  // Model runs only (zero or empty otherwise):
  size_t drafts_passed = 0;                      // generated answers that passed the check
  std::map<std::string, size_t> draft_failures;  // generated answers by check failure
  std::map<std::string, size_t> fallbacks;       // extractive answers by the reason
  int64_t model_context = 0;                     // tokens a prompt and its answer must fit
  int64_t min_prompt_tokens = -1;                // the shortest prompt tried (-1: none)
  std::map<std::string, size_t> verdicts;
  double citation_precision() const;
  double event_recall_10s() const;
  double false_claim_resistance() const;
};

struct AnswerEvalReport {
  uint64_t seed = 0;
  uint64_t posts = 0;
  bool trust = false;
  double seconds = 0;
  std::vector<AnswerEvalRun> runs;
  std::string to_json() const;
  std::string to_text() const;
};

Result<AnswerEvalReport> evaluate_answers(Env* env, const AnswerEvalOptions& options);

}  // namespace chorus::answer
