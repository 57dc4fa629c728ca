// `chorus trust why POST_ID|@handle|ACCOUNT_ID [--data-dir D] [--json]`: why the trust layer
// scores a post or an account as it does. The index stores only a post's ranking factor, so the
// command replays every post of <data-dir>/index through a fresh TrustState in log order (as
// ingest does, CHORUS_TRUST_* options included) and prints the same explanation as
// GET /api/trust/post/{id} and GET /api/trust/account/{id} (trust_report.h): for a post, its
// verdict at ingest and now, moderation, injection and notes, then each score with every input,
// signal and weight; for an account, its components. A target that is not a post id is taken as
// an account. JSON: the report object of the route, plus "posts_replayed".
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "app/commands.h"
#include "base/env.h"
#include "index/post_log.h"
#include "post/post_binary.h"
#include "trust/state/trust_state.h"

namespace chorus::app {
namespace {

struct WhyOptions {
  std::string data_dir = "./chorus-data";
  std::string target;
  bool json = false;
};

// Feeds every post of the log to `state`; returns how many.
Result<uint64_t> replay_log(const WhyOptions& o, trust::TrustState* state) {
  Env* env = Env::posix();
  const std::string dir = join_path(o.data_dir, "index");
  if (!env->exists(dir)) return not_found("no index in data dir " + o.data_dir);
  uint64_t posts = 0;
  auto on_record = [&](uint64_t, index::LogLocator, std::string_view payload) {
    Post post;
    if (!decode_post(payload, &post).is_ok()) return Status::ok();  // the index skips it too
    (void)state->ingest(&post);  // a post the policy drops now is still explained
    ++posts;
    return Status::ok();
  };
  index::LogOptions log_options;
  log_options.sync = index::LogOptions::Sync::kNone;
  CHORUS_ASSIGN_OR_RETURN(auto log,
                          index::PostLog::open(env, dir, log_options, on_record, nullptr));
  CHORUS_RETURN_IF_ERROR(log->close());
  return posts;
}

template <typename Report>
void print_report(const WhyOptions& o, const Report& r, uint64_t posts) {
  std::string out;
  if (o.json) {
    out = r.to_json();
    out.pop_back();  // reopen the object
    out += ",\"posts_replayed\":" + std::to_string(posts) + "}\n";
  } else {
    out = r.to_text() + "(after replaying " + std::to_string(posts) + " posts)\n";
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
}

Status run_why(const WhyOptions& o) {
  if (o.target.empty() || o.target == "@") return invalid_argument("expected POST_ID or @handle");
  CHORUS_ASSIGN_OR_RETURN(trust::TrustStateOptions options,
                          trust::trust_options_from_env(Env::posix(), std::getenv));
  CHORUS_ASSIGN_OR_RETURN(auto state, trust::TrustState::create(std::move(options)));
  CHORUS_ASSIGN_OR_RETURN(uint64_t posts, replay_log(o, state.get()));
  if (o.target[0] != '@' && state->knows_post(o.target)) {
    CHORUS_ASSIGN_OR_RETURN(trust::PostReport r, state->explain_post(o.target));
    print_report(o, r, posts);
    return Status::ok();
  }
  Result<trust::AccountReport> r = state->explain_account(o.target);
  if (!r.is_ok())
    return not_found("no post or account " + o.target + " in " + o.data_dir + " (" +
                     std::to_string(posts) + " posts)");
  print_report(o, *r, posts);
  return Status::ok();
}

void add_trust_why(Cli& cli) {
  auto o = std::make_shared<WhyOptions>();
  CLI::App* cmd =
      cli.group("trust", "Trust layer: train and run the moderation classifier, explain scores")
          ->add_subcommand("why", "Explain the trust scores of a post or an account");
  cmd->add_option("target", o->target, "POST_ID or @handle")->required();
  cmd->add_option("--data-dir", o->data_dir, "data directory (default ./chorus-data)");
  cmd->add_flag("--json", o->json, "print JSON");
  cmd->callback([o] { report(run_why(*o), "trust why"); });
}

}  // namespace

CHORUS_COMMANDS(add_trust_why);

}  // namespace chorus::app
