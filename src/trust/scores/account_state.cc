#include "trust/scores/account_state.h"

#include <algorithm>
#include <cmath>

namespace chorus::trust {

void RunningStats::add(double x) {
  ++n;
  double d = x - mean;
  mean += d / static_cast<double>(n);
  m2 += d * (x - mean);
}

double RunningStats::coefficient_of_variation() const {
  if (n < 2 || mean <= 0) return 0.0;
  return std::sqrt(variance()) / mean;
}

double AccountState::rate_per_hour(int64_t min_span_ms) const {
  int64_t span = std::max<int64_t>(last_seen_ms - first_seen_ms, min_span_ms);
  if (span <= 0) return 0.0;
  return static_cast<double>(posts) * 3'600'000.0 / static_cast<double>(span);
}

double AccountState::age_days(int64_t now_ms) const {
  if (account.created_at_ms <= 0) return -1.0;
  return std::max<double>(0.0, static_cast<double>(now_ms - account.created_at_ms) / 86'400'000.0);
}

AccountState& AccountTracker::observe(const Post& post) {
  AccountState& s = get_or_create(key_of(post.author));
  s.account = post.author;
  const int64_t t = post.created_at_ms;
  if (s.posts == 0) {
    s.first_seen_ms = s.last_seen_ms = t;
  } else if (t >= s.last_seen_ms) {
    s.intervals_s.add(static_cast<double>(t - s.last_seen_ms) / 1000.0);
    s.last_seen_ms = t;
  } else {
    s.first_seen_ms = std::min(s.first_seen_ms, t);
  }
  ++s.posts;
  return s;
}

AccountState* AccountTracker::find(std::string_view key) {
  auto it = accounts_.find(key);
  return it == accounts_.end() ? nullptr : &it->second;
}

const AccountState* AccountTracker::find(std::string_view key) const {
  auto it = accounts_.find(key);
  return it == accounts_.end() ? nullptr : &it->second;
}

AccountState& AccountTracker::get_or_create(std::string_view key) {
  auto it = accounts_.find(key);
  if (it != accounts_.end()) return it->second;
  return accounts_.emplace(std::string(key), AccountState{}).first->second;
}

}  // namespace chorus::trust
