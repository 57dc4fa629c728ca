// The answer evaluation on a short simulated stream: it runs, asks about every event and claim,
// and meets the quality targets on a fixed seed (a regression guard for the whole pipeline).
#include "answer/eval/answer_eval.h"

#include <gtest/gtest.h>

#include "support/temp_dir.h"

namespace chorus::answer {
namespace {

TEST(AnswerEvalTest, ShortSimulatedRunMeetsTargets) {
  chorus::testing::TempDir dir;
  AnswerEvalOptions o;
  o.seed = 2;
  o.duration_ms = 30 * 60'000;
  o.work_dir = dir.path();
  auto r = evaluate_answers(Env::posix(), o);
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  ASSERT_EQ(r->runs.size(), 1u);
  const AnswerEvalRun& run = r->runs[0];
  EXPECT_GT(r->posts, 1000u);
  EXPECT_GE(run.events, 2u);
  EXPECT_GE(run.claims, 1u);
  EXPECT_GT(run.cited, 0u);
  EXPECT_GE(run.citation_precision(), 0.9) << r->to_text();
  EXPECT_GE(run.false_claim_resistance(), 0.95) << r->to_text();
  EXPECT_NE(r->to_json().find("\"event_recall_10s\""), std::string::npos);
}

}  // namespace
}  // namespace chorus::answer
