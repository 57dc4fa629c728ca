// Trending: per-term post counts in one-minute buckets of stream time (the post's created_at,
// clamped to at most a minute ahead of the clock), kept in a ring covering the last kBuckets
// minutes, with a burst score:
//   recent   = posts with the term in the window: the w buckets that [now - window, now] touches
//              (a one-minute window spans two buckets unless now is on a minute boundary)
//   baseline = posts with the term in the B = max(w, 60) minutes before the window (clipped to
//              the ring)
//   burst    = (recent / w + a) / (baseline / B + a),  a = kSmoothing posts per minute
// top() ranks terms seen at least kMinCount times in the window by burst, then count.
// Terms: words, #hashtags, @mentions and emoji (URL terms are skipped); a post counts once per
// term.
// Thread-safety: one writer (add, remove) and any number of top() callers. Each bucket has its own
// mutex and the term names another, and top() holds one of them at a time, so a long-window top()
// delays a concurrent add() by at most one bucket's merge, never by the whole window.
#pragma once

#include <cstdint>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "index/active_segment.h"
#include "index/index.h"

namespace chorus::index {

class Trending {
 public:
  static constexpr int64_t kBucketMs = 60'000;
  static constexpr int kBuckets = 180;
  static constexpr double kSmoothing = 1.0;
  static constexpr uint64_t kMinCount = 2;

  // Counts the distinct `terms` of one post created at created_ms, as seen at now_ms; each
  // TermFreq carries hash64 of its term.
  void add(int64_t created_ms, int64_t now_ms, std::span<const TermFreq> terms);
  // Takes back an add() of the same post (deleted or replaced by an edit); a no-op once its
  // minute has left the ring.
  void remove(int64_t created_ms, int64_t now_ms, std::span<const TermFreq> terms);
  std::vector<TrendingItem> top(int64_t window_ms, size_t n, int64_t now_ms) const;
  // Approximate bytes held.
  size_t memory_bytes() const;

 private:
  struct Bucket {
    mutable std::mutex mu;  // guards minute and counts
    int64_t minute = INT64_MIN;
    std::unordered_map<uint64_t, uint32_t> counts;  // term hash -> posts
  };
  void prune_names();

  std::vector<Bucket> ring_ = std::vector<Bucket>(kBuckets);
  mutable std::mutex names_mu_;  // guards names_
  std::unordered_map<uint64_t, std::string> names_;
  int recycled_ = 0;                    // writer-only
  std::vector<const TermFreq*> fresh_;  // writer-only: terms new to a bucket in add()
};

}  // namespace chorus::index
