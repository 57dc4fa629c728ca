// ThreadPool: a fixed set of worker threads for background and parallel work.
//
// submit() queues a task; parallel_for() splits [0, n) into contiguous chunks run on the
// workers and the caller, and returns when all are done. Thread-safe. The destructor finishes
// queued tasks and joins. (The LLM runtime keeps its own spin-barrier pool for per-operation
// synchronization; this one is for coarse work.)
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace chorus {

class ThreadPool {
 public:
  explicit ThreadPool(size_t threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  size_t size() const { return workers_.size(); }
  void submit(std::function<void()> task);
  // Runs fn(begin, end) over chunks covering [0, n); blocks until every chunk has run.
  void parallel_for(size_t n, const std::function<void(size_t, size_t)>& fn);

 private:
  void run_worker();

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> queue_;
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace chorus
