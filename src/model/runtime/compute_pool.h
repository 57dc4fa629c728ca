// ComputePool: a persistent team of threads that run one operation at a time together.
//
// run(fn) calls fn(ith, nth) once on each of the nth threads (the caller is thread 0) and
// returns when all have finished: a fork-join with a cheap barrier. Workers spin briefly on a
// generation counter and then sleep on it (std::atomic::wait), so an idle pool costs nothing
// and back-to-back operations of a forward pass do not pay a wake-up.
//
// Thread-safety: run() must be called by one thread at a time (the owner serializes). fn must
// not throw. The destructor stops and joins the workers.
#pragma once

#include <atomic>
#include <cstdint>
#include <thread>
#include <vector>

namespace chorus::model {

class ComputePool {
 public:
  explicit ComputePool(int threads);
  ~ComputePool();
  ComputePool(const ComputePool&) = delete;
  ComputePool& operator=(const ComputePool&) = delete;

  int size() const { return nth_; }

  template <typename F>
  void run(F&& fn) {
    auto thunk = [](void* ctx, int ith, int nth) { (*static_cast<F*>(ctx))(ith, nth); };
    dispatch(thunk, &fn);
  }

  // The [begin, end) share of thread ith out of nth for n items split in contiguous chunks whose
  // starts are multiples of `align` (except the first).
  static void split(int64_t n, int ith, int nth, int64_t align, int64_t* begin, int64_t* end);

 private:
  using Thunk = void (*)(void*, int, int);
  void dispatch(Thunk thunk, void* ctx);
  void worker(int ith);

  int nth_;
  Thunk thunk_ = nullptr;
  void* ctx_ = nullptr;
  alignas(64) std::atomic<uint64_t> generation_{0};
  alignas(64) std::atomic<int> pending_{0};
  alignas(64) std::atomic<int> sleepers_{0};
  std::atomic<bool> stop_{false};
  std::vector<std::thread> workers_;
};

}  // namespace chorus::model
