// SourceRunner: the configured post source, on its own thread, feeding the IngestQueue.
//
//   simulator            sim::Simulator paced in real time at --sim-rate posts/s (plus its
//                        bursts); ids get the run's start time as a prefix ("r<ms>-s1-42", and
//                        the same for reply/quote/repost references) so that a restarted
//                        server does not regenerate ids it already holds
//   jsonl:PATH           canonical JSON lines, following the file as it grows (tail -f)
//   mastodon:URL         a Mastodon streaming API URL (SSE), reconnecting with backoff
//   xv2:URL              an X API v2 filtered stream URL (JSON lines), reconnecting
//   kafka:BROKERS/TOPIC  a consumer group "chorus"; offsets committed after durable ingest
//   jetstream:URL        a Bluesky Jetstream subscription (ws:// or wss://), reconnecting with
//                        backoff and resuming from the cursor of the last event it saw
//   none                 no source: posts arrive through POST /api/posts only
// Records a decoder rejects go to the dead-letter sink. stop() ends the thread promptly.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <thread>

#include "base/env.h"
#include "base/status.h"
#include "server/ingest_queue.h"
#include "stream/dead_letter_sink.h"
#include "stream/stream_event.h"

namespace chorus::server {

struct SourceOptions {
  std::string spec = "simulator";
  double sim_rate = 20;
  uint64_t sim_seed = 1;
};

class SourceRunner {
 public:
  // Checks the spec (kInvalidArgument, kUnimplemented) and starts the thread.
  static Result<std::unique_ptr<SourceRunner>> start(Env* env, const SourceOptions& options,
                                                     IngestQueue* ingest,
                                                     stream::DeadLetterSink* dead);
  ~SourceRunner();
  void stop();
  uint64_t posts() const { return posts_.load(); }
  // The last error of the source ("" when none), for logs and tests.
  std::string last_error() const;

 private:
  SourceRunner(Env* env, SourceOptions options, IngestQueue* ingest, stream::DeadLetterSink* dead);
  void run();
  Status run_simulator();
  Status run_jsonl(const std::string& path);
  Status run_http(const std::string& format, const std::string& url);
  Status run_kafka(const std::string& spec);
  Status run_jetstream(const std::string& url);
  Status ingest_events(std::vector<stream::StreamEvent>& events, const std::string& source,
                       bool durable);
  Status ingest_changes(std::vector<stream::StreamEvent>& events, const std::string& source,
                        bool durable);
  void sleep_unless_stopped(int64_t ms);

  Env* env_;
  SourceOptions options_;
  IngestQueue* ingest_;
  stream::DeadLetterSink* dead_;
  std::atomic<bool> stop_{false};
  std::atomic<uint64_t> posts_{0};
  int64_t jetstream_cursor_ = 0;  // time_us of the last Jetstream event seen
  mutable std::mutex mu_;
  std::string last_error_;
  std::thread thread_;
};

}  // namespace chorus::server
