#include "base/thread_pool.h"

#include <algorithm>
#include <atomic>

namespace chorus {

ThreadPool::ThreadPool(size_t threads) {
  workers_.reserve(threads);
  for (size_t i = 0; i < threads; ++i) workers_.emplace_back([this] { run_worker(); });
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  for (auto& t : workers_) t.join();
}

void ThreadPool::submit(std::function<void()> task) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    queue_.push_back(std::move(task));
  }
  cv_.notify_one();
}

void ThreadPool::run_worker() {
  for (;;) {
    std::function<void()> task;
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;
      task = std::move(queue_.front());
      queue_.pop_front();
    }
    task();
  }
}

void ThreadPool::parallel_for(size_t n, const std::function<void(size_t, size_t)>& fn) {
  if (n == 0) return;
  size_t parts = std::min(n, workers_.size() + 1);
  if (parts <= 1) {
    fn(0, n);
    return;
  }
  std::atomic<size_t> remaining{parts - 1};
  std::mutex done_mu;
  std::condition_variable done_cv;
  auto bounds = [&](size_t i) { return std::pair{n * i / parts, n * (i + 1) / parts}; };
  for (size_t i = 1; i < parts; ++i) {
    submit([&, i] {
      auto [b, e] = bounds(i);
      fn(b, e);
      if (remaining.fetch_sub(1) == 1) {
        std::lock_guard<std::mutex> lock(done_mu);
        done_cv.notify_one();
      }
    });
  }
  auto [b, e] = bounds(0);
  fn(b, e);
  std::unique_lock<std::mutex> lock(done_mu);
  done_cv.wait(lock, [&] { return remaining.load() == 0; });
}

}  // namespace chorus
