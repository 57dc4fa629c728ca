// Line-by-line classification of stdin, one output line per input line (empty lines included):
//   `chorus trust classify --model MODEL [--json]`
//       the moderation label, or {"label":L,"scores":{label:probability,...}}
//   `chorus trust injection [--json] [--threshold T]`
//       "injection 0.93" / "benign 0.12", or {"injection":bool,"score":S,"evidence":[{"rule",
//       "kind","begin","end","weight","note"}]} (begin/end are byte offsets in the line)
// Lines are read as bytes; invalid UTF-8 is tolerated (skipped by the analyzer).
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "app/commands.h"
#include "base/env.h"
#include "trust/injection/injection.h"
#include "trust/moderation/moderation.h"

namespace chorus::app {
namespace {

struct ClassifyOptions {
  std::string model;
  bool json = false;
  float threshold = 0.5f;
};

bool read_line(std::string* line) {
  if (!std::getline(std::cin, *line)) return false;
  if (!line->empty() && line->back() == '\r') line->pop_back();
  return true;
}

Status run_classify(const ClassifyOptions& o) {
  CHORUS_ASSIGN_OR_RETURN(trust::LinearModel model,
                          trust::LinearModel::load(Env::posix(), o.model));
  std::string line;
  while (read_line(&line)) {
    const std::vector<float> p = model.predict(line);
    const size_t best = static_cast<size_t>(std::max_element(p.begin(), p.end()) - p.begin());
    std::string out;
    if (o.json) {
      nlohmann::json scores = nlohmann::json::object();
      for (size_t c = 0; c < p.size(); ++c) scores[model.labels()[c]] = p[c];
      out = nlohmann::json{{"label", model.labels()[best]}, {"scores", scores}}.dump();
    } else {
      out = model.labels()[best];
    }
    out += '\n';
    std::fwrite(out.data(), 1, out.size(), stdout);
  }
  if (std::cin.bad()) return io_error("reading stdin failed");
  return Status::ok();
}

Status run_injection(const ClassifyOptions& o) {
  CHORUS_ASSIGN_OR_RETURN(trust::InjectionDetector detector,
                          trust::InjectionDetector::create(o.threshold));
  std::string line;
  char buf[64];
  while (read_line(&line)) {
    const trust::InjectionResult r = detector.detect(line);
    std::string out;
    if (o.json) {
      nlohmann::json ev = nlohmann::json::array();
      for (const trust::InjectionEvidence& e : r.evidence) {
        ev.push_back({{"rule", e.rule},
                      {"kind", e.kind},
                      {"begin", e.begin},
                      {"end", e.end},
                      {"weight", e.weight},
                      {"note", e.note}});
      }
      out =
          nlohmann::json{{"injection", r.is_injection}, {"score", r.score}, {"evidence", ev}}.dump(
              -1, ' ', false, nlohmann::json::error_handler_t::replace);
    } else {
      std::snprintf(buf, sizeof buf, "%s %.2f", r.is_injection ? "injection" : "benign",
                    static_cast<double>(r.score));
      out = buf;
    }
    out += '\n';
    std::fwrite(out.data(), 1, out.size(), stdout);
  }
  if (std::cin.bad()) return io_error("reading stdin failed");
  return Status::ok();
}

void add_trust_classify(Cli& cli) {
  CLI::App* trust =
      cli.group("trust", "Trust layer: train and run the moderation classifier, explain scores");
  CLI::App* cmd = trust->add_subcommand(
      "classify", "Label each line of stdin with the moderation model (one line out per line in)");
  auto o = std::make_shared<ClassifyOptions>();
  cmd->add_option("--model", o->model, "model file written by `chorus trust train`")->required();
  cmd->add_flag("--json", o->json, "print {\"label\",\"scores\"} objects");
  cmd->callback([o] { report(run_classify(*o), "trust classify"); });

  CLI::App* inj = trust->add_subcommand(
      "injection", "Score each line of stdin for prompt injection (one line out per line in)");
  auto io = std::make_shared<ClassifyOptions>();
  inj->add_flag("--json", io->json, "print score and evidence as JSON");
  inj->add_option("--threshold", io->threshold, "score at which a line is an injection")
      ->capture_default_str();
  inj->callback([io] { report(run_injection(*io), "trust injection"); });
}

}  // namespace

CHORUS_COMMANDS(add_trust_classify);

}  // namespace chorus::app
