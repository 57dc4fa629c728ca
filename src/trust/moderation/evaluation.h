// The moderation evaluation on public data: train on a training split, report per-class
// precision/recall/F1 and macro-F1 on held-out data, next to the published baselines.
//
//   tweeteval-hate, tweeteval-offensive   train on train, evaluate on val (the test splits are
//                                         not in shared/data)
//   davidson                              stratified 80/20 split of labeled_data.csv, seed 2017
// Published figures are quoted as the papers report them, with the split they were measured on
// (TweetEval: test split; Davidson et al.: their own evaluation of the whole data set), so they
// are context, not a like-for-like comparison.
#pragma once

#include <string>
#include <vector>

#include "base/env.h"
#include "trust/moderation/metrics.h"
#include "trust/moderation/trainer.h"

namespace chorus::trust {

struct PublishedFigure {
  std::string system;  // "FastText", "RoBERTa-base", "logistic regression"
  std::string metric;  // "macro_f1", "weighted_f1", "hate_precision", "hate_recall"
  double value = 0;
  std::string split;   // where the paper measured it
  std::string source;  // citation
};

struct EvalRun {
  std::string name;      // "tweeteval-hate", "tweeteval-offensive", "davidson"
  std::string protocol;  // e.g. "train on train (9000), evaluate on val (1000)"
  size_t n_train = 0, n_eval = 0;
  Metrics metrics;
  double train_seconds = 0;  // feature extraction + SGD, monotonic clock
  std::vector<PublishedFigure> published;
};

// The training options used by the evaluation (and `chorus trust train` by default).
TrainOptions default_train_options();

// The unlabeled texts the evaluation learns word clusters from (when the options' cluster or
// vector block is on and no clusters are given): TweetEval hate and offensive train and
// Davidson's training part (the 80% of the evaluation's split), so no evaluated text is in it.
Result<std::vector<std::string>> cluster_corpus(Env* env, const std::string& data_dir);

// Runs the named evaluations (empty = all three) over `data_dir` (shared/data); word clusters
// the options need are learned once from cluster_corpus() and shared by the runs.
Result<std::vector<EvalRun>> evaluate_moderation(Env* env, const std::string& data_dir,
                                                 const std::vector<std::string>& names,
                                                 const TrainOptions& options);

std::string eval_runs_to_json(const std::vector<EvalRun>& runs);
std::string eval_runs_to_text(const std::vector<EvalRun>& runs);

}  // namespace chorus::trust
