// RemotePool: generation forwarded to a pool of remote OpenAI-compatible servers (vLLM,
// llama.cpp server, another chorus).
//
// Each request goes to the healthy backend with the fewest outstanding requests (ties are
// broken round-robin) as a streamed POST /v1/chat/completions (or /v1/completions); the
// backend's SSE chunks are parsed and their text passed on through the GenerationStream as it
// arrives, with the backend's finish_reason and usage. A health thread probes every backend
// every health_interval_ms (GET /v1/models, then /health); a backend that fails a probe or a
// request (connection error, 5xx) leaves the rotation until a probe succeeds again. No healthy
// backend: kUnavailable (503). Backend URLs are "http://host:port" with an optional "/v1".
// Thread-safe; stop() cancels streams in flight and joins every thread.
#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "server/chat_backend.h"

namespace chorus::server {

struct RemotePoolOptions {
  std::vector<std::string> urls;
  std::string name = "chorus-remote";  // model id shown to clients
  int64_t health_interval_ms = 5000;
  int64_t timeout_s = 600;  // read timeout of one backend request
};

struct BackendStatus {
  std::string url;
  bool healthy = false;
  int outstanding = 0;
  std::string model;  // first id the backend's /v1/models listed
};

class RemotePool : public ChatBackend {
 public:
  static Result<std::unique_ptr<RemotePool>> create(const RemotePoolOptions& options);
  ~RemotePool() override;

  std::string model_name() const override { return options_.name; }
  Result<std::shared_ptr<GenerationStream>> generate(const GenerationRequest& request) override;
  Result<Embedding> embed(const std::string& text) override;
  size_t queue_depth() const override { return 0; }
  size_t active_sequences() const override;
  void stop() override;

  std::vector<BackendStatus> backends() const;
  // Probes every backend once now (also run by the health thread).
  void check_health();

 private:
  struct Backend {
    std::string scheme_host_port;
    BackendStatus status;
  };
  explicit RemotePool(RemotePoolOptions options);
  Result<size_t> acquire();
  void release(size_t i, bool failed);
  void run_request(size_t backend, std::string path, std::string body,
                   std::shared_ptr<GenerationStream> out);

  RemotePoolOptions options_;
  mutable std::mutex mu_;  // guards backends_ statuses, in_flight_, stopping_
  std::condition_variable cv_;
  std::vector<Backend> backends_;
  int in_flight_ = 0;
  size_t next_ = 0;  // where the search for the least-loaded backend starts (rotates ties)
  bool stopping_ = false;
  std::vector<std::shared_ptr<GenerationStream>> streams_;  // in flight, for stop()
  std::thread health_;
};

// Builds the OpenAI request body sent to a backend for `r` (streamed, with usage).
std::string remote_request_body(const GenerationRequest& r, const std::string& model);

}  // namespace chorus::server
