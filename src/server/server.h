// Server: `chorus serve` — the OpenAI-compatible API, the Chorus API (ingest, search, trending,
// live SSE feed) and operations endpoints over one Index fed by one source. The public face of
// src/server.
//
// Ownership and threads: the Server owns the Index, the IngestQueue (the index's one writer
// thread, which also applies index retention every retention_interval_ms), the source thread, the
// LiveFeed, the Metrics, the chat backend (a LocalEngine loaded on a background thread, or a
// RemotePool) and the HTTP server with its worker threads. create() opens (recovers) the index and
// starts ingestion; start() binds and listens; shutdown() stops accepting, ends streams, stops the
// source, drains and syncs ingestion and closes the index. All public methods are thread-safe.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "base/env.h"
#include "base/status.h"
#include "index/index.h"
#include "server/auth.h"
#include "server/chat_backend.h"
#include "server/ingest_queue.h"
#include "server/live_feed.h"
#include "server/metrics.h"
#include "server/rate_limiter.h"
#include "server/route_module.h"
#include "server/serve_config.h"
#include "stream/dead_letter_sink.h"

namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace chorus::server {

class IndexRetention;
class SourceRunner;

using Handler = std::function<void(const httplib::Request&, httplib::Response&)>;
enum class Method { kGet, kPost, kDelete };

class Server {
 public:
  // Opens the index in <data_dir>/index and starts the source and, in the background, the
  // model. The Env supplies files and time.
  static Result<std::unique_ptr<Server>> create(ServeConfig config, Env* env);
  ~Server();

  // Binds host:port (port 0: an ephemeral port) and serves on a background thread.
  Status start();
  int port() const { return port_; }
  // Blocks until shutdown() finished (from a signal handler thread or a test).
  void wait();
  void shutdown();

  // Registers a route; `pattern` is an httplib regex ("/api/posts/(.+)"), also the metrics
  // route label. Must be called before start().
  void add_route(Method method, const std::string& pattern, Access access, Handler handler);
  // Offers `backend` under `name` on the OpenAI endpoints (the "chorus" grounded model).
  void add_chat_model(const std::string& name, std::shared_ptr<ChatBackend> backend);
  void add_module(std::unique_ptr<RouteModule> module);

  // The chat backend for a requested model id: a registered one, else the default backend
  // (null while the model is loading or when none is configured).
  std::shared_ptr<ChatBackend> chat_backend(const std::string& model = "") const;
  std::vector<std::string> chat_model_names() const;
  // True once the index is open and the model (if any) is loaded.
  bool ready() const { return ready_.load(); }
  bool model_loading() const { return model_loading_.load(); }
  bool stopping() const { return stopping_.load(); }

  const ServeConfig& config() const { return config_; }
  Env* env() const { return env_; }
  index::Index& index() { return *index_; }
  IngestQueue& ingest() { return *ingest_; }
  LiveFeed& feed() { return feed_; }
  Metrics& metrics() { return metrics_; }
  stream::DeadLetterSink* dead_letters() { return dead_letters_.get(); }

 private:
  Server(ServeConfig config, Env* env);
  Status open();
  void load_model();
  void register_metrics();
  void install_http_hooks();
  void wrap_and_add(Method method, const std::string& pattern, Access access, Handler handler);

  ServeConfig config_;
  Env* env_;
  std::unique_ptr<index::Index> index_;
  std::unique_ptr<stream::DeadLetterSink> dead_letters_;
  std::unique_ptr<IndexRetention> retention_;  // run by ingest_'s writer
  std::unique_ptr<IngestQueue> ingest_;
  LiveFeed feed_;
  Metrics metrics_;
  Auth auth_;
  RateLimiter limiter_;
  std::unique_ptr<SourceRunner> source_;
  std::unique_ptr<httplib::Server> http_;
  std::vector<std::unique_ptr<RouteModule>> modules_;

  mutable std::mutex backend_mu_;
  std::shared_ptr<ChatBackend> backend_;
  std::map<std::string, std::shared_ptr<ChatBackend>> models_;
  std::thread model_loader_;

  std::thread listener_;
  int listen_socket_ = -1;  // set by the socket-options hook while binding
  int port_ = 0;
  std::atomic<bool> ready_{false}, model_loading_{false}, stopping_{false};
  std::atomic<bool> listener_done_{false};
  std::mutex shutdown_mu_;
  bool shut_down_ = false;
  std::condition_variable shutdown_cv_;
};

}  // namespace chorus::server
