// `chorus eval trust [--seed S] [--posts N] [--json]`: simulates a stream with ground truth
// (the simulator's C++ API), runs the TrustScorer over it in order and reports precision and
// recall of coordinated-account, campaign-post and automated-account detection, and the share
// of posts pushing false claims that the evidence policy keeps out of answers (see
// src/trust/scores/trust_eval.h for the definitions). JSON keys: coordinated_account_precision,
// coordinated_account_recall, campaign_precision, campaign_recall, automated_precision,
// automated_recall, false_claims_excluded_share, plus collateral shares and counts.
#include <cstdio>
#include <memory>
#include <string>

#include "app/commands.h"
#include "base/env.h"
#include "stream/sim/sim.h"
#include "trust/scores/trust_eval.h"

namespace chorus::app {
namespace {

struct EvalTrustOptions {
  uint64_t seed = 1;
  uint64_t posts = 200'000;
  bool json = false;
};

trust::TruthLabel label_of(const sim::GroundTruth& g) {
  trust::TruthLabel t;
  t.author_automated = g.author_automated;
  t.author_coordinated = g.author_coordinated;
  t.campaign_post = g.role == sim::Role::kCampaign || g.role == sim::Role::kAmplification;
  t.pushes_false_claim = (g.role == sim::Role::kCampaign || g.role == sim::Role::kAmplification) &&
                         !g.claim_id.empty() && !g.claim_true;
  t.contradiction = g.role == sim::Role::kContradiction;
  return t;
}

void print_text(const trust::TrustEvalReport& r) {
  auto line = [](const char* name, double v) { std::printf("%-32s %.4f\n", name, v); };
  line("coordinated_account_precision", r.coordinated_accounts.precision());
  line("coordinated_account_recall", r.coordinated_accounts.recall());
  line("campaign_precision", r.campaign_posts.precision());
  line("campaign_recall", r.campaign_posts.recall());
  line("automated_precision", r.automated_accounts.precision());
  line("automated_recall", r.automated_accounts.recall());
  line("false_claims_excluded_share", r.false_claims_excluded_share());
  std::printf("%-32s %llu posts, %llu accounts, %.2f s\n", "stream",
              static_cast<unsigned long long>(r.posts), static_cast<unsigned long long>(r.accounts),
              r.seconds);
}

Status run_eval_trust(const EvalTrustOptions& o) {
  if (o.posts == 0) return invalid_argument("--posts: must be positive");
  sim::SimConfig config;
  config.seed = o.seed;
  config.max_posts = o.posts;
  sim::Simulator simulator(config);
  trust::TrustScorer scorer;
  trust::TrustEval eval(&scorer);
  Post post;
  sim::GroundTruth truth;
  Env* env = Env::posix();
  const int64_t start = env->monotonic_ns();
  while (simulator.next(&post, &truth)) eval.add(post, label_of(truth));
  trust::TrustEvalReport r = eval.finish();
  r.seconds = static_cast<double>(env->monotonic_ns() - start) / 1e9;
  if (o.json) {
    std::printf("%s\n", r.to_json().c_str());
  } else {
    print_text(r);
  }
  return Status::ok();
}

void add_eval_trust(Cli& cli) {
  auto o = std::make_shared<EvalTrustOptions>();
  CLI::App* cmd = cli.group("eval", "Evaluate Chorus against ground truth")
                      ->add_subcommand("trust", "Trust scores against a simulated stream");
  cmd->add_option("--seed", o->seed, "simulator seed (default 1)");
  cmd->add_option("--posts", o->posts, "posts to simulate (default 200000)");
  cmd->add_flag("--json", o->json, "print JSON");
  cmd->callback([o] { report(run_eval_trust(*o), "eval trust"); });
}

}  // namespace

CHORUS_COMMANDS(add_eval_trust);

}  // namespace chorus::app
