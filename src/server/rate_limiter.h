// RateLimiter: one token bucket per identity (API key or client address).
//
// Each bucket holds up to `burst` tokens and refills at `rate` tokens per second; a request
// takes one token or is refused with the seconds until one is available (for Retry-After).
// rate <= 0 disables limiting. Buckets idle for a minute are dropped. Times come from the
// caller (monotonic nanoseconds) so tests control them. Thread-safe.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

namespace chorus::server {

class RateLimiter {
 public:
  RateLimiter(double rate, double burst) : rate_(rate), burst_(burst) {}

  // 0 when allowed; otherwise the seconds to wait (> 0).
  double acquire(const std::string& identity, int64_t now_ns);

 private:
  struct Bucket {
    double tokens = 0;
    int64_t last_ns = 0;
  };
  void sweep(int64_t now_ns);

  const double rate_;
  const double burst_;
  std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;
  int64_t last_sweep_ns_ = 0;
};

}  // namespace chorus::server
