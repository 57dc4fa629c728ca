// ReplyLimiter: token buckets that bound how often Chorus replies, per key (an author, a
// thread). A bucket holds up to `burst` tokens and refills at `per_hour` tokens per hour; a
// reply takes one token from every bucket it is charged to, or from none. Buckets that would be
// full again are forgotten (so memory follows active keys). Times are epoch milliseconds from
// the caller. per_hour <= 0 or burst <= 0 disables a limiter. Thread-compatible (the mention
// worker owns it).
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>

namespace chorus::answer {

struct BucketRate {
  double per_hour = 0;
  double burst = 0;
  bool enabled() const { return per_hour > 0 && burst > 0; }
};

class ReplyLimiter {
 public:
  explicit ReplyLimiter(BucketRate rate) : rate_(rate) {}
  // True when `key` has a whole token at now_ms (nothing is taken).
  bool available(const std::string& key, int64_t now_ms);
  // Takes one token (call after available() said true).
  void take(const std::string& key, int64_t now_ms);
  size_t tracked() const { return buckets_.size(); }

 private:
  struct Bucket {
    double tokens = 0;
    int64_t at_ms = 0;
  };
  Bucket& refill(const std::string& key, int64_t now_ms);
  void forget_full(int64_t now_ms);

  BucketRate rate_;
  std::unordered_map<std::string, Bucket> buckets_;
  int64_t last_sweep_ms_ = 0;
};

}  // namespace chorus::answer
