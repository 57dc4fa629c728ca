// JetstreamSource: a live Bluesky Jetstream subscription over WebSocket (ws:// or wss://).
//
// run() connects to the URL (which should ask for wantedCollections=app.bsky.feed.post),
// decodes each message with a JetstreamDecoder, dead-letters rejections (line = null) and hands
// events to the BatchConsumer in batches (at batch_size events, every flush_ms, and when the
// connection ends). When the connection fails or closes it reconnects after a backoff that
// starts at backoff_initial_ms and doubles up to backoff_max_ms (reset once a message arrives),
// resuming with `cursor=<time_us of the last event>` so nothing between is missed (the event at
// the cursor may come again; ingest is idempotent by post id). A server silent for
// idle_timeout_ms counts as a failed connection.
// Thread-safety: one thread calls run(); `stop` may be set from any thread and is honoured
// within about poll_ms.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

#include "base/env.h"
#include "base/status.h"
#include "stream/dead_letter_sink.h"
#include "stream/ingest_pipeline.h"
#include "stream/jetstream_decoder.h"

namespace chorus::stream {

struct JetstreamSourceOptions {
  std::string url =
      "wss://jetstream2.us-east.bsky.network/subscribe?wantedCollections=app.bsky.feed.post";
  int64_t cursor = 0;  // time_us to resume from; 0: live
  int64_t backoff_initial_ms = 500;
  int64_t backoff_max_ms = 30000;
  int64_t idle_timeout_ms = 30000;
  int poll_ms = 250;
  size_t batch_size = 256;
  int64_t flush_ms = 200;
  int max_connects = 0;  // stop after this many connection attempts; 0: no limit
};

struct JetstreamSourceStats {
  uint64_t connects = 0;  // successful handshakes
  uint64_t failures = 0;  // failed attempts and broken connections
  uint64_t messages = 0;
  uint64_t dead_lettered = 0;
  std::string last_error;  // why the last attempt or connection failed
};

class JetstreamSource {
 public:
  JetstreamSource(Env* env, JetstreamSourceOptions options)
      : env_(env), options_(std::move(options)), cursor_(options_.cursor) {}

  // Runs until *stop, the consumer fails (its error is returned), or max_connects is reached.
  Status run(DeadLetterSink* dead_letters, const BatchConsumer& consume,
             const std::atomic<bool>* stop);
  int64_t cursor() const { return cursor_; }
  JetstreamSourceStats stats() const { return stats_; }

 private:
  // One connection's life; returns the consumer's error, or ok when the connection ended.
  Status session(DeadLetterSink* dead, const BatchConsumer& consume, const std::atomic<bool>* stop,
                 int64_t* backoff_ms);

  Env* env_;
  JetstreamSourceOptions options_;
  JetstreamDecoder decoder_;
  int64_t cursor_;
  JetstreamSourceStats stats_;
};

}  // namespace chorus::stream
