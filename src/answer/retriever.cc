#include "answer/retriever.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "text/analyzer.h"

namespace chorus::answer {
namespace {

constexpr int64_t kMinHalfLifeMs = 10 * 60'000;
constexpr int64_t kUnbounded = std::numeric_limits<int64_t>::min();

const text::Analyzer& stemmer() {
  static const text::Analyzer a(text::AnalyzerOptions{.stem = true});
  return a;
}

bool has_id(const Retrieval& r, const std::string& id) {
  for (const Candidate& c : r.candidates)
    if (c.post.id == id) return true;
  return false;
}

}  // namespace

double coverage(const QuestionPlan& plan, const std::vector<std::string>& terms) {
  if (plan.groups.empty()) return 1;
  size_t covered = 0;
  for (const auto& group : plan.groups) {
    for (const std::string& w : group) {
      if (std::binary_search(terms.begin(), terms.end(), stemmer().normalize_word(w))) {
        ++covered;
        break;
      }
    }
  }
  return static_cast<double>(covered) / static_cast<double>(plan.groups.size());
}

Result<index::SearchResult> Retriever::search(const std::string& text, int64_t since, int64_t until,
                                              int64_t now_ms) const {
  index::Query q;
  q.text = text;
  q.since_ms = since;
  q.until_ms = until;
  q.limit = options_.limit;
  q.order = index::Query::Order::kScore;
  q.now_ms = now_ms;
  return index_.search(q);
}

double Retriever::recency(const QuestionPlan& plan, int64_t created_ms, int64_t now_ms) const {
  int64_t half = options_.recency_half_life_ms;
  if (half <= 0) {
    const int64_t window = plan.until_ms - plan.since_ms;
    half = std::max(kMinHalfLifeMs, window > 0 ? window / 2 : kMinHalfLifeMs);
  }
  const double age = static_cast<double>(std::max<int64_t>(0, now_ms - created_ms));
  return std::exp2(-age / static_cast<double>(half));
}

void Retriever::add_post(Post post, double relevance, const QuestionPlan& plan, int64_t now_ms,
                         Retrieval* r) const {
  if (has_id(*r, post.id)) return;
  Candidate c;
  c.relevance = relevance;
  c.recency = recency(plan, post.created_at_ms, now_ms);
  c.trust = assessor_.assess(post);
  c.terms = similarity_terms(post.text);
  if (coverage(plan, c.terms) < options_.min_coverage) c.excluded = Exclusion::kOffTopic;
  c.post = std::move(post);
  r->candidates.push_back(std::move(c));
}

Status Retriever::add_hits(const QuestionPlan& plan, const std::string& text, int64_t since,
                           int64_t now_ms, Retrieval* r) const {
  CHORUS_ASSIGN_OR_RETURN(index::SearchResult res, search(text, since, r->until_ms, now_ms));
  const double best = res.hits.empty() ? 1 : std::max(res.hits.front().score, 1e-9);
  for (index::Hit& h : res.hits) add_post(std::move(h.post), h.score / best, plan, now_ms, r);
  return Status::ok();
}

Status Retriever::add_search(const QuestionPlan& plan, const std::string& query_text,
                             int64_t now_ms, bool any_time, Retrieval* r) const {
  return add_hits(plan, query_text, any_time ? kUnbounded : r->since_ms, now_ms, r);
}

Status Retriever::add_since(const QuestionPlan& plan, int64_t since_ms, int64_t now_ms,
                            Retrieval* r) const {
  return add_hits(plan, plan.query_text(r->relaxed), std::max(since_ms, r->since_ms), now_ms, r);
}

Result<Retrieval> Retriever::retrieve(const QuestionPlan& plan, int64_t now_ms) const {
  const int64_t until = plan.until_ms;
  const int64_t base = std::max<int64_t>(1, until - plan.since_ms);
  // The window ladder: the plan's, x4 per step up to max_window_ms, then unbounded.
  std::vector<int64_t> starts{plan.since_ms};
  for (int64_t len = base * 4; len < options_.max_window_ms && until - len > 0; len *= 4)
    starts.push_back(until - len);
  starts.push_back(kUnbounded);

  Retrieval r;
  r.until_ms = until;
  index::SearchResult found;
  for (bool any : {false, true}) {
    if (any && plan.groups.size() < 2) break;  // OR changes nothing for one concept
    for (size_t step = 0; step < starts.size(); ++step) {
      CHORUS_ASSIGN_OR_RETURN(found, search(plan.query_text(any), starts[step], until, now_ms));
      r.since_ms = starts[step];
      r.widened = step > 0;
      r.relaxed = any;
      if (found.hits.size() >= options_.min_results) break;
    }
    if (found.hits.size() >= options_.min_results) break;
  }
  const double best = found.hits.empty() ? 1 : std::max(found.hits.front().score, 1e-9);
  for (index::Hit& h : found.hits) add_post(std::move(h.post), h.score / best, plan, now_ms, &r);
  return r;
}

}  // namespace chorus::answer
