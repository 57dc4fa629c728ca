// The index benchmark: one synthetic corpus (see corpus.h) indexed by Chorus and by Xapian in
// the same run, printed as one JSON object:
//   posts, ingest_posts_per_s (one writer, ingest_batch of kBenchIngestBatch posts, log group
//   commit every <= 10 ms) and ingest_cpu_posts_per_s (per CPU second), freshness_p50_ms /
//   freshness_p99_ms (ingest returned -> found by a concurrent reader, writer at 50k posts/s),
//   query_p50_ms / query_p99_ms and query_cpu_* (2-3 Zipf-drawn terms, half AND half OR, top-10
//   by score, while a writer ingests at 50k posts/s), index_bytes_per_post (in-memory index,
//   excluding stored text, every full segment sealed) and bytes_per_post {postings, columns,
//   id_map, dictionaries}, peak_rss_bytes, segments, segment_posts, replay_posts_per_s /
//   replay_s (reopening the closed data dir: segment files loaded, the rest of the log
//   replayed; replay_cpu_posts_per_s per CPU second of the opening thread),
//   replay_log_posts_per_s (reopening with the segment files ignored, every post
//   re-analyzed; runs of <= 1M posts only, else 0), xapian {...the same fields where they apply}
//   and the ratios ratio_ingest_vs_xapian, ratio_ingest_cpu_vs_xapian and
//   ratio_query_cpu_p99_xapian_over_ours. Xapian indexes min(posts, xapian_posts) posts (a
//   prefix of the same corpus); its queries run on the committed database with no writer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "base/status.h"

namespace chorus::bench {

// Posts per ingest_batch call in the bulk ingest phase (one writer; see index.h).
inline constexpr size_t kBenchIngestBatch = 512;

struct IndexBenchOptions {
  uint64_t posts = 200'000;
  uint64_t xapian_posts = 200'000;  // 0: skip Xapian
  int queries = 1000;
  // Active segment size; 0 picks a power of two near posts / 3 within [2^14, 2^20], so that the
  // memory figure is taken with several sealed segments and one active one.
  uint32_t segment_posts = 0;
  std::string dir;  // scratch directory; a fresh temporary one when empty
};

// Runs the benchmark and returns the JSON object (one line).
Result<std::string> run_index_bench(const IndexBenchOptions& options);

}  // namespace chorus::bench
