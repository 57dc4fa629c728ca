#include "answer/eval/answer_eval.h"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <unordered_map>

#include "answer/answerer.h"
#include "answer/citation_checker.h"
#include "answer/trust_adapter.h"
#include "index/index.h"
#include "stream/sim/places.h"
#include "stream/sim/simulator.h"

namespace chorus::answer {
namespace {

// The simulated clock: the index sees stream time as "now" (trending buckets, retention).
class SimClockEnv final : public EnvWrapper {
 public:
  explicit SimClockEnv(Env* target) : EnvWrapper(target) {}
  int64_t now_ms() override { return now_.load(std::memory_order_relaxed); }
  void set_now_ms(int64_t ms) { now_.store(ms, std::memory_order_relaxed); }

 private:
  std::atomic<int64_t> now_{0};
};

// The model seen by the model run: passes everything through and keeps the shortest prompt the
// answerer measured (it measures each prompt it considers while fitting the context).
class PromptMeter final : public Generator {
 public:
  explicit PromptMeter(Generator& model) : model_(model) {}
  Result<std::string> generate(const std::vector<model::ChatMessage>& messages, int64_t max_tokens,
                               const TextCallback& on_text) override {
    return model_.generate(messages, max_tokens, on_text);
  }
  int64_t prompt_tokens(const std::vector<model::ChatMessage>& messages) const override {
    const int64_t n = model_.prompt_tokens(messages);
    if (n >= 0 && (shortest_ < 0 || n < shortest_)) shortest_ = n;
    return n;
  }
  int64_t context() const override { return model_.context(); }
  std::string name() const override { return model_.name(); }
  int64_t shortest() const { return shortest_; }

 private:
  Generator& model_;
  mutable int64_t shortest_ = -1;
};

// Counts what became of one answer of a model run: a generated draft and its citation check, or
// an extractive fallback and why.
void count_model_answer(const Answer& a, AnswerEvalRun* r) {
  if (!a.extractive) {
    ++r->generated;
    const std::string why = citation_check_failure(a);
    if (why.empty())
      ++r->drafts_passed;
    else
      ++r->draft_failures[why];
    return;
  }
  std::string why = "other";
  for (const std::string& f : a.audit.flags) {
    if (f == "model_context_too_small" || f.starts_with("generation_failed")) {
      why = f.substr(0, f.find(':'));
      break;
    }
  }
  ++r->fallbacks[why];
}

size_t fallback_count(const AnswerEvalRun& r) {
  size_t n = 0;
  for (const auto& [why, k] : r.fallbacks) n += k;
  return n;
}

enum class ProbeKind { kEventRecall, kEventPrecision, kClaimCheck };

struct Probe {
  int64_t t_ms;
  ProbeKind kind;
  size_t target;  // event or claim index
};

double ratio(size_t a, size_t b) {
  return b == 0 ? 0 : static_cast<double>(a) / b;
}

// "Is it true that <text>?" with hashtags and URLs left out.
std::string claim_question(const std::string& text) {
  std::string claim;
  size_t i = 0;
  while (i < text.size()) {
    size_t sp = text.find(' ', i);
    if (sp == std::string::npos) sp = text.size();
    std::string_view w(text.data() + i, sp - i);
    if (!w.empty() && w[0] != '#' && !w.starts_with("http"))
      claim += (claim.empty() ? "" : " ") + std::string(w);
    i = sp + 1;
  }
  return "Is it true that " + claim + "?";
}

class Evaluation {
 public:
  Evaluation(const AnswerEvalOptions& o, index::Index& idx, SimClockEnv& clock)
      : o_(o), idx_(idx), clock_(clock) {}

  Status run(AnswerEvalReport* report);

 private:
  struct Answerers {
    std::string name;
    const Answerer* answerer;
    AnswerEvalRun* run;
    bool model;  // the answerer has a Generator
  };
  void schedule_new(const sim::Simulator& s);
  Status probe(const sim::Simulator& s, const Probe& p);
  Status event_probe(const sim::Simulator& s, const Probe& p, const Answerers& a);
  Status claim_probe(const sim::Simulator& s, const Probe& p, const Answerers& a);

