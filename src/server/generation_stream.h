// GenerationStream: the channel between a generating backend (the local scheduler thread, or a
// remote backend's reader) and the HTTP thread that answers the request.
//
// The producer pushes text pieces and ends the stream once with finish() or fail(); the
// consumer takes pieces with wait() and may cancel() at any time (a client that disconnected);
// the producer polls cancelled() and stops work on it. Thread-safe: one producer thread and one
// consumer thread at a time.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>

#include "base/status.h"

namespace chorus::server {

struct Usage {
  int64_t prompt_tokens = 0;
  int64_t completion_tokens = 0;
  int64_t cached_tokens = 0;  // prompt tokens whose KV was reused
};

class GenerationStream {
 public:
  // Producer side.
  void push(std::string_view text);
  void finish(std::string finish_reason, Usage usage);
  void fail(Status status);
  bool cancelled() const { return cancelled_.load(std::memory_order_acquire); }

  // Consumer side. Waits up to timeout_ms for text or the end; appends new text to *text.
  // Returns true once the stream ended (all text delivered); then finish_reason()/usage()/
  // status() are final.
  bool wait(std::string* text, int64_t timeout_ms);
  void cancel() { cancelled_.store(true, std::memory_order_release); }
  bool done() const;

  const std::string& finish_reason() const { return finish_reason_; }
  const Usage& usage() const { return usage_; }
  const Status& status() const { return status_; }

 private:
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::string pending_;
  bool done_ = false;
  std::string finish_reason_;
  Usage usage_;
  Status status_;
  std::atomic<bool> cancelled_{false};
};

}  // namespace chorus::server
