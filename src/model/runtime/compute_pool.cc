#include "model/runtime/compute_pool.h"

#include <algorithm>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define CHORUS_CPU_RELAX() _mm_pause()
#else
#define CHORUS_CPU_RELAX() ((void)0)
#endif

namespace chorus::model {
namespace {
// Spins before sleeping: long enough to bridge the gap between two operations of one forward
// pass (microseconds), short enough not to burn a shared core while idle.
constexpr int kSpinIterations = 20000;
}  // namespace

ComputePool::ComputePool(int threads) : nth_(std::max(1, threads)) {
  for (int i = 1; i < nth_; ++i) workers_.emplace_back([this, i] { worker(i); });
}

ComputePool::~ComputePool() {
  stop_.store(true, std::memory_order_release);
  generation_.fetch_add(1, std::memory_order_acq_rel);
  generation_.notify_all();
  for (auto& t : workers_) t.join();
}

void ComputePool::split(int64_t n, int ith, int nth, int64_t align, int64_t* begin, int64_t* end) {
  const int64_t units = (n + align - 1) / align;
  const int64_t per = units / nth, extra = units % nth;
  const int64_t u0 = ith * per + std::min<int64_t>(ith, extra);
  const int64_t u1 = u0 + per + (ith < extra ? 1 : 0);
  *begin = std::min(n, u0 * align);
  *end = std::min(n, u1 * align);
}

void ComputePool::dispatch(Thunk thunk, void* ctx) {
  if (nth_ == 1) {
    thunk(ctx, 0, 1);
    return;
  }
  thunk_ = thunk;
  ctx_ = ctx;
  pending_.store(nth_ - 1, std::memory_order_relaxed);
  // Workers that observe the new generation also see thunk_, ctx_ and pending_. The increment
  // and the sleepers_ load are seq_cst, pairing with the worker's sleepers_ increment and
  // generation_ re-load: either we see the sleeper and notify, or it sees the new generation.
  generation_.fetch_add(1);
  if (sleepers_.load() > 0) generation_.notify_all();
  thunk(ctx, 0, nth_);
  for (int spins = 0; pending_.load(std::memory_order_acquire) != 0; ++spins) {
    if (spins < kSpinIterations) {
      CHORUS_CPU_RELAX();
    } else {
      std::this_thread::yield();
    }
  }
}

void ComputePool::worker(int ith) {
  uint64_t seen = 0;
  for (;;) {
    uint64_t g = generation_.load(std::memory_order_acquire);
    for (int spins = 0; g == seen && spins < kSpinIterations; ++spins) {
      CHORUS_CPU_RELAX();
      g = generation_.load(std::memory_order_acquire);
    }
    if (g == seen) {
      sleepers_.fetch_add(1);
      // Re-check after announcing sleep so a dispatch that missed the announcement is seen.
      while ((g = generation_.load()) == seen) generation_.wait(seen);
      sleepers_.fetch_sub(1, std::memory_order_acq_rel);
    }
    seen = g;
    if (stop_.load(std::memory_order_acquire)) return;
    thunk_(ctx_, ith, nth_);
    pending_.fetch_sub(1, std::memory_order_acq_rel);
  }
}

}  // namespace chorus::model
