// WorkSharing: runs fn(i) for i in [0, n) on the calling thread and one helper thread, which
// claim indexes from a shared counter. The caller never waits for the helper to wake up: if the
// helper is slow to be scheduled (a busy machine), the caller claims every index itself and
// waits only for the one index the helper may be in the middle of.
// Thread-safety: start()/finish() from one thread at a time (the index writer); fn must be safe
// to call concurrently for different indexes.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>

namespace chorus::index {

class WorkSharing {
 public:
  WorkSharing();
  ~WorkSharing();
  WorkSharing(const WorkSharing&) = delete;
  WorkSharing& operator=(const WorkSharing&) = delete;

  // Offers fn(0..n-1) to the helper; the caller may do other work, then must call finish().
  // n < 2^32.
  void start(size_t n, std::function<void(size_t)> fn);
  // Runs the unclaimed indexes on the caller and returns once every fn(i) has returned.
  void finish();

 private:
  void helper_loop();
  // Claims the next index of generation gen; false when none is left (or gen is over).
  bool claim(uint32_t gen, size_t* index);
  void drain(uint32_t gen, const std::function<void(size_t)>& fn);

  std::mutex mu_;
  std::condition_variable cv_;
  uint32_t gen_ = 0;  // guarded by mu_: the job the helper should look at
  bool stop_ = false;
  std::function<void(size_t)> fn_;  // guarded by mu_
  std::atomic<uint64_t> next_{0};   // (generation << 32) | next unclaimed index
  std::atomic<size_t> done_{0};     // indexes finished in the current generation
  std::atomic<size_t> total_{0};    // indexes in the current generation
  std::thread helper_;
};

}  // namespace chorus::index
