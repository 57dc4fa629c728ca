// DeadLetterSink: where rejected records go, so that bad input is reported and nothing is lost.
//
// Each rejection is one JSON object per line in the sink's file (usually
// <data-dir>/dead_letters.jsonl):
//   {"time":"2024-03-01T12:00:00.123Z","source":"jsonl","line":17,"reason":"id: missing",
//    "raw":"...","raw_bytes":123,"truncated":false}
// `line` is the 1-based line number in the input, or null when the record did not come from a
// file. `raw` is the record cut to at most Options::max_raw_bytes on a character boundary, with
// ill-formed UTF-8 replaced by U+FFFD, so the file is always valid UTF-8 JSON lines.
//
// Flush policy: entries are buffered and appended when the buffer reaches flush_bytes, when
// flush_interval_ms passed since the last write (checked on add), on flush() and on close()
// (which also syncs). The file is created on the first rejection only.
// Thread-safe: any number of threads may add() concurrently.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "base/env.h"
#include "base/status.h"

namespace chorus::stream {

struct DeadLetterOptions {
  size_t max_raw_bytes = 4096;
  size_t flush_bytes = 64 * 1024;
  int64_t flush_interval_ms = 1000;
};

class DeadLetterSink {
 public:
  DeadLetterSink(Env* env, std::string path, DeadLetterOptions options = {});
  ~DeadLetterSink();  // flushes; errors are lost, call close() to see them
  DeadLetterSink(const DeadLetterSink&) = delete;
  DeadLetterSink& operator=(const DeadLetterSink&) = delete;

  // Records one rejected record. line <= 0 means "not from a file". Fails only when the file
  // cannot be written; the entry is counted either way.
  Status add(std::string_view source, int64_t line, std::string_view reason, std::string_view raw);
  Status flush();
  Status close();

  uint64_t count() const { return count_.load(std::memory_order_relaxed); }
  const std::string& path() const { return path_; }

 private:
  Status write_locked();

  Env* const env_;
  const std::string path_;
  const DeadLetterOptions options_;
  std::atomic<uint64_t> count_{0};
  std::mutex mu_;  // guards everything below
  std::unique_ptr<WritableFile> file_;
  std::string buffer_;
  int64_t last_write_ms_ = 0;
};

// One dead-letter line (with its trailing '\n'), as written by DeadLetterSink.
std::string format_dead_letter(int64_t time_ms, std::string_view source, int64_t line,
                               std::string_view reason, std::string_view raw, size_t max_raw_bytes);

}  // namespace chorus::stream