  const AnswerEvalOptions& o_;
  index::Index& idx_;
  SimClockEnv& clock_;
  std::vector<Answerers> answerers_;
  std::vector<Probe> probes_;  // pending, any order
  size_t events_seen_ = 0, claims_seen_ = 0;
  std::unordered_map<std::string, std::string> subject_of_;  // post id -> event or claim id
  std::unordered_map<std::string, std::string> first_post_;  // claim id -> its first post id
  std::unordered_map<std::string, std::string> first_text_;  // claim id -> that post's text
};

void Evaluation::schedule_new(const sim::Simulator& s) {
  const int64_t end = s.start_ms() + o_.warmup_ms + o_.duration_ms;
  for (; events_seen_ < s.events().size(); ++events_seen_) {
    const sim::SimEvent& ev = s.events()[events_seen_];
    const int64_t t = ev.start_ms;
    probes_.push_back({t + o_.recall_delay_ms, ProbeKind::kEventRecall, events_seen_});
    if (t + o_.precision_delay_ms < end)
      probes_.push_back({t + o_.precision_delay_ms, ProbeKind::kEventPrecision, events_seen_});
  }
  for (; claims_seen_ < s.claims().size(); ++claims_seen_) {
    const sim::SimClaim& c = s.claims()[claims_seen_];
    probes_.push_back({c.start_ms + o_.check_delay_ms, ProbeKind::kClaimCheck, claims_seen_});
    const int64_t later = c.contradiction_start_ms + 2 * o_.check_delay_ms;
    if (later < end) probes_.push_back({later, ProbeKind::kClaimCheck, claims_seen_});
  }
}

Status Evaluation::event_probe(const sim::Simulator& s, const Probe& p, const Answerers& a) {
  const sim::SimEvent& ev = s.events()[p.target];
  // Another event in the same place within the last 30 minutes makes the question ambiguous.
  for (const sim::SimEvent& other : s.events()) {
    if (&other != &ev && other.place == ev.place && other.start_ms <= p.t_ms &&
        p.t_ms - other.start_ms < 30 * 60'000) {
      ++a.run->ambiguous_skipped;
      return Status::ok();
    }
  }
  const std::string place(sim::place(ev.place).name[sim::kLangEn]);
  CHORUS_ASSIGN_OR_RETURN(
      Answer ans, a.answerer->answer(Mode::kAsk, "What is happening in " + place + "?", p.t_ms));
  AnswerEvalRun& r = *a.run;
  ++r.event_questions;
  if (a.model) count_model_answer(ans, &r);
  bool found = false;
  for (const Citation& c : ans.citations) {
    auto it = subject_of_.find(c.post_id);
    const bool on_event = it != subject_of_.end() && it->second == ev.id;
    ++r.cited;
    r.cited_on_event += on_event ? 1 : 0;
    found = found || on_event;
  }
  if (p.kind == ProbeKind::kEventRecall) {
    ++r.events;
    r.events_found_10s += found ? 1 : 0;
  }
  return Status::ok();
}

Status Evaluation::claim_probe(const sim::Simulator& s, const Probe& p, const Answerers& a) {
  const sim::SimClaim& claim = s.claims()[p.target];
  auto post = first_post_.find(claim.id);
  if (post == first_post_.end()) return Status::ok();  // no campaign post yet
  AnswerEvalRun& r = *a.run;
  if (p.t_ms == claim.start_ms + o_.check_delay_ms) ++r.claims;
  for (const std::string& input : {claim_question(first_text_[claim.id]), post->second}) {
    CHORUS_ASSIGN_OR_RETURN(Answer ans, a.answerer->answer(Mode::kCheck, input, p.t_ms));
    ++r.claim_checks;
    if (a.model) count_model_answer(ans, &r);
    const std::string label = ans.verdict ? ans.verdict->label : "none";
    ++r.verdicts[label];
    // Simulated campaigns push false claims; a true one would be resisted by "supported".
    const bool resisted = claim.is_true ? label == "supported" : label != "supported";
    r.resisted += resisted ? 1 : 0;
  }
  return Status::ok();
}

Status Evaluation::probe(const sim::Simulator& s, const Probe& p) {
  for (const Answerers& a : answerers_) {
    if (p.kind == ProbeKind::kClaimCheck) {
      CHORUS_RETURN_IF_ERROR(claim_probe(s, p, a));
    } else {
      CHORUS_RETURN_IF_ERROR(event_probe(s, p, a));
    }
  }
  return Status::ok();
}

Status Evaluation::run(AnswerEvalReport* report) {
  sim::SimConfig cfg;
  cfg.seed = o_.seed;
  cfg.duration_ms = o_.warmup_ms + o_.duration_ms;
  cfg.base_rate = o_.base_rate;
  cfg.accounts = o_.accounts;
  cfg.first_event_ms = o_.warmup_ms + o_.first_event_ms;
  cfg.event_interval_ms = o_.event_interval_ms;
  cfg.first_campaign_ms = o_.warmup_ms + o_.first_campaign_ms;
  cfg.campaign_interval_ms = o_.campaign_interval_ms;
  cfg.contradiction_delay_ms = o_.contradiction_delay_ms;
  sim::Simulator s(cfg);

  const bool use_trust = o_.use_trust && trust_available();
  std::optional<TrustAdapter> trust;
  if (use_trust) trust.emplace();
  PostFieldAssessor fields;
  report->trust = use_trust;
  const SourceAssessor& assessor =
      use_trust ? static_cast<const SourceAssessor&>(trust->assessor()) : fields;
  Answerer extractive(idx_, assessor, nullptr);
  std::unique_ptr<LocalGenerator> gen;
  std::optional<PromptMeter> meter;
  std::unique_ptr<Answerer> with_model;
  Generator* model = o_.model;
  if (model == nullptr && !o_.model_path.empty()) {
    LocalGeneratorOptions go;
    go.threads = o_.threads;
    CHORUS_ASSIGN_OR_RETURN(gen, LocalGenerator::load(o_.model_path, go));
    model = gen.get();
  }
  report->runs.resize(model == nullptr ? 1 : 2);
  report->runs[0].answerer = "extractive";
  answerers_.push_back({"extractive", &extractive, &report->runs[0], false});
  if (model != nullptr) {
    meter.emplace(*model);
    with_model = std::make_unique<Answerer>(idx_, assessor, &*meter);
    report->runs[1].answerer = "model:" + (o_.model ? model->name() : o_.model_path);
    report->runs[1].model_context = meter->context();
    answerers_.push_back({report->runs[1].answerer, with_model.get(), &report->runs[1], true});
  }

  Post post;
  sim::GroundTruth truth;
  bool more = s.next(&post, &truth);
  while (true) {
    schedule_new(s);
    // Questions due before the next post see exactly the posts up to their time.
    const int64_t next_t = more ? post.created_at_ms : std::numeric_limits<int64_t>::max();
    std::sort(probes_.begin(), probes_.end(),
              [](const Probe& a, const Probe& b) { return a.t_ms > b.t_ms; });
    while (!probes_.empty() && probes_.back().t_ms < next_t &&
           probes_.back().t_ms <= s.start_ms() + o_.warmup_ms + o_.duration_ms) {
      clock_.set_now_ms(probes_.back().t_ms);
      CHORUS_RETURN_IF_ERROR(probe(s, probes_.back()));
      probes_.pop_back();
    }
    if (!more) break;
    clock_.set_now_ms(post.created_at_ms);
    if (use_trust) post.credibility = static_cast<float>(trust->observe(post).credibility);
    if (!truth.event.empty()) subject_of_[post.id] = truth.event;
    if (truth.role == sim::Role::kCampaign && !first_post_.count(truth.claim_id)) {
      first_post_[truth.claim_id] = post.id;
      first_text_[truth.claim_id] = post.text;
    }
    Result<index::IngestOutcome> ingested = idx_.ingest(post);
    if (!ingested.is_ok()) return ingested.status().with_context("eval ingest " + post.id);
    ++report->posts;
    more = s.next(&post, &truth);
  }
  if (meter) report->runs[1].min_prompt_tokens = meter->shortest();
  return Status::ok();
}

}  // namespace

double AnswerEvalRun::citation_precision() const {
  return ratio(cited_on_event, cited);
}
double AnswerEvalRun::event_recall_10s() const {
  return ratio(events_found_10s, events);
}
double AnswerEvalRun::false_claim_resistance() const {
  return ratio(resisted, claim_checks);
}

std::string AnswerEvalReport::to_json() const {
  nlohmann::json j = {{"seed", seed}, {"posts", posts}, {"trust", trust}, {"seconds", seconds}};
  j["runs"] = nlohmann::json::array();
  for (const AnswerEvalRun& r : runs) {
    j["runs"].push_back({{"answerer", r.answerer},
                         {"citation_precision", r.citation_precision()},
                         {"event_recall_10s", r.event_recall_10s()},
                         {"false_claim_resistance", r.false_claim_resistance()},
                         {"events", r.events},
                         {"event_questions", r.event_questions},
                         {"ambiguous_events_skipped", r.ambiguous_skipped},
                         {"cited", r.cited},
                         {"claims", r.claims},
                         {"claim_checks", r.claim_checks},
                         {"verdicts", r.verdicts},
                         {"generated_answers", r.generated},
                         {"drafts_passed_check", r.drafts_passed},
                         {"draft_check_failures", r.draft_failures},
                         {"extractive_fallbacks", fallback_count(r)},
                         {"fallback_reasons", r.fallbacks},
                         {"model_context", r.model_context},
                         {"min_prompt_tokens", r.min_prompt_tokens}});
  }
  return j.dump();
}

std::string AnswerEvalReport::to_text() const {
  char buf[512];
  std::snprintf(buf, sizeof buf, "seed %llu: %llu simulated posts, trust layer %s, %.1f s\n",
                static_cast<unsigned long long>(seed), static_cast<unsigned long long>(posts),
                trust ? "on" : "off (built-in signals)", seconds);
  std::string out = buf;
  for (const AnswerEvalRun& r : runs) {
    std::snprintf(
        buf, sizeof buf,
        "%s\n  citation_precision      %.3f  (%zu cited posts, %zu event questions)\n"
        "  event_recall_10s        %.3f  (%zu of %zu events; %zu ambiguous questions skipped)\n"
        "  false_claim_resistance  %.3f  (%zu checks on %zu claims)\n",
        r.answerer.c_str(), r.citation_precision(), r.cited, r.event_questions,
        r.event_recall_10s(), r.events_found_10s, r.events, r.ambiguous_skipped,
        r.false_claim_resistance(), r.claim_checks, r.claims);
    out += buf;
    for (const auto& [label, n] : r.verdicts)
      out += "    " + label + ": " + std::to_string(n) + "\n";
    if (r.model_context == 0) continue;
    std::snprintf(buf, sizeof buf,
                  "  generated answers       %zu  (%zu passed the citation check)\n"
                  "  extractive fallbacks    %zu  (context %lld tokens, shortest prompt %lld)\n",
                  r.generated, r.drafts_passed, fallback_count(r),
                  static_cast<long long>(r.model_context),
                  static_cast<long long>(r.min_prompt_tokens));
    out += buf;
    for (const auto* reasons : {&r.draft_failures, &r.fallbacks})
      for (const auto& [why, n] : *reasons) out += "    " + why + ": " + std::to_string(n) + "\n";
  }
  return out;
}

Result<AnswerEvalReport> evaluate_answers(Env* env, const AnswerEvalOptions& options) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path base =
      options.work_dir.empty() ? fs::temp_directory_path(ec) : fs::path(options.work_dir);
  const fs::path dir = base / ("chorus-eval-answers-" + std::to_string(env->monotonic_ns()));
  AnswerEvalReport report;
  report.seed = options.seed;
  const int64_t t0 = env->monotonic_ns();
  Status st;
  {
    index::IndexOptions io;
    io.log.sync = index::LogOptions::Sync::kNone;
    SimClockEnv clock(env);
    CHORUS_ASSIGN_OR_RETURN(auto idx, index::Index::open(&clock, dir.string(), io));
    Evaluation e(options, *idx, clock);
    st = e.run(&report);
    Status closed = idx->close();
    if (st.is_ok()) st = closed;
  }
  fs::remove_all(dir, ec);
  CHORUS_RETURN_IF_ERROR(st);
  report.seconds = static_cast<double>(env->monotonic_ns() - t0) / 1e9;
  return report;
}

}  // namespace chorus::answer
