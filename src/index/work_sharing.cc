#include "index/work_sharing.h"

namespace chorus::index {

WorkSharing::WorkSharing() : helper_([this] { helper_loop(); }) {}

WorkSharing::~WorkSharing() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  helper_.join();
}

void WorkSharing::start(size_t n, std::function<void(size_t)> fn) {
  std::lock_guard<std::mutex> lock(mu_);
  ++gen_;
  fn_ = std::move(fn);
  total_.store(n, std::memory_order_relaxed);
  done_.store(0, std::memory_order_relaxed);
  next_.store(uint64_t{gen_} << 32, std::memory_order_release);
  cv_.notify_one();
}

bool WorkSharing::claim(uint32_t gen, size_t* index) {
  uint64_t cur = next_.load(std::memory_order_acquire);
  for (;;) {
    if (static_cast<uint32_t>(cur >> 32) != gen ||
        static_cast<uint32_t>(cur) >= total_.load(std::memory_order_relaxed))
      return false;
    if (next_.compare_exchange_weak(cur, cur + 1, std::memory_order_acq_rel)) {
      *index = static_cast<uint32_t>(cur);
      return true;
    }
  }
}

void WorkSharing::drain(uint32_t gen, const std::function<void(size_t)>& fn) {
  size_t i;
  while (claim(gen, &i)) {
    fn(i);
    done_.fetch_add(1, std::memory_order_release);
  }
}

void WorkSharing::finish() {
  uint32_t gen;
  std::function<void(size_t)> fn;
  {
    std::lock_guard<std::mutex> lock(mu_);
    gen = gen_;
    fn = fn_;
  }
  drain(gen, fn);
  // Only an index the helper claimed can still be running.
  const size_t total = total_.load(std::memory_order_relaxed);
  while (done_.load(std::memory_order_acquire) < total) std::this_thread::yield();
}

void WorkSharing::helper_loop() {
  uint32_t seen = 0;
  for (;;) {
    std::function<void(size_t)> fn;
    uint32_t gen;
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [&] { return stop_ || gen_ != seen; });
      if (stop_) return;
      gen = seen = gen_;
      fn = fn_;
    }
    drain(gen, fn);
  }
}

}  // namespace chorus::index
