#include "index/searcher.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>

#include "base/hash.h"

namespace chorus::index {
namespace {

constexpr uint32_t kNone = PostingCursor::kEnd;
// Bounds are inflated by this much so that rounding never makes a bound fall below a score.
constexpr double kSlack = 1.0 + 1e-9;

// Better = higher score, then newer (higher doc).
bool better(const ScoredDoc& a, const ScoredDoc& b) {
  return a.score != b.score ? a.score > b.score : a.doc > b.doc;
}

class TopK {
 public:
  explicit TopK(size_t k) : k_(k) {}
  bool full() const { return heap_.size() >= k_; }
  // Scores at or below this cannot enter (every later candidate has a lower doc number).
  double threshold() const {
    return full() ? heap_.front().score : -std::numeric_limits<double>::infinity();
  }
  void offer(const ScoredDoc& d) {
    if (k_ == 0) return;
    if (!full()) {
      heap_.push_back(d);
      std::push_heap(heap_.begin(), heap_.end(), better);
    } else if (better(d, heap_.front())) {
      std::pop_heap(heap_.begin(), heap_.end(), better);
      heap_.back() = d;
      std::push_heap(heap_.begin(), heap_.end(), better);
    }
  }
  std::vector<ScoredDoc> take() {
    std::sort(heap_.begin(), heap_.end(), better);
    return std::move(heap_);
  }

 private:
  size_t k_;
  std::vector<ScoredDoc> heap_;  // a min-heap under better(): the worst hit at the front
};

struct TermSlot {
  std::unique_ptr<PostingCursor> cur;  // null: the term is absent from the segment
  double idf = 0;
  double ubound = 0;  // idf x tf_norm at the term bound: the text score bound of one posting
};

// The cursors of one segment.
struct SegmentCursors {
  std::vector<TermSlot> terms;  // parallel to the query's unique terms
  std::vector<std::unique_ptr<PostingCursor>> excluded;
};

double factor_bound(const PostingBound& b, const ScoreParams& p) {
  double r = recency(b.max_created_ms, p);
  return static_cast<double>(b.max_static) * r;
}

class SegmentRun {
 public:
  SegmentRun(const SegmentView& view, SegmentCursors* cursors,
             const std::vector<std::vector<int>>& groups, const SearchFilters& filters,
             const ScoreParams& params, Query::Order order, size_t limit, TopK* top,
             SearchOutput* out)
      : view_(view),
        c_(*cursors),
        groups_(groups),
        filters_(filters),
        params_(params),
        order_(order),
        limit_(limit),
        top_(*top),
        out_(*out) {}

  // False when the search is complete (newest first: enough hits).
  bool run() {
    if (groups_.empty()) return run_all_docs();
    for (const auto& g : groups_) {
      bool any = false;
      for (int t : g) any |= c_.terms[t].cur != nullptr;
      if (!any) return true;  // a required group has no postings here
    }
    if (order_ == Query::Order::kScore && groups_.size() == 1 && groups_[0].size() > 1)
      return run_maxscore(groups_[0]);
    return run_conjunction();
  }

 private:
  PostingCursor* cur(int t) const { return c_.terms[t].cur.get(); }

  uint32_t group_doc(const std::vector<int>& g) const {
    uint32_t best = kNone;
    for (int t : g) {
      PostingCursor* c = cur(t);
      if (c && !c->done() && (best == kNone || c->doc() > best)) best = c->doc();
    }
    return best;
  }

  // The next doc (descending) present in every group, or false.
  bool next_candidate(uint32_t* out) {
    for (;;) {
      if (order_ == Query::Order::kScore && top_.full() && !block_check()) return false;
      uint32_t target = kNone;
      for (const auto& g : groups_) {
        uint32_t d = group_doc(g);
        if (d == kNone) return false;
        target = std::min(target, d);
      }
      bool agreed = true;
      for (const auto& g : groups_) {
        for (int t : g)
          if (PostingCursor* c = cur(t); c && !c->done() && c->doc() > target) c->skip_to(target);
        uint32_t d = group_doc(g);
        if (d == kNone) return false;
        agreed &= d == target;
      }
      if (agreed) {
        *out = target;
        return true;
      }
    }
  }

