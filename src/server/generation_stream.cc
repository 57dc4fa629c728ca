#include "server/generation_stream.h"

#include <chrono>

namespace chorus::server {

void GenerationStream::push(std::string_view text) {
  if (text.empty()) return;
  std::lock_guard<std::mutex> lock(mu_);
  pending_ += text;
  cv_.notify_all();
}

void GenerationStream::finish(std::string finish_reason, Usage usage) {
  std::lock_guard<std::mutex> lock(mu_);
  if (done_) return;
  finish_reason_ = std::move(finish_reason);
  usage_ = usage;
  done_ = true;
  cv_.notify_all();
}

void GenerationStream::fail(Status status) {
  std::lock_guard<std::mutex> lock(mu_);
  if (done_) return;
  status_ = std::move(status);
  finish_reason_ = "error";
  done_ = true;
  cv_.notify_all();
}

bool GenerationStream::wait(std::string* text, int64_t timeout_ms) {
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait_for(lock, std::chrono::milliseconds(timeout_ms),
               [&] { return done_ || !pending_.empty(); });
  *text += pending_;
  pending_.clear();
  return done_;
}

bool GenerationStream::done() const {
  std::lock_guard<std::mutex> lock(mu_);
  return done_;
}

}  // namespace chorus::server
