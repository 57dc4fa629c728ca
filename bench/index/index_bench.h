// The index benchmark: one synthetic corpus (see corpus.h) indexed by Chorus and by Xapian in
// the same run, printed as one JSON object:
//   posts, ingest_posts_per_s (one writer, log group commit every <= 10 ms), freshness_p50_ms /
//   freshness_p99_ms (ingest returned -> found by a concurrent reader, writer at 50k posts/s),
//   query_p50_ms / query_p99_ms (2-3 Zipf-drawn terms, half AND half OR, top-10 by score, while
//   a writer ingests at 50k posts/s), index_bytes_per_post (in-memory index, excluding stored
//   text), peak_rss_bytes, segments, xapian {...same fields where they apply} and
//   ratio_ingest_vs_xapian. Xapian indexes min(posts, xapian_posts) posts.
#pragma once

#include <cstdint>
#include <string>

#include "base/status.h"

namespace chorus::bench {

struct IndexBenchOptions {
  uint64_t posts = 200'000;
  uint64_t xapian_posts = 200'000;  // 0: skip Xapian
  int queries = 1000;
  uint32_t segment_posts = 1u << 18;
  std::string dir;  // scratch directory; a fresh temporary one when empty
};

// Runs the benchmark and returns the JSON object (one line).
Result<std::string> run_index_bench(const IndexBenchOptions& options);

}  // namespace chorus::bench
