#include "answer/reply_limiter.h"

#include <algorithm>

namespace chorus::answer {
namespace {
constexpr double kMsPerHour = 3'600'000.0;
}  // namespace

ReplyLimiter::Bucket& ReplyLimiter::refill(const std::string& key, int64_t now_ms) {
  auto [it, fresh] = buckets_.try_emplace(key);
  Bucket& b = it->second;
  if (fresh) {
    b.tokens = rate_.burst;
  } else if (now_ms > b.at_ms) {
    b.tokens = std::min(rate_.burst, b.tokens + (now_ms - b.at_ms) * rate_.per_hour / kMsPerHour);
  }
  b.at_ms = std::max(b.at_ms, now_ms);
  return b;
}

bool ReplyLimiter::available(const std::string& key, int64_t now_ms) {
  if (!rate_.enabled()) return true;
  forget_full(now_ms);
  return refill(key, now_ms).tokens >= 1.0;
}

void ReplyLimiter::take(const std::string& key, int64_t now_ms) {
  if (!rate_.enabled()) return;
  Bucket& b = refill(key, now_ms);
  b.tokens = std::max(0.0, b.tokens - 1.0);
}

void ReplyLimiter::forget_full(int64_t now_ms) {
  if (now_ms - last_sweep_ms_ < 60'000) return;
  last_sweep_ms_ = now_ms;
  std::erase_if(buckets_, [&](const auto& kv) {
    const Bucket& b = kv.second;
    return b.tokens + (now_ms - b.at_ms) * rate_.per_hour / kMsPerHour >= rate_.burst;
  });
}

}  // namespace chorus::answer
