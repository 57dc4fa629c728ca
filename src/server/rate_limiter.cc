#include "server/rate_limiter.h"

#include <algorithm>

namespace chorus::server {

double RateLimiter::acquire(const std::string& identity, int64_t now_ns) {
  if (rate_ <= 0) return 0;
  std::lock_guard<std::mutex> lock(mu_);
  sweep(now_ns);
  auto [it, inserted] = buckets_.try_emplace(identity);
  Bucket& b = it->second;
  if (inserted) {
    b.tokens = burst_;
  } else {
    b.tokens = std::min(burst_, b.tokens + rate_ * static_cast<double>(now_ns - b.last_ns) / 1e9);
  }
  b.last_ns = now_ns;
  if (b.tokens >= 1) {
    b.tokens -= 1;
    return 0;
  }
  return (1 - b.tokens) / rate_;
}

void RateLimiter::sweep(int64_t now_ns) {
  constexpr int64_t kIdleNs = 60'000'000'000;
  if (now_ns - last_sweep_ns_ < kIdleNs) return;
  last_sweep_ns_ = now_ns;
  std::erase_if(buckets_, [&](const auto& kv) { return now_ns - kv.second.last_ns > kIdleNs; });
}

}  // namespace chorus::server
