#include "server/server.h"

#include <httplib.h>
#include <spdlog/spdlog.h>

#include <sys/socket.h>

#include <chrono>
#include <csignal>

#include "server/backend_metrics.h"
#include "server/http_util.h"
#include "server/index_retention.h"
#include "server/local_engine.h"
#include "server/remote_pool.h"
#include "server/source_runner.h"

namespace chorus::server {

// Built-in route groups (chorus_api.cc, openai_api.cc, ops_api.cc).
void install_chorus_api(Server& server);
void install_openai_api(Server& server);
void install_ops_api(Server& server);

namespace {

// The accept queue of the listening socket. Debian's libcpp-httplib is a compiled library whose
// listen() uses its built-in backlog of 5 whatever CPPHTTPLIB_LISTEN_BACKLOG says when we compile
// against its header; a burst of new connections then overflows the queue and the kernel drops
// their handshakes or first requests (clients stall for the 1 s retransmit or fail with a read
// error). start() listens again with this backlog, which Linux applies to the bound socket.
constexpr int kListenBacklog = 1024;

std::vector<RouteModuleFactory>& factories() {
  static std::vector<RouteModuleFactory> f;
  return f;
}

// The headers the official OpenAI SDKs send, beyond the CORS-safelisted ones.
bool allowed_request_header(std::string h) {
  for (char& c : h) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  static const char* kAllowed[] = {"authorization",  "content-type",  "openai-organization",
                                   "openai-project", "openai-beta",   "accept",
                                   "user-agent",     "last-event-id", "cache-control"};
  if (h.starts_with("x-stainless-")) return true;
  for (const char* a : kAllowed)
    if (h == a) return true;
  return false;
}

}  // namespace

int register_route_module(RouteModuleFactory factory) {
  factories().push_back(std::move(factory));
  return static_cast<int>(factories().size());
}

const std::vector<RouteModuleFactory>& route_module_factories() {
  return factories();
}

Server::Server(ServeConfig config, Env* env)
    : config_(std::move(config)),
      env_(env),
      auth_(config_.api_keys, config_.require_auth),
      limiter_(config_.rate_limit_rps, config_.rate_limit_burst) {}

Server::~Server() {
  shutdown();
}

Result<std::unique_ptr<Server>> Server::create(ServeConfig config, Env* env) {
  CHORUS_RETURN_IF_ERROR(validate_config(config));
  std::unique_ptr<Server> s(new Server(std::move(config), env));
  CHORUS_RETURN_IF_ERROR(s->open());
  return s;
}

Status Server::open() {
  // A client that hangs up mid-response must fail the write, not kill the process.
  std::signal(SIGPIPE, SIG_IGN);
  CHORUS_RETURN_IF_ERROR(env_->create_dirs(config_.data_dir));
  index::RecoveryReport report;
  index::IndexOptions io;
  io.retention_age_ms = config_.retention_age_ms;
  io.retention_max_posts = config_.retention_posts;
  if (config_.segment_posts > 0) io.segment_posts = config_.segment_posts;
  CHORUS_ASSIGN_OR_RETURN(
      index_, index::Index::open(env_, join_path(config_.data_dir, "index"), io, &report));
  for (const std::string& m : report.messages) spdlog::warn("index recovery: {}", m);
  spdlog::info("index open: {} records replayed, {} posts", report.records, index_->stats().posts);
  dead_letters_ = std::make_unique<stream::DeadLetterSink>(
      env_, join_path(config_.data_dir, "dead_letters.jsonl"));
  ingest_ = std::make_unique<IngestQueue>(
      index_.get(), 64, [this](std::span<const Post> posts) { feed_.publish(posts); });
  retention_ = std::make_unique<IndexRetention>(index_.get(), env_, config_.retention_interval_ms);
  if (config_.retention_age_ms > 0 || config_.retention_posts > 0) {
    spdlog::info("index retention: age {} ms, {} posts (0: unlimited), every {} ms",
                 config_.retention_age_ms, config_.retention_posts, config_.retention_interval_ms);
    ingest_->set_maintenance(config_.retention_interval_ms,
                             [r = retention_.get()] { (void)r->run(); });
  }
  if (auth_.has_keys()) {
    spdlog::info("auth: {} API key(s); write endpoints need a key{}", config_.api_keys.size(),
                 config_.require_auth ? ", and so does every other route" : "");
  } else {
    spdlog::warn("auth: no API key configured; write endpoints accept loopback clients only");
  }
  register_metrics();
  http_ = std::make_unique<httplib::Server>();
  install_http_hooks();
  install_ops_api(*this);
  install_chorus_api(*this);
  install_openai_api(*this);
  for (const auto& f : factories()) add_module(f());
  // The source starts after the modules, so that ingest hooks they install (the trust layer)
  // see every post.
  SourceOptions so{config_.source, config_.sim_rate, config_.sim_seed};
  CHORUS_ASSIGN_OR_RETURN(source_,
                          SourceRunner::start(env_, so, ingest_.get(), dead_letters_.get()));
  if (!config_.llm_urls.empty()) {
    RemotePoolOptions ro;
    ro.urls = config_.llm_urls;
    ro.health_interval_ms = config_.health_interval_ms;
    if (!config_.model_name.empty()) ro.name = config_.model_name;
    CHORUS_ASSIGN_OR_RETURN(auto pool, RemotePool::create(ro));
    std::lock_guard<std::mutex> lock(backend_mu_);
    backend_ = std::move(pool);
  }
  if (!config_.model.empty()) {
    model_loading_.store(true);
    model_loader_ = std::thread([this] { load_model(); });
  } else {
    ready_.store(true);
  }
  return Status::ok();
}

void Server::load_model() {
  LocalEngineOptions lo;
  lo.path = config_.model;
  lo.name = config_.model_name;
  lo.threads = config_.threads;
  lo.parallel = config_.parallel;
  lo.context = config_.context;
  lo.max_queue = config_.max_queue;
  Result<std::unique_ptr<LocalEngine>> engine = LocalEngine::load(lo);
  if (!engine.is_ok()) {
    spdlog::error("model {}: {}", config_.model, engine.status().to_string());
    model_loading_.store(false);
    return;
  }
  spdlog::info("model {} loaded: {} sequences of {} positions", (*engine)->model_name(),
               config_.parallel, (*engine)->context());
  {
    std::lock_guard<std::mutex> lock(backend_mu_);
    backend_ = std::move(engine).value();
  }
  model_loading_.store(false);
  ready_.store(!stopping_.load());
}

void Server::register_metrics() {
  metrics_.add_callback("chorus_posts_indexed_total", "Posts newly indexed since start", "counter",
                        [this] { return static_cast<double>(ingest_->counters().indexed.load()); });
  metrics_.add_callback(
      "chorus_posts_duplicate_total", "Posts ignored as duplicates", "counter",
      [this] { return static_cast<double>(ingest_->counters().duplicates.load()); });
  metrics_.add_callback("chorus_posts_edited_total", "Posts replaced by an edit", "counter",
                        [this] { return static_cast<double>(ingest_->counters().edits.load()); });
  metrics_.add_callback("chorus_posts_deleted_total", "Posts deleted", "counter",
                        [this] { return static_cast<double>(ingest_->counters().deletes.load()); });
  metrics_.add_callback("chorus_index_posts", "Posts in the index", "gauge",
                        [this] { return static_cast<double>(index_->stats().posts); });
  const RetentionCounters& rc = retention_->counters();
  metrics_.add_callback("chorus_index_retention_runs_total", "Index retention passes", "counter",
                        [&rc] { return static_cast<double>(rc.runs.load()); });
  metrics_.add_callback("chorus_index_retention_dropped_posts_total",
                        "Posts dropped by index retention (whole segments)", "counter",
                        [&rc] { return static_cast<double>(rc.dropped_posts.load()); });
  metrics_.add_callback("chorus_index_retention_errors_total", "Index retention passes that failed",
                        "counter", [&rc] { return static_cast<double>(rc.errors.load()); });
  metrics_.add_callback("chorus_index_bytes_on_disk", "Index log and segment files, bytes", "gauge",
                        [this] { return static_cast<double>(index_->stats().bytes_on_disk); });
  metrics_.add_callback(
      "chorus_dead_letters_total", "Records rejected to the dead-letter file", "counter", [this] {
        return static_cast<double>(dead_letters_->count() + ingest_->counters().rejected.load());
      });
  metrics_.add_callback("chorus_ingest_queue_depth", "Batches waiting for the index writer",
                        "gauge", [this] { return static_cast<double>(ingest_->depth()); });
  register_backend_metrics(metrics_, [this] { return chat_backend(); });
  metrics_.add_callback("chorus_stream_subscribers", "Clients of GET /api/stream", "gauge",
                        [this] { return static_cast<double>(feed_.subscribers()); });
  metrics_.add_callback("chorus_ready", "1 when the index is open and the model loaded", "gauge",
                        [this] { return ready() ? 1.0 : 0.0; });
}

void Server::install_http_hooks() {
  http_->new_task_queue = [n = config_.http_threads] {
    return new httplib::ThreadPool(static_cast<size_t>(n));
  };
  http_->set_payload_max_length(config_.max_body_bytes);
  // SO_REUSEADDR only: httplib's default also sets SO_REUSEPORT, with which a second server binds
  // the same port and the kernel silently hands it half of the new connections.
  http_->set_socket_options([this](int sock) {
    const int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    listen_socket_ = sock;
  });
  http_->set_keep_alive_max_count(1000);
  http_->set_tcp_nodelay(true);  // small SSE chunks and replies must not wait for Nagle
  http_->set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    if (!config_.cors_origins.empty() && req.has_header("Origin")) {
      const std::string origin = req.get_header_value("Origin");
      const auto& o = config_.cors_origins;
      if (std::find(o.begin(), o.end(), "*") != o.end()) {
        res.set_header("Access-Control-Allow-Origin", "*");
      } else if (std::find(o.begin(), o.end(), origin) != o.end()) {
        res.set_header("Access-Control-Allow-Origin", origin);
        res.set_header("Vary", "Origin");
      }
      res.set_header("Access-Control-Expose-Headers", "Retry-After, X-Request-Id");
    }
    if (req.method != "OPTIONS") return httplib::Server::HandlerResponse::Unhandled;
    std::string allowed;
    for (const std::string& h : split_list(req.get_header_value("Access-Control-Request-Headers")))
      if (allowed_request_header(h)) allowed += (allowed.empty() ? "" : ", ") + h;
    res.set_header("Access-Control-Allow-Methods", "GET, POST, DELETE, OPTIONS");
    res.set_header("Access-Control-Allow-Headers",
                   allowed.empty() ? "Authorization, Content-Type" : allowed);
    res.set_header("Access-Control-Max-Age", "600");
    res.status = 204;
    return httplib::Server::HandlerResponse::Handled;
  });
  http_->set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;
    if (res.status == 413) {
      send_error(res, 413, "request body too large", "", "request_too_large");
    } else if (res.status == 404) {
      send_error(res, 404, "no route for " + req.method + " " + req.path, "", "not_found");
    } else {
      send_error(res, res.status, "HTTP error " + std::to_string(res.status));
    }
  });
  http_->set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
        std::string what = "unknown error";
        try {
          std::rethrow_exception(ep);
        } catch (const std::exception& e) {
          what = e.what();
        } catch (...) {
        }
        spdlog::error("handler exception: {}", what);
        send_error(res, 500, "internal error: " + what);
      });
}

