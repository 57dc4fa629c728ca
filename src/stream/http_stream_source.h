// HttpStreamSource: a long-lived streaming HTTP(S) GET whose body is a sequence of lines, fed
// one per record to a Decoder, with reconnection.
//
// It serves the Mastodon streaming API (SSE: the MastodonDecoder understands "event:" and
// "data:" lines; heartbeat comments are ignored) and the X API v2 filtered stream (one JSON
// object per line; keep-alive blank lines are ignored), e.g.
//   url https://mastodon.social/api/v1/streaming/public, header Authorization: Bearer <token>
//   url https://api.x.com/2/tweets/search/stream?expansions=author_id,referenced_tweets.id
//       &tweet.fields=created_at,entities,public_metrics,referenced_tweets,lang
//       &user.fields=created_at,public_metrics,verified, header Authorization: Bearer <token>
// Rejected records are dead-lettered (line = null); events go to the BatchConsumer in batches
// (by size and age, and when a connection ends). A failed or closed connection is retried with
// exponential backoff; a server silent for idle_timeout_ms counts as a broken connection.
// Neither API replays missed events on reconnect, so a gap is possible (reported in stats).
// Thread-safety: one thread calls run(); `stop` may be set from any thread.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "base/env.h"
#include "stream/dead_letter_sink.h"
#include "stream/decoder.h"
#include "stream/ingest_pipeline.h"

namespace chorus::stream {

struct HttpStreamSourceOptions {
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  int64_t backoff_initial_ms = 1000;
  int64_t backoff_max_ms = 60000;
  int64_t idle_timeout_ms = 60000;
  int poll_ms = 250;
  size_t batch_size = 256;
  int64_t flush_ms = 200;
  size_t max_line_bytes = 16u << 20;
  int max_connects = 0;  // 0: no limit
};

struct HttpStreamSourceStats {
  uint64_t connects = 0;
  uint64_t failures = 0;
  uint64_t records = 0;
  uint64_t dead_lettered = 0;
  uint64_t skipped = 0;
  std::string last_error;
};

class HttpStreamSource {
 public:
  HttpStreamSource(Env* env, HttpStreamSourceOptions options, std::unique_ptr<Decoder> decoder)
      : env_(env), options_(std::move(options)), decoder_(std::move(decoder)) {}

  Status run(DeadLetterSink* dead_letters, const BatchConsumer& consume,
             const std::atomic<bool>* stop);
  const HttpStreamSourceStats& stats() const { return stats_; }

 private:
  Status session(DeadLetterSink* dead, const BatchConsumer& consume, const std::atomic<bool>* stop,
                 int64_t* backoff_ms);
  Status record(std::string_view line, DeadLetterSink* dead, DecodeOutput* out);

  Env* env_;
  HttpStreamSourceOptions options_;
  std::unique_ptr<Decoder> decoder_;
  HttpStreamSourceStats stats_;
};

}  // namespace chorus::stream