  // Block-max check: over the docs where every cursor stays in its current block, can any
  // score beat the threshold? If not, all cursors skip below that range. False when exhausted.
  bool block_check() {
    for (;;) {
      uint32_t floor = 0;
      double text = 0, factor = std::numeric_limits<double>::infinity();
      for (const auto& g : groups_) {
        double group_factor = 0;
        for (int t : g) {
          PostingCursor* c = cur(t);
          if (!c || c->done()) continue;
          const PostingBound& b = c->block_bound();
          floor = std::max(floor, c->block_floor());
          text += c_.terms[t].idf * tf_norm(b.max_tf, b.min_dl, params_);
          group_factor = std::max(group_factor, factor_bound(b, params_));
        }
        factor = std::min(factor, group_factor);
      }
      if (text * factor * kSlack > top_.threshold()) return true;
      out_.exhaustive = false;
      if (floor == 0) return false;
      for (size_t t = 0; t < c_.terms.size(); ++t)
        if (PostingCursor* c = cur(static_cast<int>(t)); c && !c->done()) c->skip_to(floor - 1);
      for (const auto& g : groups_)
        if (group_doc(g) == kNone) return false;
    }
  }

  // A doc that matched the terms counts when it is not tombstoned, passes the column filters
  // and has no excluded term.
  bool eligible(uint32_t d, const DocMeta& m) {
    return !view_.segment->deleted(d) && filters_.accepts(m) && !excluded(d);
  }

  bool excluded(uint32_t d) {
    for (auto& c : c_.excluded) {
      c->skip_to(d);
      if (!c->done() && c->doc() == d) return true;
    }
    return false;
  }

  // Accepts a doc that matched and passed the exclusions; false when the search is complete.
  bool accept(uint32_t d, const DocMeta& m, double text_score) {
    ++out_.matched;
    ScoredDoc hit{view_.segment->base_doc() + d, 0, m.locator};
    if (order_ == Query::Order::kNewest) {
      out_.hits.push_back(hit);
      return out_.hits.size() < limit_;
    }
    hit.score = text_score * doc_factor(m, params_);
    if (hit.score > top_.threshold()) top_.offer(hit);
    return true;
  }

  double text_score_at(uint32_t d, const DocMeta& m) const {
    double s = 0;
    for (const TermSlot& t : c_.terms)
      if (t.cur && !t.cur->done() && t.cur->doc() == d)
        s += t.idf * tf_norm(t.cur->tf(), m.doc_len, params_);
    return s;
  }

  bool run_conjunction() {
    double all_bounds = 0;
    for (const TermSlot& t : c_.terms) all_bounds += t.cur ? t.ubound : 0;
    uint32_t d;
    while (next_candidate(&d)) {
      const DocMeta m = view_.segment->meta(d);
      bool go = true;
      if (eligible(d, m)) {
        if (order_ == Query::Order::kScore && top_.full() &&
            all_bounds * doc_factor(m, params_) * kSlack <= top_.threshold()) {
          out_.exhaustive = false;
        } else {
          go = accept(d, m, order_ == Query::Order::kScore ? text_score_at(d, m) : 0);
        }
      }
      for (TermSlot& t : c_.terms)
        if (t.cur && !t.cur->done() && t.cur->doc() == d) t.cur->next();
      if (!go) return false;
    }
    return true;
  }

  // MaxScore over one disjunction: terms sorted by bound; the smallest ones whose bounds
  // together cannot beat the threshold are "non-essential" and only probed with skip_to().
  bool run_maxscore(const std::vector<int>& group) {
    std::vector<int> ts;
    for (int t : group)
      if (cur(t)) ts.push_back(t);
    std::sort(ts.begin(), ts.end(),
              [&](int a, int b) { return c_.terms[a].ubound < c_.terms[b].ubound; });
    std::vector<double> prefix(ts.size() + 1, 0);  // prefix[i]: bounds of ts[0..i)
    for (size_t i = 0; i < ts.size(); ++i) prefix[i + 1] = prefix[i] + c_.terms[ts[i]].ubound;
    const double seg_factor = view_.segment->summary().max_static *
                              recency(view_.segment->summary().max_created_ms, params_);
    size_t essential = 0;  // ts[essential..] are essential
    for (;;) {
      while (essential < ts.size() &&
             prefix[essential + 1] * seg_factor * kSlack <= top_.threshold()) {
        ++essential;
        out_.exhaustive = false;
      }
      if (essential == ts.size()) return true;
      uint32_t d = kNone;
      for (size_t i = essential; i < ts.size(); ++i) {
        PostingCursor* c = cur(ts[i]);
        if (!c->done() && (d == kNone || c->doc() > d)) d = c->doc();
      }
      if (d == kNone) return true;
      const DocMeta m = view_.segment->meta(d);
      if (eligible(d, m)) score_maxscore(d, m, ts, prefix, essential);
      for (size_t i = essential; i < ts.size(); ++i)
        if (PostingCursor* c = cur(ts[i]); !c->done() && c->doc() == d) c->next();
    }
  }