void Server::add_route(Method method, const std::string& pattern, Access access, Handler handler) {
  wrap_and_add(method, pattern, access, std::move(handler));
}

void Server::wrap_and_add(Method method, const std::string& pattern, Access access,
                          Handler handler) {
  auto wrapped = [this, pattern, access, handler = std::move(handler)](const httplib::Request& req,
                                                                       httplib::Response& res) {
    const int64_t t0 = env_->monotonic_ns();
    AuthDecision d = auth_.check(access, req.get_header_value("Authorization"), req.remote_addr);
    if (d.http_status != 200) {
      send_error(res, d.http_status, d.message, "",
                 d.http_status == 401 ? "invalid_api_key" : "forbidden");
    } else if (double wait = access == Access::kPublic ? 0 : limiter_.acquire(d.identity, t0);
               wait > 0) {
      set_retry_after(res, wait);
      send_error(res, 429, "rate limit exceeded; retry later", "", "rate_limit_exceeded");
    } else {
      handler(req, res);
    }
    const double seconds = static_cast<double>(env_->monotonic_ns() - t0) / 1e9;
    // A handler that set only a content provider leaves the status to httplib's default.
    const std::string code = std::to_string(res.status == -1 ? 200 : res.status);
    metrics_.inc("chorus_http_requests_total", "HTTP requests by route and status",
                 {{"route", pattern}, {"code", code}});
    metrics_.observe("chorus_http_request_duration_seconds",
                     "Time to the response headers (whole body when not streamed), by route",
                     {{"route", pattern}}, seconds);
    spdlog::debug("{} {} {} {:.1f}ms", req.method, req.path, code, seconds * 1e3);
  };
  switch (method) {
    case Method::kGet:
      http_->Get(pattern, wrapped);
      break;
    case Method::kPost:
      http_->Post(pattern, wrapped);
      break;
    case Method::kDelete:
      http_->Delete(pattern, wrapped);
      break;
  }
}

