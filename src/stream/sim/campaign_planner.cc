#include "stream/sim/campaign_planner.h"

#include <algorithm>
#include <limits>

#include "stream/sim/places.h"
#include "stream/sim/vocab.h"

namespace chorus::sim {
namespace {

constexpr size_t kMaxRemembered = 256;

}  // namespace

CampaignPlanner::CampaignPlanner(const SimConfig& config, int64_t start_ms, const AccountPool& pool,
                                 Rng& rng)
    : pool_(pool),
      interval_ms_(std::max<int64_t>(config.campaign_interval_ms, 1000)),
      contradiction_delay_ms_(std::max<int64_t>(config.contradiction_delay_ms, 1000)),
      next_start_ms_(pool.groups().empty()
                         ? std::numeric_limits<int64_t>::max()
                         : start_ms + config.first_campaign_ms +
                               static_cast<int64_t>(rng.below(static_cast<uint64_t>(
                                   std::max<int64_t>(config.first_campaign_ms / 2, 1))))) {}

void CampaignPlanner::start_next(Rng& rng, Schedule* schedule) {
  SimClaim c;
  uint32_t index = static_cast<uint32_t>(claims_.size());
  c.id = "cl-" + std::to_string(index);
  c.kind = static_cast<int>(rng.below(kClaimKindCount));
  c.place = static_cast<int>(rng.below(kPlaceCount));
  c.is_true = false;
  c.number = rng.range(30, 300);
  c.group = static_cast<int>(index % pool_.groups().size());
  const CoordinationGroup& group = pool_.groups()[static_cast<size_t>(c.group)];
  c.lang = group.lang;
  c.hashtag = claim_hashtag(c.kind, c.place, c.lang);
  c.start_ms = next_start_ms_;
  c.contradiction_start_ms =
      c.start_ms + contradiction_delay_ms_ +
      static_cast<int64_t>(rng.below(static_cast<uint64_t>(contradiction_delay_ms_ / 2 + 1)));

  int waves = 3 + static_cast<int>(rng.below(3));
  int64_t wave_ms = c.start_ms;
  for (int w = 0; w < waves; ++w) {
    int64_t window = (30 + static_cast<int64_t>(rng.below(91))) * kSecondMs;
    for (uint32_t member : group.members)
      if (rng.chance(0.8))
        schedule->push({wave_ms + static_cast<int64_t>(rng.below(static_cast<uint64_t>(window))),
                        ItemKind::kCampaignPost, index, member});
    size_t amplifiers = group.members.size() * (3 + rng.below(6)) / 10;
    for (size_t i = 0; i < amplifiers; ++i)
      schedule->push({wave_ms + window + static_cast<int64_t>(rng.below(15 * kMinuteMs)),
                      ItemKind::kAmplification, index, 0});
    wave_ms += (4 + static_cast<int64_t>(rng.below(9))) * kMinuteMs;
  }
  int contradictions = 4 + static_cast<int>(rng.below(7));
  for (int i = 0; i < contradictions; ++i)
    schedule->push({c.contradiction_start_ms + static_cast<int64_t>(rng.below(30 * kMinuteMs)),
                    ItemKind::kContradiction, index, 0});

  claims_.push_back(std::move(c));
  posts_.emplace_back();
  next_start_ms_ += 1 + static_cast<int64_t>(rng.exponential(static_cast<double>(interval_ms_)));
}

void CampaignPlanner::record_post(uint32_t claim, uint64_t seq) {
  auto& v = posts_[claim];
  if (v.size() < kMaxRemembered) v.push_back(seq);
}

bool CampaignPlanner::random_post(uint32_t claim, Rng& rng, uint64_t* seq) const {
  const auto& v = posts_[claim];
  if (v.empty()) return false;
  *seq = v[rng.below(v.size())];
  return true;
}

}  // namespace chorus::sim
