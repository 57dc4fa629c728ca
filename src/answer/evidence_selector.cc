#include "answer/evidence_selector.h"

#include <algorithm>

namespace chorus::answer {

size_t estimate_tokens(std::string_view text) {
  return text.size() / 4 + 24;
}

std::vector<int> select_evidence(const std::vector<Candidate>& cands,
                                 const std::vector<Story>& stories, const EvidenceOptions& options,
                                 std::vector<int> chosen) {
  std::vector<int> pool;
  const double top = stories.empty() ? 0 : stories.front().score;
  for (size_t s = 0; s < stories.size() && s < options.max_stories; ++s) {
    if (stories[s].score <= 0 || stories[s].score < options.story_ratio * top) break;
    for (int i : stories[s].members)
      if (usable(cands[i]) && std::find(chosen.begin(), chosen.end(), i) == chosen.end())
        pool.push_back(i);
  }
  double best = 0;
  for (int i : pool) best = std::max(best, cands[i].value());
  if (best <= 0) best = 1;

  size_t tokens = 0;
  for (int i : chosen) tokens += estimate_tokens(cands[i].post.text);
  while (chosen.size() < options.max_sources && !pool.empty()) {
    size_t pick = pool.size();
    double pick_score = -1e9;
    for (size_t k = 0; k < pool.size(); ++k) {
      const Candidate& c = cands[pool[k]];
      if (tokens + estimate_tokens(c.post.text) > options.token_budget) continue;
      double redundancy = 0;
      for (int j : chosen) redundancy = std::max(redundancy, jaccard(c.terms, cands[j].terms));
      const double mmr = options.lambda * c.value() / best - (1 - options.lambda) * redundancy;
      if (mmr > pick_score) pick_score = mmr, pick = k;
    }
    if (pick == pool.size()) break;  // nothing left fits the budget
    tokens += estimate_tokens(cands[pool[pick]].post.text);
    chosen.push_back(pool[pick]);
    pool.erase(pool.begin() + static_cast<long>(pick));
  }
  return chosen;
}

}  // namespace chorus::answer
