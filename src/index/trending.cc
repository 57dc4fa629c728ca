#include "index/trending.h"

#include <algorithm>
#include <unordered_set>

#include "base/hash.h"

namespace chorus::index {
namespace {

bool tracked(std::string_view term) {
  return !(term.starts_with("host:") || term.starts_with("path:"));
}

int64_t minute_of(int64_t ms) {
  return ms >= 0 ? ms / Trending::kBucketMs : (ms - Trending::kBucketMs + 1) / Trending::kBucketMs;
}

}  // namespace

void Trending::add(int64_t created_ms, int64_t now_ms, std::span<const TermFreq> terms) {
  int64_t minute = minute_of(std::min(created_ms, now_ms + kBucketMs));
  if (minute <= minute_of(now_ms) - kBuckets) return;
  Bucket& b = ring_[static_cast<size_t>(((minute % kBuckets) + kBuckets) % kBuckets)];
  bool recycled = false;
  fresh_.clear();
  {
    std::lock_guard<std::mutex> lock(b.mu);
    if (b.minute > minute) return;  // older than the ring
    if (b.minute != minute) {
      b.minute = minute;
      b.counts.clear();
      recycled = ++recycled_ % 60 == 0;
    }
    for (const TermFreq& t : terms)
      if (tracked(t.term) && ++b.counts[t.hash] == 1) fresh_.push_back(&t);
  }
  if (!fresh_.empty()) {
    std::lock_guard<std::mutex> lock(names_mu_);
    for (const TermFreq* t : fresh_) names_.try_emplace(t->hash, t->term);
  }
  if (recycled) prune_names();
}

void Trending::remove(int64_t created_ms, int64_t now_ms, std::span<const TermFreq> terms) {
  int64_t minute = minute_of(std::min(created_ms, now_ms + kBucketMs));
  Bucket& b = ring_[static_cast<size_t>(((minute % kBuckets) + kBuckets) % kBuckets)];
  std::lock_guard<std::mutex> lock(b.mu);
  if (b.minute != minute) return;
  for (const TermFreq& t : terms) {
    auto it = b.counts.find(t.hash);
    if (it != b.counts.end() && --it->second == 0) b.counts.erase(it);
  }
}

void Trending::prune_names() {
  std::unordered_set<uint64_t> live;
  for (const Bucket& b : ring_) {
    std::lock_guard<std::mutex> lock(b.mu);
    for (const auto& [h, c] : b.counts) live.insert(h);
  }
  std::lock_guard<std::mutex> lock(names_mu_);
  for (auto it = names_.begin(); it != names_.end();)
    it = live.count(it->first) ? std::next(it) : names_.erase(it);
}

std::vector<TrendingItem> Trending::top(int64_t window_ms, size_t n, int64_t now_ms) const {
  // The window covers every bucket that [now - window, now] touches: a one-minute window just
  // after a minute boundary still holds the previous minute's posts.
  const int64_t now_minute = minute_of(now_ms);
  const int64_t w = std::clamp<int64_t>(
      now_minute - minute_of(now_ms - std::max<int64_t>(window_ms, 1)) + 1, 1, kBuckets / 2);
  const int64_t base = std::min<int64_t>(std::max<int64_t>(w, 60), kBuckets - w);
  std::unordered_map<uint64_t, uint64_t> recent, baseline;
  for (const Bucket& b : ring_) {
    std::lock_guard<std::mutex> lock(b.mu);
    if (b.minute > now_minute - w && b.minute <= now_minute)
      for (const auto& [h, c] : b.counts) recent[h] += c;
  }
  for (const Bucket& b : ring_) {
    std::lock_guard<std::mutex> lock(b.mu);
    if (b.minute > now_minute - w - base && b.minute <= now_minute - w)
      for (const auto& [h, c] : b.counts)
        if (recent.count(h)) baseline[h] += c;
  }
  std::lock_guard<std::mutex> lock(names_mu_);
  std::vector<TrendingItem> items;
  for (const auto& [h, c] : recent) {
    if (c < kMinCount) continue;
    auto it = baseline.find(h);
    double b = it == baseline.end() ? 0.0 : static_cast<double>(it->second);
    double burst = (static_cast<double>(c) / w + kSmoothing) / (b / base + kSmoothing);
    auto name = names_.find(h);
    if (name != names_.end()) items.push_back({name->second, c, burst});
  }
  std::sort(items.begin(), items.end(), [](const TrendingItem& a, const TrendingItem& b) {
    if (a.burst != b.burst) return a.burst > b.burst;
    if (a.count != b.count) return a.count > b.count;
    return a.term < b.term;
  });
  if (items.size() > n) items.resize(n);
  return items;
}

size_t Trending::memory_bytes() const {
  size_t n = 0;
  for (const Bucket& b : ring_) {
    std::lock_guard<std::mutex> lock(b.mu);
    n += b.counts.size() * 32;
  }
  std::lock_guard<std::mutex> lock(names_mu_);
  return n + names_.size() * 48;
}

}  // namespace chorus::index
