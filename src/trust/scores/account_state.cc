#include "trust/scores/account_state.h"

#include <algorithm>
#include <cmath>

#include "base/hash.h"

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

AccountState& AccountTracker::observe(const Post& post, uint64_t key_hash) {
  AccountState& s = get_or_create(key_of(post.author), key_hash);
  if (!post.author.handle.empty() && (s.posts == 0 || s.account.handle != post.author.handle))
    handles_.insert_or_assign(post.author.handle, &keys_[s.id]);
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

uint64_t AccountTracker::key_hash(std::string_view account_key) {
  return hash64(account_key);
}

int64_t AccountTracker::find_id(std::string_view key, uint64_t h) const {
  if (index_.empty()) return -1;
  const uint32_t id1 = index_[free_slot(h)].second;
  if (id1 == 0) return -1;
  if (keys_[id1 - 1] == key) return id1 - 1;
  if (collided_.empty()) return -1;
  auto it = collided_.find(key);
  return it == collided_.end() ? -1 : it->second;
}

AccountState* AccountTracker::find(std::string_view key) {
  const int64_t id = find_id(key, key_hash(key));
  return id < 0 ? nullptr : &states_[static_cast<size_t>(id)];
}

const AccountState* AccountTracker::find(std::string_view key) const {
  const int64_t id = find_id(key, key_hash(key));
  return id < 0 ? nullptr : &states_[static_cast<size_t>(id)];
}

AccountState& AccountTracker::get_or_create(std::string_view key, uint64_t h) {
  if (const int64_t id = find_id(key, h); id >= 0) return states_[static_cast<size_t>(id)];
  const auto id = static_cast<uint32_t>(states_.size());
  states_.emplace_back().id = id;
  keys_.emplace_back(key);
  if (2 * (states_.size() + 1) > index_.size()) {
    std::vector<std::pair<uint64_t, uint32_t>> old(std::max<size_t>(1024, 2 * index_.size()));
    old.swap(index_);
    for (const auto& slot : old)
      if (slot.second != 0) index_[free_slot(slot.first)] = slot;
  }
  const size_t i = free_slot(h);
  if (index_[i].second == 0) {
    index_[i] = {h, id + 1};
  } else {
    collided_.emplace(std::string(key), id);  // the hash stays with its first holder
  }
  return states_[id];
}

void AccountTracker::prefetch(uint64_t h, int stage) const {
  if (index_.empty()) return;
  if (stage == 0) {
    __builtin_prefetch(&index_[home(h)]);
  } else if (stage == 1) {
    const uint32_t id1 = index_[free_slot(h)].second;
    if (id1 == 0) return;
    __builtin_prefetch(&states_[id1 - 1]);
    __builtin_prefetch(&keys_[id1 - 1]);
  }
}

size_t AccountTracker::free_slot(uint64_t h) const {
  const size_t mask = index_.size() - 1;
  size_t i = home(h);
  while (index_[i].second != 0 && index_[i].first != h) i = (i + 1) & mask;
  return i;
}

const std::string* AccountTracker::key_for_handle(std::string_view handle) const {
  auto it = handles_.find(handle);
  return it == handles_.end() ? nullptr : it->second;
}

}  // namespace chorus::trust
