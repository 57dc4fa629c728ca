// AccountPool: the simulated population, built once from a seed.
//
// Shapes (see account_pool.cc for the parameters): followers log-normal with a Pareto tail of
// influencers; following log-normal, capped at 7500; account ages: a tenth under a month, the
// rest up to 15 years, skewed recent; verified accounts the top `verified_share` by a noisy
// follower score, plus news outlets; organic posting activity Pareto-distributed. Automated
// accounts are young, follow many, have few followers and post on a regular period. Coordination
// groups are accounts created within a few hours of each other with names on one stem
// ("truth_voice41", "truth_voice43", ...). Immutable after construction.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_set>
#include <vector>

#include "base/random.h"
#include "post/post.h"
#include "stream/sim/sim_types.h"

namespace chorus::sim {

struct SimAccount {
  Account account;
  int lang = 0;
  double activity = 1.0;  // relative weight when choosing the author of an organic post
  bool automated = false;
  bool spam_bot = false;      // automated accounts: spam rather than news-feed posts
  int64_t bot_period_ms = 0;  // automated accounts: mean gap between posts
  bool news = false;          // a news outlet (verified, old, many followers)
  bool credible = false;      // verified, or many followers and old
  int group = -1;             // coordination group index, or -1
};

class AccountPool {
 public:
  AccountPool(const SimConfig& config, int64_t start_ms, Rng& rng);

  const std::vector<SimAccount>& accounts() const { return accounts_; }
  const SimAccount& operator[](uint32_t i) const { return accounts_[i]; }
  const std::vector<CoordinationGroup>& groups() const { return groups_; }
  const std::vector<uint32_t>& automated() const { return automated_; }

  // An author for an organic post, weighted by activity; never an automated account.
  uint32_t pick_organic(Rng& rng) const;
  // A credible account writing in `lang` (any language when there is none).
  uint32_t pick_credible(int lang, Rng& rng) const;
  // A news outlet of `lang`.
  uint32_t pick_news(int lang, Rng& rng) const;

 private:
  void add_news(int64_t start_ms, Rng& rng);
  void add_ordinary(size_t n, int64_t start_ms, Rng& rng);
  void add_automated(size_t n, int64_t start_ms, Rng& rng);
  void add_groups(size_t n, int64_t start_ms, Rng& rng);
  void mark_verified(size_t count, Rng& rng);
  void index_accounts();
  // Appends `a` with its id and a handle made unique; returns its index.
  uint32_t add(SimAccount a, Rng& rng);

  uint64_t seed_;
  int64_t start_ms_;
  std::vector<SimAccount> accounts_;
  std::vector<CoordinationGroup> groups_;
  std::vector<uint32_t> automated_;
  std::vector<uint32_t> organic_;    // candidates of pick_organic
  std::vector<double> organic_cum_;  // cumulative activity over organic_
  std::vector<uint32_t> credible_[kLangCount];
  std::vector<uint32_t> news_[kLangCount];
  std::unordered_set<std::string> taken_;  // handles, during construction only
};

}  // namespace chorus::sim
