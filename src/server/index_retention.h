// IndexRetention: applies the index's retention options (IndexOptions::retention_age_ms,
// retention_max_posts) and counts what they dropped, for `chorus serve` and `chorus ingest`.
//
// run() calls Index::apply_retention(), so it must run on the index's one writer thread
// (index.h): in serve, the IngestQueue's maintenance task; in ingest, the thread that ingests.
// Errors are logged, counted and returned, never fatal. The counters may be read from any thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>

#include "base/env.h"
#include "base/status.h"
#include "index/index.h"

namespace chorus::server {

struct RetentionCounters {
  std::atomic<uint64_t> runs{0};
  std::atomic<uint64_t> dropped_posts{0};  // posts in the segments dropped
  std::atomic<uint64_t> errors{0};
};

class IndexRetention {
 public:
  // `index` and `env` outlive this. `interval_ms`: the least time between two run_if_due() runs.
  IndexRetention(index::Index* index, Env* env, int64_t interval_ms);

  // Writer thread only. Drops what the retention options allow; returns the posts dropped.
  Result<uint64_t> run();
  // run() when interval_ms passed since the last run (monotonic time); else nothing.
  Status run_if_due();
  // For the end of a batch run: waits (up to `wait_ms`) until the sealer has sealed every full
  // segment, since only sealed segments can be dropped, then run().
  Result<uint64_t> run_after_sealing(int64_t wait_ms);

  const RetentionCounters& counters() const { return counters_; }

 private:
  index::Index* index_;
  Env* env_;
  int64_t interval_ns_;
  int64_t last_run_ns_;
  RetentionCounters counters_;
};

// An Index that runs `retention->run_if_due()` after each write (ingest, ingest_batch, update,
// remove, apply), on the writer's thread; everything else is forwarded to `inner`.
// `retention` must have been made for `inner` and outlive the result.
std::unique_ptr<index::Index> with_periodic_retention(std::unique_ptr<index::Index> inner,
                                                      IndexRetention* retention);

}  // namespace chorus::server
