// RatePacer: paces a stream at R posts per second of real time, against an Env's monotonic
// clock (so tests can drive it with a fake clock). Post n (counted from 0) is due
// n / R seconds after start(); a caller that falls behind waits for nothing until it has
// caught up, so the long-run rate stays R. Not thread-safe.
#pragma once

#include <cstdint>

#include "base/env.h"

namespace chorus::sim {

class RatePacer {
 public:
  // rate: posts per second, > 0.
  RatePacer(Env* env, double rate);

  // Starts the clock: post 0 is due now.
  void start();
  // Nanoseconds until post `n` is due; <= 0 when it is due already.
  int64_t ns_until(uint64_t n) const;
  // Sleeps (through the Env) until post `n` is due.
  void wait_for(uint64_t n);

 private:
  Env* env_;
  double ns_per_post_;
  int64_t start_ns_ = 0;
};

}  // namespace chorus::sim
