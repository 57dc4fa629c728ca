// Small measurement helpers shared by the index benchmark parts.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <string>
#include <vector>

namespace chorus::bench {

// CPU time of the calling thread, in ms.
inline double thread_cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

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
  // Posts per CPU second: Chorus counts its writer thread inside ingest_batch plus background
  // sealing; Xapian its one indexing thread.
  double ingest_cpu_posts_per_s = 0;
  uint64_t segment_posts = 0;
  // Chorus only: index bytes per post by kind (sum = index_bytes_per_post).
  double postings_bytes_per_post = 0, columns_bytes_per_post = 0, id_map_bytes_per_post = 0,
         dictionary_bytes_per_post = 0;
  // Chorus only: reopening the data dir (replay) after close.
  double replay_posts_per_s = 0, replay_s = 0;
  double replay_cpu_posts_per_s = 0;  // per CPU second of the thread that opens the index
  // Chorus only: reopening with the segment files ignored (whole log re-analyzed); 0 if skipped.
  double replay_log_posts_per_s = 0;
  double freshness_p50_ms = 0, freshness_p99_ms = 0;
  double query_p50_ms = 0, query_p99_ms = 0;
  double query_cpu_p50_ms = 0, query_cpu_p99_ms = 0;  // thread CPU per query
  double index_bytes_per_post = 0;
  uint64_t peak_rss_bytes = 0;
  uint64_t segments = 0;
  double avg_hits = 0;
};

}  // namespace chorus::bench
