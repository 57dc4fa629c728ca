// The answer evaluation on a short simulated stream: it runs, asks about every event and claim,
// and meets the quality targets on a fixed seed (a regression guard for the whole pipeline); a
// model run accounts for every answer (generated draft and its check, or extractive fallback).
#include "answer/eval/answer_eval.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "support/temp_dir.h"

namespace chorus::answer {
namespace {

size_t total(const std::map<std::string, size_t>& m) {
  size_t n = 0;
  for (const auto& [k, v] : m) n += v;
  return n;
}

// Every answer of a model run is either generated (its check passed or failed) or a fallback.
void expect_accounted(const AnswerEvalRun& run) {
  EXPECT_EQ(run.generated + total(run.fallbacks), run.event_questions + run.claim_checks);
  EXPECT_EQ(run.drafts_passed + total(run.draft_failures), run.generated);
}

TEST(AnswerEvalTest, ShortSimulatedRunMeetsTargets) {
  chorus::testing::TempDir dir;
  AnswerEvalOptions o;
  o.seed = 1;
  o.duration_ms = 30 * 60'000;
  o.work_dir = dir.path();
  auto r = evaluate_answers(Env::posix(), o);
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  ASSERT_EQ(r->runs.size(), 1u);
  const AnswerEvalRun& run = r->runs[0];
  EXPECT_GT(r->posts, 1000u);
  EXPECT_GE(run.events, 3u);
  EXPECT_GE(run.claims, 1u);
  EXPECT_GT(run.cited, 0u);
  EXPECT_GE(run.citation_precision(), 0.9) << r->to_text();
  // First witnesses post within seconds; two of them in one story, with a term new to the
  // index, make a current story 10 s after the start.
  EXPECT_GE(run.event_recall_10s(), 0.6) << r->to_text();
  EXPECT_GE(run.false_claim_resistance(), 0.95) << r->to_text();
  EXPECT_NE(r->to_json().find("\"event_recall_10s\""), std::string::npos);
  EXPECT_EQ(run.model_context, 0);
  EXPECT_EQ(run.generated, 0u);
}

// A model that always cites source [1] in one short sentence.
class CiteFirstGenerator final : public Generator {
 public:
  Result<std::string> generate(const std::vector<model::ChatMessage>&, int64_t,
                               const TextCallback&) override {
    ++calls;
    return std::string("Reports say so [1].");
  }
  int64_t prompt_tokens(const std::vector<model::ChatMessage>&) const override { return 300; }
  int64_t context() const override { return 2048; }
  std::string name() const override { return "cite-first"; }
  size_t calls = 0;
};

TEST(AnswerEvalTest, ModelRunCountsDraftsAndTheirChecks) {
  chorus::testing::TempDir dir;
  CiteFirstGenerator model;
  AnswerEvalOptions o;
  o.seed = 2;
  o.duration_ms = 15 * 60'000;
  o.work_dir = dir.path();
  o.model = &model;
  auto r = evaluate_answers(Env::posix(), o);
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  ASSERT_EQ(r->runs.size(), 2u);
  const AnswerEvalRun& run = r->runs[1];
  EXPECT_EQ(run.answerer, "model:cite-first");
  expect_accounted(run);
  EXPECT_EQ(run.generated, model.calls);
  EXPECT_TRUE(run.fallbacks.empty()) << r->to_text();
  EXPECT_GT(run.drafts_passed, 0u) << r->to_text();
  EXPECT_EQ(run.model_context, 2048);
  EXPECT_EQ(run.min_prompt_tokens, 300);
  const std::string json = r->to_json();
  for (const char* key : {"\"drafts_passed_check\"", "\"draft_check_failures\"",
                          "\"extractive_fallbacks\"", "\"fallback_reasons\"", "\"model_context\"",
                          "\"min_prompt_tokens\"", "\"generated_answers\""})
    EXPECT_NE(json.find(key), std::string::npos) << key;
  EXPECT_EQ(r->runs[0].generated, 0u);  // the extractive run is untouched
}

TEST(AnswerEvalTest, TinyModelRunReportsWhyItFellBack) {
  const std::string shared = chorus::testing::shared_dir();
  if (shared.empty()) GTEST_SKIP() << "no /work/shared: stories260K fixture unavailable";
  chorus::testing::TempDir dir;
  AnswerEvalOptions o;
  o.seed = 2;
  o.duration_ms = 10 * 60'000;
  o.work_dir = dir.path();
  o.model_path = shared + "/fixtures/models/stories260K/stories260K.gguf";
  auto r = evaluate_answers(Env::posix(), o);
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  ASSERT_EQ(r->runs.size(), 2u);
  const AnswerEvalRun& run = r->runs[1];
  expect_accounted(run);
  // Its 128-token context holds neither the answer budget nor the shortest grounded prompt (the
  // rules alone): no draft is generated and every answer says why it is extractive.
  EXPECT_EQ(run.model_context, 128);
  EXPECT_GT(run.min_prompt_tokens, run.model_context);
  EXPECT_EQ(run.generated, 0u);
  EXPECT_EQ(run.fallbacks.size(), 1u);
  EXPECT_EQ(run.fallbacks.count("model_context_too_small"), 1u) << r->to_text();
  EXPECT_GT(total(run.fallbacks), 0u);
}

}  // namespace
}  // namespace chorus::answer
