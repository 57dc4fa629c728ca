#include "model/runtime/memory_bandwidth.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <memory>
#include <vector>

namespace chorus::model {
namespace {

// Sum of n 64-bit words with independent accumulators, so the loop is bound by loads.
uint64_t sum_words(const uint64_t* p, size_t n) {
  uint64_t a = 0, b = 0, c = 0, d = 0;
  size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    a += p[i];
    b += p[i + 1];
    c += p[i + 2];
    d += p[i + 3];
  }
  for (; i < n; ++i) a += p[i];
  return a + b + c + d;
}

}  // namespace

double measure_read_bandwidth(ComputePool& pool, size_t bytes, int repeats) {
  const size_t words = bytes / sizeof(uint64_t);
  std::unique_ptr<uint64_t[]> buf(new uint64_t[words]);
  // First touch from the threads that will read it.
  pool.run([&](int ith, int nth) {
    int64_t b, e;
    ComputePool::split(static_cast<int64_t>(words), ith, nth, 512, &b, &e);
    for (int64_t i = b; i < e; ++i) buf[static_cast<size_t>(i)] = static_cast<uint64_t>(i);
  });
  std::vector<uint64_t> sinks(static_cast<size_t>(pool.size()));
  double best = 0;
  for (int r = 0; r < std::max(1, repeats); ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    pool.run([&](int ith, int nth) {
      int64_t b, e;
      ComputePool::split(static_cast<int64_t>(words), ith, nth, 512, &b, &e);
      sinks[static_cast<size_t>(ith)] += sum_words(buf.get() + b, static_cast<size_t>(e - b));
    });
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    best = std::max(best, static_cast<double>(words * sizeof(uint64_t)) / s / 1e9);
  }
  // Keep the sums observable so the reads are not optimized away.
  volatile uint64_t sink = 0;
  for (uint64_t v : sinks) sink = sink + v;
  return best;
}

}  // namespace chorus::model
