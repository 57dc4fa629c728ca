// Small measurement helpers shared by the index benchmark parts.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

namespace chorus::bench {

inline double now_ms() {
  using namespace std::chrono;
  return duration<double, std::milli>(steady_clock::now().time_since_epoch()).count();
}

// The q-quantile (0..1) of samples (sorted in place); 0 when empty.
inline double quantile(std::vector<double>* v, double q) {
  if (v->empty()) return 0;
  std::sort(v->begin(), v->end());
  size_t i = std::min(v->size() - 1, static_cast<size_t>(q * static_cast<double>(v->size())));
  return (*v)[i];
}

// Peak resident set (VmHWM) in bytes, from /proc/self/status.
inline uint64_t peak_rss_bytes() {
  std::ifstream f("/proc/self/status");
  std::string line;
  while (std::getline(f, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::stoull(line.substr(6)) * 1024;
  return 0;
}

// Resets the peak RSS counter (Linux: clear_refs 5); ignored where unsupported.
inline void reset_peak_rss() {
  std::ofstream f("/proc/self/clear_refs");
  f << "5";
}

struct Measured {
  uint64_t posts = 0;
  double ingest_posts_per_s = 0;
  double freshness_p50_ms = 0, freshness_p99_ms = 0;
  double query_p50_ms = 0, query_p99_ms = 0;
  double index_bytes_per_post = 0;
  uint64_t peak_rss_bytes = 0;
  uint64_t segments = 0;
  double avg_hits = 0;
};

}  // namespace chorus::bench
