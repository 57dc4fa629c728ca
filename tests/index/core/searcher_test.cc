// The searcher against a brute-force scan of a random corpus spread over sealed segments and an
// active one: matching, filters, newest-first order and score order (pruning must not change
// the top-k).
#include "index/searcher.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "base/hash.h"
#include "base/random.h"
#include "index/active_segment.h"
#include "index/sealed_segment.h"

namespace chorus::index {
namespace {

constexpr int64_t kT0 = 1'700'000'000'000;

struct Doc {
  std::map<std::string, uint32_t> terms;
  DocMeta meta;
};

class SearcherTest : public ::testing::Test {
 protected:
  // n docs in segments of seg_docs; the last segment stays active.
  void build(uint32_t n, uint32_t seg_docs, uint64_t seed) {
    Rng rng(seed);
    int64_t t = kT0;
    for (uint32_t d = 0; d < n; ++d) {
      Doc doc;
      int k = static_cast<int>(rng.range(2, 12));
      for (int i = 0; i < k; ++i) {
        // Skewed vocabulary: low numbers are frequent.
        uint64_t w = static_cast<uint64_t>(60 * rng.uniform() * rng.uniform() * rng.uniform());
        doc.terms["w" + std::to_string(w)] += 1;
      }
      uint32_t len = 0;
      for (auto& [term, tf] : doc.terms) len += tf;
      t += static_cast<int64_t>(rng.exponential(30'000));
      doc.meta.created_at_ms = t;
      doc.meta.author_hash = rng.below(6) + 1;
      doc.meta.lang = static_cast<uint32_t>(rng.below(3));
      doc.meta.engagement = rng.chance(0.3) ? static_cast<uint32_t>(rng.below(5000)) : 0;
      doc.meta.credibility = rng.chance(0.1) ? 0.25f : 1.0f;
      doc.meta.doc_len = static_cast<uint16_t>(len);
      doc.meta.locator = d;
      docs_.push_back(doc);
    }
    now_ = t + 60'000;
    for (const Doc& d : docs_)
      for (const auto& [term, tf] : d.terms) df_[term] += 1;
    for (uint32_t start = 0; start < n; start += seg_docs) {
      auto active = std::make_shared<ActiveSegment>(start, seg_docs);
      for (uint32_t d = start; d < std::min(n, start + seg_docs); ++d) {
        std::vector<TermFreq> tfs;
        for (const auto& [term, tf] : docs_[d].terms) tfs.push_back({term, hash64(term), tf});
        ASSERT_TRUE(active->add(docs_[d].meta, tfs));
      }
      std::shared_ptr<const Segment> seg = active;
      if (start + seg_docs < n) seg = SealedSegment::build(*active);
      views_.push_back({seg, seg->visible_docs()});
    }
  }

  bool matches(const Doc& d, const ParsedQuery& q, const SearchFilters& f) const {
    if (!f.accepts(d.meta)) return false;
    for (const auto& t : q.excluded)
      if (d.terms.count(t)) return false;
    for (const auto& g : q.groups) {
      bool any = false;
      for (const auto& t : g) any |= d.terms.count(t) > 0;
      if (!any) return false;
    }
    return true;
  }

  double brute_score(const Doc& d, const ParsedQuery& q, const ScoreParams& p) const {
    std::set<std::string> terms;
    for (const auto& g : q.groups) terms.insert(g.begin(), g.end());
    double text = 0;
    for (const auto& t : terms) {
      auto it = d.terms.find(t);
      if (it == d.terms.end()) continue;
      text += idf(docs_.size(), df_.at(t)) *
              tf_norm(std::min<uint32_t>(it->second, 255), d.meta.doc_len, p);
    }
    if (q.groups.empty()) text = 1.0;
    return text * doc_factor(d.meta, p);
  }

  ScoreParams params() const {
    ScoreParams p;
    p.now_ms = now_;
    p.half_life_ms = 3'600'000;
    double total = 0;
    for (const Doc& d : docs_) total += d.meta.doc_len;
    p.avgdl = total / docs_.size();
    return p;
  }

  ParsedQuery random_query(Rng* rng) const {
    ParsedQuery q;
    auto term = [&] { return "w" + std::to_string(rng->below(rng->chance(0.5) ? 8 : 60)); };
    int groups = static_cast<int>(rng->range(rng->chance(0.05) ? 0 : 1, 3));
    for (int g = 0; g < groups; ++g) {
      std::vector<std::string> terms;
      int k = static_cast<int>(rng->range(1, rng->chance(0.5) ? 1 : 3));
      for (int i = 0; i < k; ++i) {
        std::string t = term();
        if (std::find(terms.begin(), terms.end(), t) == terms.end()) terms.push_back(t);
      }
      q.groups.push_back(terms);
    }
    if (rng->chance(0.3)) q.excluded.push_back(term());
    return q;
  }

  SearchFilters random_filters(Rng* rng) const {
    SearchFilters f;
    if (rng->chance(0.2)) f.since_ms = docs_[rng->below(docs_.size())].meta.created_at_ms;
    if (rng->chance(0.2)) f.until_ms = docs_[rng->below(docs_.size())].meta.created_at_ms;
    if (rng->chance(0.15)) f.author = rng->below(6) + 1;
    if (rng->chance(0.15)) f.lang = static_cast<uint32_t>(rng->below(3));
    if (rng->chance(0.15)) f.min_engagement = static_cast<uint32_t>(rng->below(3000));
    return f;
  }

  std::vector<Doc> docs_;
  std::map<std::string, uint64_t> df_;
  std::vector<SegmentView> views_;
  int64_t now_ = 0;
};

TEST_F(SearcherTest, NewestFirstMatchesBruteForce) {
  build(6000, 1500, 11);
  Rng rng(12);
  for (int i = 0; i < 300; ++i) {
    ParsedQuery q = random_query(&rng);
    SearchFilters f = random_filters(&rng);
    size_t limit = rng.chance(0.5) ? 10 : 100000;
    SearchOutput out = execute_search(views_, q, f, Query::Order::kNewest, limit, params());
    std::vector<uint64_t> want;
    for (size_t d = docs_.size(); d-- > 0 && want.size() < limit;)
      if (matches(docs_[d], q, f)) want.push_back(d);
    std::vector<uint64_t> got;
    for (const auto& h : out.hits) got.push_back(h.doc);
    ASSERT_EQ(got, want) << "query " << i;
    for (const auto& h : out.hits) EXPECT_EQ(h.locator, h.doc);
    if (limit == 100000) {
      EXPECT_EQ(out.matched, want.size());
      EXPECT_TRUE(out.exhaustive);
    }
  }
}

TEST_F(SearcherTest, ScoreOrderEqualsBruteForceTopK) {
  build(6000, 1500, 21);
  Rng rng(22);
  ScoreParams p = params();
  int pruned = 0;
  for (int i = 0; i < 300; ++i) {
    ParsedQuery q = random_query(&rng);
    SearchFilters f = random_filters(&rng);
    size_t limit = rng.chance(0.7) ? 10 : 50;
    SearchOutput out = execute_search(views_, q, f, Query::Order::kScore, limit, p);
    std::vector<ScoredDoc> want;
    for (size_t d = 0; d < docs_.size(); ++d)
      if (matches(docs_[d], q, f)) want.push_back({d, brute_score(docs_[d], q, p), d});
    if (out.exhaustive) {
      EXPECT_EQ(out.matched, want.size());
    }
    pruned += !out.exhaustive;
    std::sort(want.begin(), want.end(), [](const ScoredDoc& a, const ScoredDoc& b) {
      return a.score != b.score ? a.score > b.score : a.doc > b.doc;
    });
    if (want.size() > limit) want.resize(limit);
    ASSERT_EQ(out.hits.size(), want.size()) << "query " << i;
    for (size_t k = 0; k < want.size(); ++k) {
      ASSERT_NEAR(out.hits[k].score, want[k].score, 1e-9 * want[k].score) << i << " rank " << k;
      bool tie = k + 1 < want.size() && std::abs(want[k + 1].score - want[k].score) < 1e-9;
      if (!tie) {
        EXPECT_EQ(out.hits[k].doc, want[k].doc) << i << " rank " << k;
      }
    }
  }
  EXPECT_GT(pruned, 30);  // pruning actually happened on a good share of queries
}

TEST_F(SearcherTest, EmptyQueryMatchesEveryDocThroughFilters) {
  build(500, 200, 31);
  SearchFilters f;
  f.author = 3;
  SearchOutput out = execute_search(views_, {}, f, Query::Order::kNewest, 5, params());
  ASSERT_EQ(out.hits.size(), 5u);
  for (const auto& h : out.hits) EXPECT_EQ(docs_[h.doc].meta.author_hash, 3u);
  EXPECT_GT(out.hits[0].doc, out.hits[1].doc);
}

}  // namespace
}  // namespace chorus::index