void Server::add_chat_model(const std::string& name, std::shared_ptr<ChatBackend> backend) {
  std::lock_guard<std::mutex> lock(backend_mu_);
  models_[name] = std::move(backend);
}

void Server::add_module(std::unique_ptr<RouteModule> module) {
  Status s = module->install(*this);
  if (!s.is_ok()) {
    spdlog::error("route module {}: {}", module->name(), s.to_string());
    return;
  }
  spdlog::info("route module {} installed", module->name());
  modules_.push_back(std::move(module));
}

std::shared_ptr<ChatBackend> Server::chat_backend(const std::string& model) const {
  std::lock_guard<std::mutex> lock(backend_mu_);
  if (auto it = models_.find(model); it != models_.end()) return it->second;
  return backend_;
}

std::vector<std::string> Server::chat_model_names() const {
  std::lock_guard<std::mutex> lock(backend_mu_);
  std::vector<std::string> names;
  if (backend_) names.push_back(backend_->model_name());
  for (const auto& [name, b] : models_)
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  return names;
}

Status Server::start() {
  const int port = config_.port == 0
                       ? http_->bind_to_any_port(config_.host)
                       : (http_->bind_to_port(config_.host, config_.port) ? config_.port : -1);
  if (port < 0)
    return io_error("cannot listen on " + config_.host + ":" + std::to_string(config_.port) +
                    " (is another server using the port?)");
  port_ = port;
  if (listen_socket_ < 0 || ::listen(listen_socket_, kListenBacklog) != 0)
    spdlog::warn("cannot raise the listen backlog to {}: new connections may stall under bursts",
                 kListenBacklog);
  listener_ = std::thread([this] {
    http_->listen_after_bind();
    listener_done_.store(true);
  });
  // httplib's stop() does nothing before the listener runs: had shutdown() come first, the
  // listener would then block in accept() and shutdown() would wait for it forever.
  while (!http_->is_running() && !listener_done_.load())
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  spdlog::info("listening on http://{}:{}", config_.host, port_);
  return Status::ok();
}

