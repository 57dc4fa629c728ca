#include "stream/sim/rate_pacer.h"

namespace chorus::sim {

RatePacer::RatePacer(Env* env, double rate) : env_(env), ns_per_post_(1e9 / rate) {}

void RatePacer::start() {
  start_ns_ = env_->monotonic_ns();
}

int64_t RatePacer::ns_until(uint64_t n) const {
  const auto due = start_ns_ + static_cast<int64_t>(static_cast<double>(n) * ns_per_post_);
  return due - env_->monotonic_ns();
}

void RatePacer::wait_for(uint64_t n) {
  for (int64_t left = ns_until(n); left > 0; left = ns_until(n))
    env_->sleep_ms(left >= 1000000 ? left / 1000000 : 1);
}

}  // namespace chorus::sim
