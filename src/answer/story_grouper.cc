#include "answer/story_grouper.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <set>
#include <unordered_map>

namespace chorus::answer {
namespace {

class UnionFind {
 public:
  explicit UnionFind(size_t n) : parent_(n) { std::iota(parent_.begin(), parent_.end(), 0); }
  int find(int x) {
    while (parent_[x] != x) x = parent_[x] = parent_[parent_[x]];
    return x;
  }
  void join(int a, int b) {
    a = find(a), b = find(b);
    if (a != b) parent_[std::max(a, b)] = std::min(a, b);
  }

 private:
  std::vector<int> parent_;
};

// Candidate index of each post id.
std::unordered_map<std::string, int> by_id(const std::vector<Candidate>& c) {
  std::unordered_map<std::string, int> m;
  for (size_t i = 0; i < c.size(); ++i) m.emplace(c[i].post.id, static_cast<int>(i));
  return m;
}

// The candidates a post points at (reply, quote, repost), as indices.
std::vector<int> links(const Candidate& c, const std::unordered_map<std::string, int>& ids) {
  std::vector<int> out;
  for (const std::string* id : {&c.post.reply_to, &c.post.quote_of, &c.post.repost_of}) {
    auto it = id->empty() ? ids.end() : ids.find(*id);
    if (it != ids.end()) out.push_back(it->second);
  }
  return out;
}

// Groups of candidate indices by root.
std::map<int, std::vector<int>> groups_of(UnionFind& uf, size_t n) {
  std::map<int, std::vector<int>> g;
  for (size_t i = 0; i < n; ++i) g[uf.find(static_cast<int>(i))].push_back(static_cast<int>(i));
  return g;
}

bool better(const Candidate& a, const Candidate& b) {
  if (a.value() != b.value()) return a.value() > b.value();
  return a.post.created_at_ms < b.post.created_at_ms;
}

void mark_duplicates(std::vector<Candidate>* cands, UnionFind& dups) {
  std::vector<Candidate>& c = *cands;
  for (auto& [root, members] : groups_of(dups, c.size())) {
    std::sort(members.begin(), members.end(), [&](int a, int b) { return better(c[a], c[b]); });
    for (size_t k = 1; k < members.size(); ++k) c[members[k]].duplicate_of = members[0];
  }
}

std::string author_key(const Account& a) {
  return a.id.empty() ? a.handle : a.id;
}

// A post is part of a creation cohort when, among the authors of the posts saying much the same
// (Jaccard >= cohort_similarity, itself included; campaigns reword their message), >=
// coordinated_min_authors accounts were created within creation_span_ms of its author's
// creation, making up >= cohort_min_share of those authors. Neighbourhoods are direct, not
// transitive, so replies and contradictions around a campaign do not dilute it.
void flag_cohorts(std::vector<Candidate>* cands, const StoryOptions& o) {
  std::vector<Candidate>& c = *cands;
  std::vector<int> flagged;
  for (size_t i = 0; i < c.size(); ++i) {
    const int64_t born = c[i].post.author.created_at_ms;
    if (born <= 0 || !c[i].post.repost_of.empty()) continue;
    std::map<std::string, int64_t> authors;
    for (size_t j = 0; j < c.size(); ++j) {
      if (!c[j].post.repost_of.empty()) continue;  // amplifications say nothing of their own
      if (j == i || jaccard(c[i].terms, c[j].terms) >= o.cohort_similarity)
        authors.emplace(author_key(c[j].post.author), c[j].post.author.created_at_ms);
    }
    size_t together = 0;
    for (const auto& [key, t] : authors)
      together += (t > 0 && std::abs(t - born) <= o.creation_span_ms) ? 1 : 0;
    if (together >= o.coordinated_min_authors &&
        static_cast<double>(together) >= o.cohort_min_share * static_cast<double>(authors.size()))
      flagged.push_back(static_cast<int>(i));
  }
  for (int i : flagged) c[i].trust.flags |= kSourceCampaign | kSourceCoordinated;
}

// Amplifying a coordinated post makes a post coordinated too (one level, then its own links).
void propagate_coordination(std::vector<Candidate>* cands,
                            const std::unordered_map<std::string, int>& ids) {
  std::vector<Candidate>& c = *cands;
  for (int round = 0; round < 2; ++round) {
    for (Candidate& x : c) {
      for (int p : links(x, ids)) {
        if (c[p].trust.flags & kSourceCampaign) x.trust.flags |= kSourceCoordinated;
      }
    }
  }
}

// idf over the candidates of each term not in the question.
std::unordered_map<std::string, double> rare_term_weights(const std::vector<Candidate>& c,
                                                          const std::vector<std::string>& query) {
  std::unordered_map<std::string, int> df;
  for (const Candidate& x : c)
    for (const std::string& t : x.terms) ++df[t];
  std::unordered_map<std::string, double> w;
  const double n = static_cast<double>(c.size());
  for (const auto& [t, d] : df) {
    if (std::binary_search(query.begin(), query.end(), t)) continue;
    w[t] = std::log((n + 1) / static_cast<double>(d));
  }
  return w;
}

// Overlap of two posts in rare terms: the idf weight they share over the smaller post's weight;
// 0 unless they share at least two weighted terms.
double rare_overlap(const Candidate& a, const Candidate& b,
                    const std::unordered_map<std::string, double>& w) {
  double shared = 0, wa = 0, wb = 0;
  size_t i = 0, j = 0, n_shared = 0;
  auto weight = [&](const std::string& t) {
    auto it = w.find(t);
    return it == w.end() ? 0.0 : it->second;
  };
  while (i < a.terms.size() || j < b.terms.size()) {
    if (j == b.terms.size() || (i < a.terms.size() && a.terms[i] < b.terms[j])) {
      wa += weight(a.terms[i++]);
    } else if (i == a.terms.size() || b.terms[j] < a.terms[i]) {
      wb += weight(b.terms[j++]);
    } else {
      const double x = weight(a.terms[i]);
      shared += x, wa += x, wb += x, ++i, ++j;
      n_shared += x > 0 ? 1 : 0;
    }
  }
  const double smaller = std::min(wa, wb);
  return n_shared >= 2 && smaller > 0 ? shared / smaller : 0;
}

void score_story(const std::vector<Candidate>& c, const StoryOptions& o, Story* s) {
  std::map<std::string, double> best_by_author;
  std::set<std::string> fresh_authors;
  size_t scored = 0, fresh = 0;
  for (int i : s->members) {
    // Duplicates still count: independent authors echoing.
    if (c[i].excluded && *c[i].excluded != Exclusion::kDuplicate) continue;
    double& b = best_by_author[c[i].post.author.handle];
    b = std::max(b, c[i].value());
    ++scored;
    if (c[i].post.created_at_ms >= o.fresh_since_ms) {
      ++fresh;
      fresh_authors.insert(c[i].post.author.handle);
    }
  }
  s->authors = best_by_author.size();
  s->fresh_authors = fresh_authors.size();
  s->fresh_share = scored == 0 ? 0 : static_cast<double>(fresh) / static_cast<double>(scored);
  for (const auto& [a, v] : best_by_author) s->score += v;
  s->score *= 1 + o.fresh_boost * static_cast<double>(s->fresh_authors);
}

}  // namespace

std::vector<Story> group_stories(std::vector<Candidate>* cands,
                                 const std::vector<std::string>& query_terms,
                                 const StoryOptions& options) {
  std::vector<Candidate>& c = *cands;
  const size_t n = c.size();
  const auto ids = by_id(c);
  UnionFind dups(n);
  for (size_t i = 0; i < n; ++i) {
    if (!c[i].post.repost_of.empty()) {
      auto it = ids.find(c[i].post.repost_of);
      if (it != ids.end()) dups.join(static_cast<int>(i), it->second);
    }
    for (size_t j = i + 1; j < n; ++j)
      if (jaccard(c[i].terms, c[j].terms) >= options.near_dup) dups.join(i, j);
  }
  mark_duplicates(cands, dups);
  flag_cohorts(cands, options);
  propagate_coordination(cands, ids);

  UnionFind stories = dups;
  const auto weights = rare_term_weights(c, query_terms);
  for (size_t i = 0; i < n; ++i) {
    for (int p : links(c[i], ids)) stories.join(static_cast<int>(i), p);
    if (c[i].duplicate_of >= 0) continue;
    for (size_t j = i + 1; j < n; ++j) {
      if (c[j].duplicate_of >= 0) continue;
      if (rare_overlap(c[i], c[j], weights) >= options.join_similarity) stories.join(i, j);
    }
  }
  std::vector<Story> out;
  for (auto& [root, members] : groups_of(stories, n)) {
    Story s;
    s.members = std::move(members);
    for (int i : s.members) s.coordinated = s.coordinated || (c[i].trust.flags & kSourceCampaign);
    out.push_back(std::move(s));
  }
  rank_stories(cands, &out, options);
  return out;
}

void rank_stories(std::vector<Candidate>* cands, std::vector<Story>* stories,
                  const StoryOptions& options) {
  std::vector<Candidate>& c = *cands;
  for (Story& s : *stories) {
    s.score = 0;
    std::sort(s.members.begin(), s.members.end(), [&](int a, int b) { return better(c[a], c[b]); });
    score_story(c, options, &s);
  }
  std::stable_sort(stories->begin(), stories->end(),
                   [](const Story& a, const Story& b) { return a.score > b.score; });
  for (size_t s = 0; s < stories->size(); ++s)
    for (int i : (*stories)[s].members) c[i].story = static_cast<int>(s);
}

}  // namespace chorus::answer