void Server::wait() {
  std::unique_lock<std::mutex> lock(shutdown_mu_);
  shutdown_cv_.wait(lock, [&] { return shut_down_; });
}

void Server::shutdown() {
  std::unique_lock<std::mutex> lock(shutdown_mu_);
  if (shut_down_) return;
  spdlog::info("shutting down");
  stopping_.store(true);
  ready_.store(false);
  if (http_) http_->stop();  // stop accepting; the listener joins its workers when they end
  feed_.close();
  for (auto& m : modules_) m->stop();
  if (model_loader_.joinable()) model_loader_.join();
  std::shared_ptr<ChatBackend> backend;
  std::map<std::string, std::shared_ptr<ChatBackend>> models;
  {
    std::lock_guard<std::mutex> l(backend_mu_);
    backend = backend_;
    models = models_;
  }
  if (backend) backend->stop();
  for (auto& [name, b] : models) b->stop();
  if (listener_.joinable()) listener_.join();
  if (source_) source_->stop();
  if (ingest_) ingest_->stop();
  if (dead_letters_) {
    Status s = dead_letters_->close();
    if (!s.is_ok()) spdlog::error("dead letters: {}", s.to_string());
  }
  if (index_) {
    Status s = index_->close();
    if (!s.is_ok()) spdlog::error("closing the index: {}", s.to_string());
  }
  spdlog::info("stopped");
  spdlog::default_logger()->flush();
  shut_down_ = true;
  shutdown_cv_.notify_all();
}

}  // namespace chorus::server
