// CampaignPlanner: misinformation campaigns. Each campaign is a false claim about a place,
// pushed by one coordination group in 3-5 waves a few minutes apart; in a wave about 80% of the
// members post near-duplicate wording within a window of 30-120 s. Ordinary accounts amplify it
// (reposts and quotes in the minutes after each wave), and from contradiction_start_ms credible
// accounts contradict it. All of it is planned as Schedule items when the campaign starts.
// Not thread-safe.
#pragma once

#include <cstdint>
#include <vector>

#include "base/random.h"
#include "stream/sim/account_pool.h"
#include "stream/sim/schedule.h"
#include "stream/sim/sim_types.h"

namespace chorus::sim {

class CampaignPlanner {
 public:
  CampaignPlanner(const SimConfig& config, int64_t start_ms, const AccountPool& pool, Rng& rng);

  // Start time of the next campaign; max int64 when there are no coordination groups.
  int64_t next_start_ms() const { return next_start_ms_; }
  // Creates that campaign, pushes its posts onto `schedule`, and draws the next start.
  void start_next(Rng& rng, Schedule* schedule);

  const std::vector<SimClaim>& claims() const { return claims_; }
  // Remembers a campaign post, for amplifiers to repost or quote.
  void record_post(uint32_t claim, uint64_t seq);
  // A campaign post of `claim` written so far (seq), or false when there is none yet.
  bool random_post(uint32_t claim, Rng& rng, uint64_t* seq) const;

 private:
  const AccountPool& pool_;
  int64_t interval_ms_;
  int64_t contradiction_delay_ms_;
  int64_t next_start_ms_;
  std::vector<SimClaim> claims_;
  std::vector<std::vector<uint64_t>> posts_;  // per claim, the first kMaxRemembered posts
};

}  // namespace chorus::sim
