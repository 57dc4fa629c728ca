// `chorus trust why POST_ID|@handle [--data-dir D] [--json]`: why the trust layer scores a post
// or an account as it does. The index stores only a post's credibility, so the command replays
// every post of <data-dir>/index through a fresh TrustScorer in log order (as ingest does) and
// prints, for a post, its verdict at ingest (flags and reasons) and then each component as it
// stands after the replay — credibility, bot score, campaign score of its cluster, the author's
// campaign score — with every input, signal and weight; for @handle, the account's components
// (and its latest cluster).
// JSON: {"post":{"id","flags":[...],"reasons":[...],"credibility","bot_score","campaign_score",
//        "account_campaign","cluster","duplicate_of"} (post queries only),
//        "explanation":{"account","credibility","bot","campaign","account_campaign"},
//        "posts_replayed":N}
#include <cstdio>
#include <memory>
#include <optional>
#include <string>

#include "app/commands.h"
#include "base/env.h"
#include "index/post_log.h"
#include "post/post_binary.h"
#include "post/post_json.h"
#include "trust/scores/trust_scorer.h"

namespace chorus::app {
namespace {

struct WhyOptions {
  std::string data_dir = "./chorus-data";
  std::string target;
  bool json = false;
};

struct Replay {
  trust::TrustScorer scorer;
  std::optional<trust::PostTrust> post_trust;  // the target post's verdict at ingest
  std::string account_key;                     // the target's author (or the @handle's account)
  uint64_t cluster = 0;                        // cluster to explain
  uint64_t posts = 0;
};

Status replay_log(const WhyOptions& o, Replay* r) {
  Env* env = Env::posix();
  const std::string dir = join_path(o.data_dir, "index");
  if (!env->exists(dir)) return not_found("no index in data dir " + o.data_dir);
  const bool by_handle = !o.target.empty() && o.target[0] == '@';
  const std::string handle = by_handle ? o.target.substr(1) : "";
  auto on_record = [&](uint64_t, index::LogLocator, std::string_view payload) {
    Post post;
    if (!decode_post(payload, &post).is_ok()) return Status::ok();  // the index skips it too
    trust::PostTrust t = r->scorer.assess(post);
    ++r->posts;
    if (by_handle ? post.author.handle == handle : post.id == o.target) {
      r->account_key = std::string(trust::AccountTracker::key_of(post.author));
      if (t.cluster != 0) r->cluster = t.cluster;
      if (!by_handle) r->post_trust = t;
    }
    return Status::ok();
  };
  index::LogOptions log_options;
  log_options.sync = index::LogOptions::Sync::kNone;
  CHORUS_ASSIGN_OR_RETURN(auto log,
                          index::PostLog::open(env, dir, log_options, on_record, nullptr));
  CHORUS_RETURN_IF_ERROR(log->close());
  if (r->account_key.empty())
    return not_found((by_handle ? "no posts by " : "no post with id ") + o.target + " in " + dir);
  return Status::ok();
}

std::string post_json(const trust::PostTrust& t, const std::string& id) {
  std::string out = "{\"id\":";
  append_json_string(id, &out);
  out += ",\"flags\":[";
  bool first = true;
  for (int b = 0; b < trust::kTrustFlagCount; ++b) {
    if (!(t.flags & (1u << b))) continue;
    out += (first ? "\"" : ",\"") + std::string(trust::trust_flag_name(b)) + "\"";
    first = false;
  }
  out += "],\"reasons\":[";
  for (size_t i = 0; i < t.reasons.size(); ++i) {
    if (i) out += ",";
    append_json_string(t.reasons[i], &out);
  }
  char nums[256];
  std::snprintf(nums, sizeof nums,
                "],\"credibility\":%.4f,\"bot_score\":%.4f,\"campaign_score\":%.4f,"
                "\"account_campaign\":%.4f,\"cluster\":%llu,\"duplicate_of\":%llu}",
                t.credibility, t.bot_score, t.campaign_score, t.account_campaign,
                static_cast<unsigned long long>(t.cluster),
                static_cast<unsigned long long>(t.duplicate_of));
  return out + nums;
}

void print_why(const WhyOptions& o, const Replay& r, const trust::TrustExplanation& e) {
  std::string out;
  if (o.json) {
    out = "{";
    if (r.post_trust) out += "\"post\":" + post_json(*r.post_trust, o.target) + ",";
    out +=
        "\"explanation\":" + e.to_json() + ",\"posts_replayed\":" + std::to_string(r.posts) + "}\n";
  } else {
    if (r.post_trust) {
      out += "post " + o.target + " at ingest:\n";
      if (r.post_trust->reasons.empty()) out += "  no flags\n";
      for (const std::string& reason : r.post_trust->reasons) out += "  - " + reason + "\n";
      out += "\nnow, after " + std::to_string(r.posts) + " posts:\n";
    }
    out += e.to_text();
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
}

Status run_why(const WhyOptions& o) {
  if (o.target.empty() || o.target == "@") return invalid_argument("expected POST_ID or @handle");
  Replay r;
  CHORUS_RETURN_IF_ERROR(replay_log(o, &r));
  auto e = r.scorer.explain_account(r.account_key, r.cluster);
  if (!e) return internal_error("account " + r.account_key + " vanished from the scorer");
  print_why(o, r, *e);
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
