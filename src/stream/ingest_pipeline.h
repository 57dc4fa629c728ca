// IngestPipeline: lines -> decoder -> batches of events -> a consumer, with dead-lettering.
//
// Each line of the LineReader is one record. Blank lines are ignored. A record the decoder
// rejects, and an oversize line, goes to the DeadLetterSink with its line number and reason;
// the rest goes on. Events are handed to the consumer in batches of up to batch_size.
//
// Threads: with `threaded`, reading and decoding run on a second thread and the consumer runs
// on the caller's thread, joined by a bounded queue of queue_batches batches (the machine's two
// cores: one decodes, one indexes). Otherwise everything runs on the caller's thread. The
// progress callback runs on the caller's thread about every progress_interval_ms.
// stats() may be called from any thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <vector>

#include "base/env.h"
#include "base/status.h"
#include "stream/dead_letter_sink.h"
#include "stream/decoder.h"
#include "stream/line_reader.h"

namespace chorus::stream {

struct PipelineOptions {
  size_t batch_size = 1024;
  size_t queue_batches = 8;
  bool threaded = true;
  int64_t progress_interval_ms = 250;
  // Set to true when the consumer fails, so that a reader following a file stops too (pass the
  // same flag in FollowOptions::stop). May be null.
  std::atomic<bool>* stop = nullptr;
  // Called on each batch by the thread that decoded it, before the consumer gets it (so with
  // `threaded`, concurrently with the consumer's previous batches): per-record work that needs
  // no ordering, e.g. TrustState::prepare. May be empty.
  std::function<void(std::vector<StreamEvent>&)> prepare;
};

struct PipelineStats {
  uint64_t records = 0;        // non-blank lines read
  uint64_t bytes = 0;          // bytes of those lines
  uint64_t posts = 0;          // kPost events
  uint64_t edits = 0;          // kEdit events
  uint64_t deletes = 0;        // kDelete events
  uint64_t skipped = 0;        // records the decoder ignored by design
  uint64_t dead_lettered = 0;  // records (or items of a multi-item record) rejected
};

// Consumes one batch (which it may move from); a non-ok Status stops the pipeline.
using BatchConsumer = std::function<Status(std::vector<StreamEvent>& batch)>;
using ProgressFn = std::function<void(const PipelineStats&)>;

class IngestPipeline {
 public:
  IngestPipeline(Env* env, LineReader* reader, Decoder* decoder, DeadLetterSink* dead_letters,
                 PipelineOptions options = {});

  // Runs until the input ends; returns the first error of the reader, the dead-letter file or
  // the consumer (the other thread is stopped and joined first). Flushes the dead letters.
  Status run(const BatchConsumer& consume, const ProgressFn& progress = {});
  PipelineStats stats() const;

 private:
  struct Counters {
    std::atomic<uint64_t> records{0}, bytes{0}, posts{0}, edits{0}, deletes{0}, skipped{0}, dead{0};
  };
  // Reads and decodes everything, calling emit(batch) for each full batch and the last one.
  // Stops early when emit returns false.
  Status produce(const std::function<bool(std::vector<StreamEvent>&)>& emit);
  Status decode_line(const Line& line, DecodeOutput* out);
  Status dead_letter_items(const Line& line, DecodeOutput* out);
  void count(DecodeOutput& out, size_t first, int64_t line);
  Status run_inline(const BatchConsumer& consume, const ProgressFn& progress);
  Status run_threaded(const BatchConsumer& consume, const ProgressFn& progress);

  Env* env_;
  LineReader* reader_;
  Decoder* decoder_;
  DeadLetterSink* dead_;
  PipelineOptions options_;
  Counters counters_;
};

}  // namespace chorus::stream