  void score_maxscore(uint32_t d, const DocMeta& m, const std::vector<int>& ts,
                      const std::vector<double>& prefix, size_t essential) {
    const double f = doc_factor(m, params_);
    double text = 0;
    for (size_t i = essential; i < ts.size(); ++i) {
      PostingCursor* c = cur(ts[i]);
      if (!c->done() && c->doc() == d)
        text += c_.terms[ts[i]].idf * tf_norm(c->tf(), m.doc_len, params_);
    }
    for (size_t i = essential; i-- > 0;) {
      if ((text + prefix[i + 1]) * f * kSlack <= top_.threshold()) {
        out_.exhaustive = false;
        return;
      }
      PostingCursor* c = cur(ts[i]);
      c->skip_to(d);
      if (!c->done() && c->doc() == d)
        text += c_.terms[ts[i]].idf * tf_norm(c->tf(), m.doc_len, params_);
    }
    (void)accept(d, m, text);
  }

  bool run_all_docs() {
    for (uint32_t d = view_.limit; d-- > 0;) {
      const DocMeta m = view_.segment->meta(d);
      if (!eligible(d, m)) continue;
      if (!accept(d, m, 1.0)) return false;
    }
    return true;
  }

  const SegmentView& view_;
  SegmentCursors& c_;
  const std::vector<std::vector<int>>& groups_;
  const SearchFilters& filters_;
  const ScoreParams& params_;
  Query::Order order_;
  size_t limit_;
  TopK& top_;
  SearchOutput& out_;
};

bool segment_may_match(const SegmentView& v, const SearchFilters& f) {
  if (v.limit == 0) return false;
  SegmentSummary s = v.segment->summary();
  return s.max_created_ms >= f.since_ms && s.min_created_ms < f.until_ms;
}

}  // namespace

SearchOutput execute_search(std::span<const SegmentView> views, const ParsedQuery& query,
                            const SearchFilters& filters, Query::Order order, size_t limit,
                            ScoreParams params) {
  SearchOutput out;
  if (limit == 0) return out;
  // Unique positive terms; groups refer to them by index.
  std::vector<std::string> terms;
  std::vector<std::vector<int>> groups;
  for (const auto& g : query.groups) {
    std::vector<int> ids;
    for (const std::string& t : g) {
      auto it = std::find(terms.begin(), terms.end(), t);
      ids.push_back(static_cast<int>(it - terms.begin()));
      if (it == terms.end()) terms.push_back(t);
    }
    groups.push_back(std::move(ids));
  }
  std::vector<uint64_t> hashes, df(terms.size(), 0);
  for (const std::string& t : terms) hashes.push_back(hash64(t));
  std::vector<SegmentCursors> cursors(views.size());
  uint64_t n_docs = 0, total_len = 0;
  for (size_t s = 0; s < views.size(); ++s) {
    const SegmentView& v = views[s];
    n_docs += v.limit;
    total_len += v.segment->summary().total_doc_len;
    for (size_t t = 0; t < terms.size(); ++t) {
      TermSlot slot;
      slot.cur = v.segment->postings(terms[t], hashes[t], v.limit);
      if (slot.cur) df[t] += slot.cur->df();
      cursors[s].terms.push_back(std::move(slot));
    }
    for (const std::string& t : query.excluded)
      if (auto c = v.segment->postings(t, hash64(t), v.limit))
        cursors[s].excluded.push_back(std::move(c));
  }
  params.avgdl = n_docs ? std::max(1.0, static_cast<double>(total_len) / n_docs) : 1.0;
  for (auto& sc : cursors)
    for (size_t t = 0; t < terms.size(); ++t) {
      TermSlot& slot = sc.terms[t];
      if (!slot.cur) continue;
      slot.idf = idf(n_docs, df[t]);
      const PostingBound& b = slot.cur->term_bound();
      slot.ubound = slot.idf * tf_norm(b.max_tf, b.min_dl, params);
    }

  TopK top(order == Query::Order::kScore ? limit : 0);
  for (size_t s = views.size(); s-- > 0;) {
    const SegmentView& v = views[s];
    if (!segment_may_match(v, filters)) continue;
    if (order == Query::Order::kScore && top.full()) {
      double text = groups.empty() ? 1.0 : 0.0;
      for (const TermSlot& t : cursors[s].terms) text += t.cur ? t.ubound : 0;
      SegmentSummary sum = v.segment->summary();
      if (text * sum.max_static * recency(sum.max_created_ms, params) * kSlack <= top.threshold()) {
        out.exhaustive = false;
        continue;
      }
    }
    SegmentRun run(v, &cursors[s], groups, filters, params, order, limit, &top, &out);
    if (!run.run()) {
      out.exhaustive = false;
      break;
    }
  }
  if (order == Query::Order::kScore) out.hits = top.take();
  return out;
}

}  // namespace chorus::index
