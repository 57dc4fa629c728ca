#include "answer/answerer.h"

#include <algorithm>
#include <limits>
#include <map>
#include <optional>
#include <set>

#include "answer/answer_work.h"
#include "answer/extractive.h"
#include "answer/prompt_builder.h"
#include "base/utf8.h"
#include "text/analyzer.h"

namespace chorus::answer {
namespace {

// The exclusion a flag policy gives a post's trust flags, if any.
std::optional<Exclusion> policy_exclusion(uint32_t flags, FlaggedPolicy policy) {
  if (flags & kSourceInjection) return Exclusion::kInjection;
  if (flags & kSourceModerated) return Exclusion::kModerated;
  if (policy == FlaggedPolicy::kQuoteWithWarning) return std::nullopt;
  if (flags & kSourceCampaign) return Exclusion::kCampaign;
  if (flags & kSourceCoordinated) return Exclusion::kCoordinated;
  if (flags & kSourceLowCredibility) return Exclusion::kLowCredibility;
  return std::nullopt;
}

std::string warning_for(uint32_t flags) {
  if (flags & kSourceCampaign) return "part of a coordinated campaign";
  if (flags & kSourceCoordinated) return "posted by a coordinated account";
  if (flags & kSourceLowCredibility) return "low-credibility account";
  return "";
}

std::vector<std::string> stemmed_query_terms(const QuestionPlan& plan) {
  static const text::Analyzer stem(text::AnalyzerOptions{.stem = true});
  std::vector<std::string> out;
  for (const auto& group : plan.groups)
    for (const std::string& w : group) out.push_back(stem.normalize_word(w));
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// True when a post of `s` that is not excluded holds one of `terms`.
bool holds_any(const std::vector<Candidate>& c, const Story& s,
               const std::set<std::string>& terms) {
  for (int i : s.members) {
    if (c[i].excluded) continue;
    for (const std::string& t : c[i].terms)
      if (terms.count(t)) return true;
  }
  return false;
}

// True when >= min_authors distinct authors of fresh posts of `s` use one same term of `terms`;
// excluded posts do not count, near-duplicates by other authors do (independent voices echoing).
bool fresh_authors_share(const std::vector<Candidate>& c, const Story& s,
                         const std::set<std::string>& terms, int64_t fresh_since_ms,
                         size_t min_authors) {
  std::map<std::string, std::set<std::string>> authors;  // term -> its fresh authors
  for (int i : s.members) {
    if (c[i].excluded && *c[i].excluded != Exclusion::kDuplicate) continue;
    if (c[i].post.created_at_ms < fresh_since_ms) continue;
    for (const std::string& t : c[i].terms) {
      if (!terms.count(t)) continue;
      std::set<std::string>& a = authors[t];
      a.insert(c[i].post.author.handle);
      if (a.size() >= min_authors) return true;
    }
  }
  return false;
}

Citation citation_of(const Post& p, int n) {
  return {n,
          p.id,
          p.author.handle,
          p.created_at_ms,
          p.urls.empty() ? "" : p.urls.front(),
          snippet_of(p)};
}

}  // namespace

int find_candidate(const Retrieval& r, std::string_view post_id) {
  for (size_t i = 0; i < r.candidates.size(); ++i)
    if (r.candidates[i].post.id == post_id) return static_cast<int>(i);
  return -1;
}

std::string snippet_of(const Post& p, size_t max_bytes) {
  std::string s =
      p.text.size() <= max_bytes
          ? p.text
          : p.text.substr(0, utf8::complete_prefix(p.text.substr(0, max_bytes))) + "\u2026";
  for (char& c : s)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  return s;
}

Answerer::Answerer(const index::Index& index, const SourceAssessor& assessor, Generator* generator,
                   AnswerOptions options)
    : index_(index),
      assessor_(assessor),
      generator_(generator),
      options_(options),
      retriever_(index, assessor, options.retrieve) {}

Result<Answer> Answerer::answer(Mode mode, std::string_view input, int64_t now_ms,
                                const TextCallback& on_text) const {
  if (input.empty()) return invalid_argument("answer: empty input");
  if (!utf8::valid(input)) return invalid_argument("answer: input is not valid UTF-8");
  switch (mode) {
    case Mode::kExplain:
      return explain(input, now_ms, on_text);
    case Mode::kCheck:
      return check(input, now_ms, on_text);
    case Mode::kAsk:
      break;
  }
  return ask(input, now_ms, on_text);
}

std::set<std::string> Answerer::bursting_terms(const QuestionPlan& plan, int64_t now_ms) const {
  const std::vector<std::string> query = stemmed_query_terms(plan);
  std::set<std::string> out;
  for (const index::TrendingItem& t : index_.trending(options_.burst_window_ms, 500, now_ms)) {
    if (t.burst >= options_.min_burst && !std::binary_search(query.begin(), query.end(), t.term))
      out.insert(t.term);
  }
  return out;
}

std::set<std::string> Answerer::new_terms(const QuestionPlan& plan, int64_t now_ms) const {
  const std::vector<std::string> query = stemmed_query_terms(plan);
  constexpr size_t kAll = std::numeric_limits<size_t>::max();
  std::map<std::string, uint64_t> recent;
  for (const index::TrendingItem& t : index_.trending(options_.burst_window_ms, kAll, now_ms))
    if (!std::binary_search(query.begin(), query.end(), t.term)) recent.emplace(t.term, t.count);
  std::set<std::string> out;
  if (recent.empty()) return out;
  // A term counted as often over the longer window as over the burst window is new.
  const int64_t longer = options_.burst_window_ms + options_.novelty_window_ms;
  for (const index::TrendingItem& t : index_.trending(longer, kAll, now_ms)) {
    auto it = recent.find(t.term);
    if (it != recent.end() && it->second == t.count) out.insert(t.term);
  }
  return out;
}

void Answerer::prepare(Work* w, int64_t now_ms) const {
  StoryOptions so = options_.stories;
  const bool now_question = w->plan.time_intent == "now";
  if (now_question) {
    so.fresh_since_ms = now_ms - options_.fresh_window_ms;
    so.fresh_boost = options_.fresh_boost;
  }
  std::vector<Candidate>& c = w->retrieval.candidates;
  std::vector<uint32_t> before;
  for (const Candidate& x : c) before.push_back(x.trust.flags);
  w->stories = group_stories(&c, stemmed_query_terms(w->plan), so);
  bool inferred = false;
  for (size_t i = 0; i < c.size(); ++i) {
    inferred = inferred || c[i].trust.flags != before[i];
    if (!c[i].excluded) c[i].excluded = policy_exclusion(c[i].trust.flags, options_.flagged);
  }
  for (Candidate& x : c)
    if (!x.excluded && x.duplicate_of >= 0) x.excluded = Exclusion::kDuplicate;
  rank_stories(&c, &w->stories, so);
  if (now_question) {
    // Only current stories answer a "now" question: fresh, and holding a term that bursts in
    // the index (the candidates alone over-represent recent posts).
    const std::set<std::string> bursting = bursting_terms(w->plan, now_ms);
    std::optional<std::set<std::string>> fresh_terms;  // new_terms(), when first needed
    std::erase_if(w->stories, [&](const Story& s) {
      if (s.fresh_authors < options_.min_fresh_authors || s.fresh_share < options_.min_fresh_share)
        return true;
      if (holds_any(c, s, bursting)) return false;
      if (!fresh_terms) fresh_terms = new_terms(w->plan, now_ms);
      return !fresh_authors_share(c, s, *fresh_terms, so.fresh_since_ms,
                                  options_.min_fresh_authors);
    });
    for (Candidate& x : c) x.story = -1;
    rank_stories(&c, &w->stories, so);
    if (w->stories.empty()) w->answer.audit.flags.push_back("no_current_story");
  }
  Audit& a = w->answer.audit;
  if (w->retrieval.widened) a.flags.push_back("widened_window");
  if (w->retrieval.relaxed) a.flags.push_back("relaxed_or");
  if (inferred) a.flags.push_back("coordination_inferred");
}

Status Answerer::finish(Work* w, const std::string& extractive, const TextCallback& on_text) const {
  Answer& a = w->answer;
  const std::vector<Candidate>& c = w->retrieval.candidates;
  a.mode = w->mode;
  a.since_ms = w->retrieval.since_ms;
  a.until_ms = w->retrieval.until_ms;
  a.audit.considered = c.size();
  for (const Candidate& x : c)
    if (x.excluded) a.audit.excluded.push_back({x.post.id, *x.excluded});

  std::vector<PromptSource> prompt_sources;
  for (size_t k = 0; k < w->sources.size(); ++k) {
    const Candidate& x = c[w->sources[k]];
    prompt_sources.push_back({static_cast<int>(k) + 1, &x, warning_for(x.trust.flags)});
  }
  bool use_model = generator_ != nullptr;
  std::vector<model::ChatMessage> messages;
  if (use_model) {
    messages = build_prompt(w->mode, a.question, prompt_sources);
    // Fit the context: drop the last sources until prompt + answer fit. Sources that all had to
    // go leave nothing to cite: the answer stays extractive.
    const int64_t context = generator_->context();
    auto fits = [&] {
      return context <= 0 || generator_->prompt_tokens(messages) + options_.max_tokens <= context;
    };
    bool fit = fits();
    while (!fit && !prompt_sources.empty()) {
      prompt_sources.pop_back();
      messages = build_prompt(w->mode, a.question, prompt_sources);
      fit = fits();
    }
    if (!fit || (prompt_sources.empty() && !w->sources.empty())) {
      use_model = false;
      a.audit.flags.push_back("model_context_too_small");
    }
    if (use_model && prompt_sources.size() < w->sources.size()) {
      a.audit.flags.push_back("sources_truncated_to_context");
      w->sources.resize(prompt_sources.size());
    }
  }
  for (int i : w->sources) a.audit.used.push_back(c[i].post.id);
  std::vector<std::string> source_texts;
  for (int i : w->sources) source_texts.push_back(c[i].post.text);

  Result<std::string> generated = std::string();
  if (use_model) {
    generated = generator_->generate(messages, options_.max_tokens, on_text);
    if (!generated.is_ok() && generated.status().code() == StatusCode::kCancelled)
      return generated.status();
    if (!generated.is_ok()) {
      // A model that fails (a prompt too long for a remote backend, an unavailable backend)
      // leaves the extractive answer, said so in the audit.
      a.audit.flags.push_back("generation_failed: " + generated.status().to_string());
      use_model = false;
    }
  }
  if (use_model) {
    std::string& text = generated.value();
    CitationReport r = check_citations(text, source_texts, options_.citations);
    a.text = std::move(r.cleaned_text);
    a.unsupported_sentences = std::move(r.unsupported_sentences);
    for (int n : r.invalid) a.audit.flags.push_back("invalid_citation:" + std::to_string(n));
    if (r.cited.empty()) a.audit.flags.push_back("no_citations");
    std::sort(r.cited.begin(), r.cited.end());
    for (int n : r.cited) a.citations.push_back(citation_of(c[w->sources[n - 1]].post, n));
    return Status::ok();
  }
  a.extractive = true;
  a.text = extractive;
  if (on_text) on_text(a.text);
  // Quoted lines are checked one by one; the label line cites nothing by design.
  const size_t body = extractive.find('\n');
  CitationCheckOptions lines = options_.citations;
  lines.lines_are_sentences = true;
  CitationReport r = check_citations(
      body == std::string::npos ? "" : std::string_view(extractive).substr(body + 1), source_texts,
      lines);
  a.unsupported_sentences = std::move(r.unsupported_sentences);
  std::sort(r.cited.begin(), r.cited.end());
  for (int n : r.cited) a.citations.push_back(citation_of(c[w->sources[n - 1]].post, n));
  return Status::ok();
}

void Answerer::rewrite_query(QuestionPlan* plan) const {
  const std::vector<model::ChatMessage> messages = {
      {"system",
       "Rewrite the user's question as 3 to 6 search keywords separated by spaces. Output only "
       "the keywords."},
      {"user", neutralize_untrusted(plan->question)}};
  Result<std::string> r = generator_->generate(messages, 24, nullptr);
  if (!r.is_ok()) return;
  static const text::Analyzer plain(text::AnalyzerOptions{.stem = false, .drop_stopwords = true});
  std::vector<std::string> extra;
  for (std::string& t : plain.terms(*r)) {
    bool known = false;
    for (const auto& g : plan->groups) known = known || g.front() == t;
    if (!known && extra.size() < 6) extra.push_back(std::move(t));
  }
  // Extra words widen the question's concepts as alternatives of its last group.
  if (!extra.empty() && !plan->groups.empty())
    plan->groups.back().insert(plan->groups.back().end(), extra.begin(), extra.end());
}

Result<Answer> Answerer::ask(std::string_view question, int64_t now_ms,
                             const TextCallback& on_text) const {
  Work w;
  w.mode = Mode::kAsk;
  w.answer.question = std::string(question);
  w.plan = plan_question(question, now_ms, options_.plan);
  if (options_.rewrite_query && generator_ != nullptr) {
    rewrite_query(&w.plan);
    w.answer.audit.flags.push_back("query_rewritten");
  }
  CHORUS_ASSIGN_OR_RETURN(w.retrieval, retriever_.retrieve(w.plan, now_ms));
  if (w.plan.time_intent == "now") {
    // A story seconds old may rank below the search's limit over the whole hour.
    CHORUS_RETURN_IF_ERROR(
        retriever_.add_since(w.plan, now_ms - options_.fresh_window_ms, now_ms, &w.retrieval));
  }
  prepare(&w, now_ms);
  w.sources = select_evidence(w.retrieval.candidates, w.stories, options_.evidence);
  const auto units = representative_units(w.retrieval.candidates, w.stories, w.sources);
  CHORUS_RETURN_IF_ERROR(
      finish(&w, extractive_answer(w.retrieval.candidates, w.sources, units), on_text));
  return std::move(w.answer);
}

}  // namespace chorus::answer
