// `chorus eval moderation [--data-dir DIR] [--only NAME]... [--json] [--epochs N] [--seed S]`:
// trains the moderation classifier on the public data sets in DIR (shared/data) and prints
// per-class precision/recall/F1 and macro-F1 on held-out data next to the published baselines
// (see trust/moderation/evaluation.h for the protocol). --json prints
// {"moderation_eval":[{"dataset","protocol","n_train","n_eval","train_seconds","accuracy",
// "macro_f1","weighted_f1","classes":{label:{precision,recall,f1,support}},"published":[...]}]}.
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "app/commands.h"
#include "base/env.h"
#include "trust/moderation/moderation.h"

namespace chorus::app {
namespace {

struct EvalOptions {
  std::string data_dir = "../shared/data";
  std::vector<std::string> only;
  bool json = false;
  uint32_t epochs = 0;
  uint64_t seed = 1;
};

Status run_eval(const EvalOptions& o) {
  trust::TrainOptions train = trust::default_train_options();
  if (o.epochs > 0) train.epochs = o.epochs;
  train.seed = o.seed;
  CHORUS_ASSIGN_OR_RETURN(auto runs,
                          trust::evaluate_moderation(Env::posix(), o.data_dir, o.only, train));
  const std::string out = o.json ? trust::eval_runs_to_json(runs) : trust::eval_runs_to_text(runs);
  std::fwrite(out.data(), 1, out.size(), stdout);
  return Status::ok();
}

void add_eval_moderation(Cli& cli) {
  CLI::App* eval = cli.group("eval", "Evaluate Chorus components on public data sets");
  CLI::App* cmd = eval->add_subcommand(
      "moderation", "Train and evaluate the moderation classifier on TweetEval and Davidson");
  auto opts = std::make_shared<EvalOptions>();
  cmd->add_option("--data-dir", opts->data_dir, "the shared data folder")->capture_default_str();
  cmd->add_option("--only", opts->only,
                  "tweeteval-hate, tweeteval-offensive or davidson (repeatable; default all)");
  cmd->add_flag("--json", opts->json, "print JSON");
  cmd->add_option("--epochs", opts->epochs, "training epochs (default: the tuned value)");
  cmd->add_option("--seed", opts->seed, "training seed")->capture_default_str();
  cmd->callback([opts] { report(run_eval(*opts), "eval moderation"); });
}

}  // namespace

CHORUS_COMMANDS(add_eval_moderation);

}  // namespace chorus::app
