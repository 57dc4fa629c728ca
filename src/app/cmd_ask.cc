// `chorus ask`: a grounded, cited answer from the index of a data dir (or from a running server).
//   chorus ask [--data-dir D | --server URL] [--mode ask|explain|check] [--model FILE] [--json]
//              [--now T] [--threads N] [--max-tokens N] TEXT|POST_ID
// Text output: the answer streams to stdout as it is produced, then the citations and the audit
// trail. --json prints the answer object of docs/answers.md instead. Without --model the answer
// is extractive. --now anchors relative times ("now", "today") for replayed or simulated data.
#include <httplib.h>

#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "answer/answer.h"
#include "app/commands.h"
#include "base/env.h"
#include "base/time_util.h"
#include "index/index.h"

namespace chorus::app {
namespace {

struct AskOptions {
  std::string data_dir = "./chorus-data";
  std::string server;
  std::string mode = "ask";
  std::string model;
  std::string now;
  bool json = false;
  int threads = 1;
  int64_t max_tokens = 256;
  std::vector<std::string> words;
};

void print_text_report(const answer::Answer& a, bool streamed) {
  std::string out = streamed ? "\n" : a.text + "\n";
  if (a.verdict) {
    char line[128];
    std::snprintf(line, sizeof line, "\nVerdict: %s (confidence %.2f)\n", a.verdict->label.c_str(),
                  a.verdict->confidence);
    out += line;
  }
  out += "\nCitations:\n";
  for (const answer::Citation& c : a.citations) {
    out += "  [" + std::to_string(c.n) + "] " + c.post_id + "  @" + c.author + "  " +
           format_time_iso(c.created_at_ms) + (c.url.empty() ? "" : "  " + c.url) + "\n      " +
           c.snippet + "\n";
  }
  out += "\nAudit: considered " + std::to_string(a.audit.considered) + ", used " +
         std::to_string(a.audit.used.size()) + ", excluded " +
         std::to_string(a.audit.excluded.size()) + (a.extractive ? " (extractive)" : "") + "\n";
  for (const answer::ExcludedSource& e : a.audit.excluded)
    out += "  excluded " + e.post_id + ": " + std::string(answer::exclusion_name(e.reason)) + "\n";
  for (const std::string& f : a.audit.flags) out += "  flag: " + f + "\n";
  for (const std::string& s : a.unsupported_sentences) out += "  unsupported: " + s + "\n";
  std::fwrite(out.data(), 1, out.size(), stdout);
}

Result<answer::Answer> ask_server(const AskOptions& o, answer::Mode mode, const std::string& text) {
  httplib::Client client(o.server);
  client.set_read_timeout(300, 0);
  const nlohmann::json body = {{"question", text}, {"mode", answer::mode_name(mode)}};
  auto res = client.Post("/api/ask", body.dump(), "application/json");
  if (!res) return unavailable("cannot reach " + o.server + ": " + httplib::to_string(res.error()));
  if (res->status != 200)
    return unavailable("server answered " + std::to_string(res->status) + ": " + res->body);
  return answer::answer_from_json(res->body);
}

Result<answer::Answer> ask_local(const AskOptions& o, answer::Mode mode, const std::string& text,
                                 bool stream) {
  Env* env = Env::posix();
  const std::string dir = join_path(o.data_dir, "index");
  if (!env->exists(dir)) return not_found("no index in data dir " + o.data_dir);
  int64_t now = env->now_ms();
  if (!o.now.empty()) {
    CHORUS_ASSIGN_OR_RETURN(now, parse_time_ms(o.now));
  }
  std::unique_ptr<answer::LocalGenerator> generator;
  if (!o.model.empty()) {
    answer::LocalGeneratorOptions go;
    go.threads = o.threads;
    CHORUS_ASSIGN_OR_RETURN(generator, answer::LocalGenerator::load(o.model, go));
  }
  CHORUS_ASSIGN_OR_RETURN(auto idx, index::Index::open(env, dir, index::IndexOptions{}));
  answer::PostFieldAssessor assessor;
  answer::AnswerOptions ao;
  ao.max_tokens = o.max_tokens;
  answer::Answerer answerer(*idx, assessor, generator.get(), ao);
  auto on_text = [](std::string_view t) {
    std::fwrite(t.data(), 1, t.size(), stdout);
    std::fflush(stdout);
    return true;
  };
  Result<answer::Answer> a =
      answerer.answer(mode, text, now, stream ? answer::TextCallback(on_text) : nullptr);
  CHORUS_RETURN_IF_ERROR(idx->close());
  return a;
}

Status run_ask(const AskOptions& o) {
  CHORUS_ASSIGN_OR_RETURN(answer::Mode mode, answer::mode_from_name(o.mode));
  std::string text;
  for (const std::string& w : o.words) text += (text.empty() ? "" : " ") + w;
  if (text.empty()) return invalid_argument("ask: give a question, claim or post id");
  if (!o.server.empty() && !o.model.empty())
    return invalid_argument("ask: --model applies to local answers, not with --server");
  const bool stream = !o.json && o.server.empty();
  Result<answer::Answer> a =
      o.server.empty() ? ask_local(o, mode, text, stream) : ask_server(o, mode, text);
  if (!a.is_ok()) return a.status();
  if (o.json) {
    const std::string out = answer::answer_to_json(*a) + "\n";
    std::fwrite(out.data(), 1, out.size(), stdout);
  } else {
    print_text_report(*a, stream);
  }
  return Status::ok();
}

void add_ask(Cli& cli) {
  auto o = std::make_shared<AskOptions>();
  CLI::App* cmd = cli.root().add_subcommand("ask", "Ask a question; get an answer citing posts");
  cmd->add_option("--data-dir", o->data_dir, "data directory (default ./chorus-data)");
  cmd->add_option("--server", o->server, "ask a running chorus server instead (http://host:port)");
  cmd->add_option("--mode", o->mode,
                  "ask (default), explain (a post id) or check (post id or claim)");
  cmd->add_option("--model", o->model, "GGUF model for generated answers (default: extractive)");
  cmd->add_option("--now", o->now, "answer as of this time (ISO-8601 or epoch ms)");
  cmd->add_option("--threads", o->threads, "model compute threads")->capture_default_str();
  cmd->add_option("--max-tokens", o->max_tokens, "tokens per generated answer")
      ->capture_default_str();
  cmd->add_flag("--json", o->json, "print the answer as JSON");
  cmd->add_option("text", o->words, "question, claim or post id");
  cmd->callback([o] { report(run_ask(*o), "ask"); });
}

}  // namespace

CHORUS_COMMANDS(add_ask);

}  // namespace chorus::app
