#include "stream/sim/sim_types.h"

#include "base/hash.h"
#include "stream/sim/vocab.h"

namespace chorus::sim {
namespace {

constexpr std::string_view kLabelNames[kLabelCount] = {"hate",   "harassment", "violence",
                                                       "sexual", "spam",       "injection"};
constexpr std::string_view kRoleNames[] = {"organic",       "event_report",       "stale_report",
                                           "correction",    "campaign",           "amplification",
                                           "contradiction", "automated",          "abuse",
                                           "injection",     "injection_lookalike"};
constexpr std::string_view kEventKinds[kEventKindCount] = {
    "fire", "earthquake", "flood", "protest", "election_result", "transport_strike"};
constexpr std::string_view kClaimKinds[kClaimKindCount] = {
    "water_poisoned", "ballots_burned", "airport_closed", "curfew", "bank_freeze"};

}  // namespace

int64_t default_start_ms(uint64_t seed) {
  constexpr int64_t k2024 = 1704067200000;  // 2024-01-01T00:00:00Z
  constexpr uint64_t kSecondsPerYear = 365ull * 24 * 3600;
  return k2024 + static_cast<int64_t>(mix64(seed ^ 0x5157u) % kSecondsPerYear) * 1000;
}

std::string_view label_name(int bit) {
  return kLabelNames[bit];
}
std::string_view role_name(Role r) {
  return kRoleNames[static_cast<int>(r)];
}
std::string_view event_kind_name(int kind) {
  return kEventKinds[kind];
}
std::string_view claim_kind_name(int kind) {
  return kClaimKinds[kind];
}

int SimEvent::version_at(int64_t t_ms) const {
  int v = 0;
  for (size_t i = 1; i < facts.size(); ++i)
    if (facts[i].from_ms <= t_ms) v = static_cast<int>(i);
  return v;
}

}  // namespace chorus::sim
