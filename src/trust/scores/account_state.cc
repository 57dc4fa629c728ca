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

std::string AccountTracker::handle_stem(std::string_view handle) {
  size_t end = handle.size();
  auto trailing = [](char c) { return (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-'; };
  while (end > 0 && trailing(handle[end - 1])) --end;
  std::string stem(handle.substr(0, end));
  for (char& c : stem)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return stem;
}

void AccountTracker::join_cohort(AccountState* s) {
  std::string stem = handle_stem(s->account.handle);
  if (stem.size() < 3 || s->account.created_at_ms <= 0) return;
  std::vector<AccountState*>& list = stems_[stem];
  const int64_t w = cohort_options_.window_ms;
  auto created_before = [](const AccountState* a, int64_t t) {
    return a->account.created_at_ms < t;
  };
  auto at = std::lower_bound(list.begin(), list.end(), s->account.created_at_ms, created_before);
  list.insert(at, s);
  // Recount every account within the window of the newcomer: only their counts can change.
  const int64_t t = s->account.created_at_ms;
  auto lo = std::lower_bound(list.begin(), list.end(), t - w, created_before);
  auto hi = std::lower_bound(list.begin(), list.end(), t + w + 1, created_before);
  for (auto it = lo; it != hi; ++it) {
    const int64_t c = (*it)->account.created_at_ms;
    auto a = std::lower_bound(list.begin(), list.end(), c - w, created_before);
    auto b = std::lower_bound(list.begin(), list.end(), c + w + 1, created_before);
    (*it)->cohort = static_cast<uint32_t>(b - a);
  }
}

AccountState& AccountTracker::observe(const Post& post) {
  AccountState& s = get_or_create(key_of(post.author));
  if (!post.author.handle.empty() && (s.posts == 0 || s.account.handle != post.author.handle))
    handles_.insert_or_assign(post.author.handle, keys_[s.id]);
  s.account = post.author;
  if (!s.cohort_indexed) {
    s.cohort_indexed = true;
    join_cohort(&s);
  }
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
  it = accounts_.emplace(std::string(key), AccountState{}).first;
  it->second.id = static_cast<uint32_t>(keys_.size());
  keys_.push_back(&it->first);
  return it->second;
}

const std::string* AccountTracker::key_for_handle(std::string_view handle) const {
  auto it = handles_.find(handle);
  return it == handles_.end() ? nullptr : it->second;
}

}  // namespace chorus::trust
