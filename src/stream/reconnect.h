// Shared pieces of the network sources: the reconnect loop with exponential backoff and the
// batcher that hands events to a BatchConsumer by size and by age.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <functional>
#include <vector>

#include "base/env.h"
#include "base/status.h"
#include "stream/ingest_pipeline.h"

namespace chorus::stream {

struct ReconnectOptions {
  int64_t backoff_initial_ms = 500;
  int64_t backoff_max_ms = 30000;
  int max_connects = 0;  // stop after this many sessions; 0: no limit
};

// Runs session(&backoff_ms) until *stop, an error from it, or max_connects sessions; sleeps
// backoff_ms between sessions (in 50 ms steps so that stop is honoured), doubling it up to the
// maximum. A session resets *backoff_ms to the initial value once it received data.
inline Status reconnect_loop(Env* env, const ReconnectOptions& o, const std::atomic<bool>* stop,
                             const std::function<Status(int64_t* backoff_ms)>& session) {
  auto stopped = [&] { return stop && stop->load(); };
  int64_t backoff = o.backoff_initial_ms;
  for (int n = 0; !stopped() && (o.max_connects <= 0 || n < o.max_connects); ++n) {
    CHORUS_RETURN_IF_ERROR(session(&backoff));
    if (stopped() || (o.max_connects > 0 && n + 1 >= o.max_connects)) break;
    for (int64_t waited = 0; waited < backoff && !stopped(); waited += 50)
      env->sleep_ms(std::min<int64_t>(50, backoff - waited));
    backoff = std::min(backoff * 2, o.backoff_max_ms);
  }
  return Status::ok();
}

// Collects events and hands them on when batch_size is reached or the oldest waited flush_ms.
class EventBatcher {
 public:
  EventBatcher(Env* env, const BatchConsumer& consume, size_t batch_size, int64_t flush_ms)
      : env_(env), consume_(consume), batch_size_(batch_size), flush_ms_(flush_ms) {}

  std::vector<StreamEvent>& events() { return events_; }
  // Call after appending to events(); hands them on when due.
  Status maybe_flush() {
    int64_t now = env_->monotonic_ns() / 1'000'000;
    if (events_.empty()) {
      started_ms_ = now;
      return Status::ok();
    }
    if (events_.size() >= batch_size_ || now - started_ms_ >= flush_ms_) return flush();
    return Status::ok();
  }
  Status flush() {
    started_ms_ = env_->monotonic_ns() / 1'000'000;
    if (events_.empty()) return Status::ok();
    Status st = consume_(events_);
    events_.clear();
    return st;
  }

 private:
  Env* env_;
  const BatchConsumer& consume_;
  size_t batch_size_;
  int64_t flush_ms_;
  int64_t started_ms_ = 0;
  std::vector<StreamEvent> events_;
};

}  // namespace chorus::stream
