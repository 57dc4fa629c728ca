// `chorus eval answers [--seed S] [--model FILE] [--threads N] [--minutes M] [--json]`: answer
// quality on a simulated stream with ground truth (see answer/eval/answer_eval.h): citation
// precision, event recall 10 s after an event starts, and resistance to false campaign claims.
// Without --model only extractive answers are measured; with it, both, and the model run counts
// its generated drafts, how many passed the citation check, and its extractive fallbacks by
// reason.
#include <cstdio>
#include <memory>
#include <string>

#include "answer/eval/answer_eval.h"
#include "app/commands.h"
#include "base/env.h"

namespace chorus::app {
namespace {

struct EvalAnswersOptions {
  answer::AnswerEvalOptions eval;
  double minutes = 45;
  bool no_trust = false;
  bool json = false;
};

Status run_eval_answers(EvalAnswersOptions o) {
  if (o.minutes <= 0 || o.minutes > 24 * 60)
    return invalid_argument("--minutes: expected 0 < minutes <= 1440");
  o.eval.duration_ms = static_cast<int64_t>(o.minutes * 60'000);
  o.eval.use_trust = !o.no_trust;
  CHORUS_ASSIGN_OR_RETURN(answer::AnswerEvalReport r,
                          answer::evaluate_answers(Env::posix(), o.eval));
  const std::string out = o.json ? r.to_json() + "\n" : r.to_text();
  std::fwrite(out.data(), 1, out.size(), stdout);
  return Status::ok();
}

void add_eval_answers(Cli& cli) {
  CLI::App* eval = cli.group("eval", "Evaluate Chorus components on data with ground truth");
  CLI::App* c = eval->add_subcommand("answers", "Answer quality on a simulated stream");
  auto o = std::make_shared<EvalAnswersOptions>();
  c->add_option("--seed", o->eval.seed, "simulator seed")->capture_default_str();
  c->add_option("--model", o->eval.model_path, "GGUF model: also measure generated answers");
  c->add_option("--threads", o->eval.threads, "model compute threads")->capture_default_str();
  c->add_option("--minutes", o->minutes, "simulated minutes")->capture_default_str();
  c->add_flag("--no-trust", o->no_trust, "use only the answer module's built-in trust signals");
  c->add_flag("--json", o->json, "print JSON");
  c->callback([o] { report(run_eval_answers(*o), "eval answers"); });
}

}  // namespace

CHORUS_COMMANDS(add_eval_answers);

}  // namespace chorus::app
