#include "server/remote_pool.h"

#include <httplib.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <nlohmann/json.hpp>

#include "stream/sse_parser.h"

namespace chorus::server {
namespace {

using nlohmann::json;

Result<std::string> normalize_url(const std::string& url) {
  std::string u = url;
  while (!u.empty() && u.back() == '/') u.pop_back();
  if (u.ends_with("/v1")) u.resize(u.size() - 3);
  if (!u.starts_with("http://") && !u.starts_with("https://"))
    return invalid_argument("llm-url: expected http://host:port, got " + url);
  if (u.find('/', u.find("//") + 2) != std::string::npos)
    return invalid_argument("llm-url: only http://host:port[/v1] is supported, got " + url);
  return u;
}

// Reads one SSE chunk of a chat or completion stream into the output stream.
void consume_chunk(std::string_view data, GenerationStream& out, std::string* finish,
                   Usage* usage) {
  json j = json::parse(data, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return;
  if (j.contains("choices") && j["choices"].is_array()) {
    for (const json& c : j["choices"]) {
      if (c.contains("delta") && c["delta"].is_object() && c["delta"].contains("content") &&
          c["delta"]["content"].is_string())
        out.push(c["delta"]["content"].get<std::string>());
      if (c.contains("text") && c["text"].is_string()) out.push(c["text"].get<std::string>());
      if (c.contains("finish_reason") && c["finish_reason"].is_string())
        *finish = c["finish_reason"].get<std::string>();
    }
  }
  if (j.contains("usage") && j["usage"].is_object()) {
    usage->prompt_tokens = j["usage"].value("prompt_tokens", int64_t{0});
    usage->completion_tokens = j["usage"].value("completion_tokens", int64_t{0});
  }
}

}  // namespace

std::string remote_request_body(const GenerationRequest& r, const std::string& model) {
  json j;
  j["model"] = model;
  if (r.is_chat) {
    j["messages"] = json::array();
    for (const auto& m : r.messages)
      j["messages"].push_back({{"role", m.role}, {"content", m.content}});
  } else {
    j["prompt"] = r.prompt;
  }
  if (r.max_tokens > 0) j["max_tokens"] = r.max_tokens;
  j["temperature"] = r.sampling.temperature;
  j["top_p"] = r.sampling.top_p;
  if (r.sampling.presence_penalty != 0) j["presence_penalty"] = r.sampling.presence_penalty;
  if (r.sampling.frequency_penalty != 0) j["frequency_penalty"] = r.sampling.frequency_penalty;
  if (r.seed_given) j["seed"] = r.sampling.seed;
  if (!r.stop.empty()) j["stop"] = r.stop;
  if (r.json_object) j["response_format"] = {{"type", "json_object"}};
  j["stream"] = true;
  j["stream_options"] = {{"include_usage", true}};
  return j.dump();
}

Result<std::unique_ptr<RemotePool>> RemotePool::create(const RemotePoolOptions& options) {
  if (options.urls.empty()) return invalid_argument("llm-url: no backend given");
  std::unique_ptr<RemotePool> pool(new RemotePool(options));
  for (const std::string& url : options.urls) {
    CHORUS_ASSIGN_OR_RETURN(std::string u, normalize_url(url));
    Backend b;
    b.scheme_host_port = u;
    b.status.url = url;
    pool->backends_.push_back(std::move(b));
  }
  pool->check_health();
  pool->health_ = std::thread([p = pool.get()] {
    std::unique_lock<std::mutex> lock(p->mu_);
    while (!p->stopping_) {
      p->cv_.wait_for(lock, std::chrono::milliseconds(p->options_.health_interval_ms),
                      [&] { return p->stopping_; });
      if (p->stopping_) break;
      lock.unlock();
      p->check_health();
      lock.lock();
    }
  });
  return pool;
}

RemotePool::RemotePool(RemotePoolOptions options) : options_(std::move(options)) {}

RemotePool::~RemotePool() {
  stop();
}

void RemotePool::stop() {
  std::unique_lock<std::mutex> lock(mu_);
  stopping_ = true;
  for (auto& s : streams_) s->cancel();
  cv_.notify_all();
  cv_.wait(lock, [&] { return in_flight_ == 0; });
  lock.unlock();
  if (health_.joinable()) health_.join();
}

void RemotePool::check_health() {
  std::vector<std::string> targets;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (const Backend& b : backends_) targets.push_back(b.scheme_host_port);
  }
  for (size_t i = 0; i < targets.size(); ++i) {
    httplib::Client cli(targets[i]);
    cli.set_connection_timeout(2);
    cli.set_read_timeout(5);
    bool ok = false;
    std::string model;
    if (auto res = cli.Get("/v1/models"); res && res->status == 200) {
      ok = true;
      json j = json::parse(res->body, nullptr, false);
      if (!j.is_discarded() && j.contains("data") && j["data"].is_array() && !j["data"].empty() &&
          j["data"][0].contains("id") && j["data"][0]["id"].is_string())
        model = j["data"][0]["id"].get<std::string>();
    } else if (auto h = cli.Get("/health"); h && h->status == 200) {
      ok = true;
    }
    std::lock_guard<std::mutex> lock(mu_);
    if (backends_[i].status.healthy != ok)
      spdlog::info("llm backend {} is {}", backends_[i].status.url, ok ? "healthy" : "unhealthy");
    backends_[i].status.healthy = ok;
    if (!model.empty()) backends_[i].status.model = model;
  }
}

std::vector<BackendStatus> RemotePool::backends() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<BackendStatus> out;
  for (const Backend& b : backends_) out.push_back(b.status);
  return out;
}

size_t RemotePool::active_sequences() const {
  std::lock_guard<std::mutex> lock(mu_);
  return static_cast<size_t>(in_flight_);
}

Result<size_t> RemotePool::acquire() {
  std::lock_guard<std::mutex> lock(mu_);
  if (stopping_) return unavailable("the server is shutting down");
  size_t best = backends_.size();
  const size_t start = next_++;
  for (size_t k = 0; k < backends_.size(); ++k) {
    const size_t i = (start + k) % backends_.size();
    if (!backends_[i].status.healthy) continue;
    if (best == backends_.size() ||
        backends_[i].status.outstanding < backends_[best].status.outstanding)
      best = i;
  }
  if (best == backends_.size()) return unavailable("no healthy LLM backend");
  ++backends_[best].status.outstanding;
  ++in_flight_;
  return best;
}

void RemotePool::release(size_t i, bool failed) {
  std::lock_guard<std::mutex> lock(mu_);
  --backends_[i].status.outstanding;
  if (failed && backends_[i].status.healthy) {
    backends_[i].status.healthy = false;
    spdlog::warn("llm backend {} failed a request; out of rotation", backends_[i].status.url);
  }
  --in_flight_;
  cv_.notify_all();
}

Result<std::shared_ptr<GenerationStream>> RemotePool::generate(const GenerationRequest& r) {
  CHORUS_ASSIGN_OR_RETURN(size_t b, acquire());
  std::string model;
  {
    std::lock_guard<std::mutex> lock(mu_);
    model = backends_[b].status.model.empty() ? options_.name : backends_[b].status.model;
  }
  auto out = std::make_shared<GenerationStream>();
  std::string path = r.is_chat ? "/v1/chat/completions" : "/v1/completions";
  {
    std::lock_guard<std::mutex> lock(mu_);
    streams_.push_back(out);
  }
  std::thread([this, b, path, body = remote_request_body(r, model), out]() mutable {
    run_request(b, std::move(path), std::move(body), out);
  }).detach();
  return out;
}

void RemotePool::run_request(size_t b, std::string path, std::string body,
                             std::shared_ptr<GenerationStream> out) {
  std::string target;
  {
    std::lock_guard<std::mutex> lock(mu_);
    target = backends_[b].scheme_host_port;
  }
  httplib::Client cli(target);
  cli.set_tcp_nodelay(true);
  cli.set_connection_timeout(5);
  cli.set_read_timeout(static_cast<time_t>(options_.timeout_s));
  std::string finish = "stop";
  Usage usage;
  std::string error_body;
  int status = 0;
  stream::SseParser sse([&](std::string_view, std::string_view data) {
    if (data != "[DONE]") consume_chunk(data, *out, &finish, &usage);
  });
  httplib::Request req;
  req.method = "POST";
  req.path = path;
  req.body = body;
  req.set_header("Content-Type", "application/json");
  req.set_header("Accept", "text/event-stream");
  req.response_handler = [&](const httplib::Response& res) {
    status = res.status;
    return true;
  };
  req.content_receiver = [&](const char* data, size_t n, uint64_t, uint64_t) {
    if (status != 200) {
      error_body.append(data, n);
      return error_body.size() < 65536;
    }
    sse.feed(std::string_view(data, n));
    return !out->cancelled();
  };
  auto res = cli.send(req);
  const bool cancelled = out->cancelled();
  bool failed = false;
  if (cancelled) {
    out->finish("cancelled", usage);
  } else if (!res || res.error() != httplib::Error::Success) {
    failed = true;
    out->fail(unavailable("LLM backend " + target + ": " + httplib::to_string(res.error())));
  } else if (status != 200) {
    failed = status >= 500;
    out->fail(Status(status == 429   ? StatusCode::kResourceExhausted
                     : status >= 500 ? StatusCode::kUnavailable
                                     : StatusCode::kInvalidArgument,
                     "LLM backend " + target + " answered " + std::to_string(status) + ": " +
                         error_body.substr(0, 500)));
  } else {
    out->finish(finish, usage);
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    std::erase(streams_, out);
  }
  release(b, failed);
}

Result<Embedding> RemotePool::embed(const std::string& text) {
  CHORUS_ASSIGN_OR_RETURN(size_t b, acquire());
  std::string target, model;
  {
    std::lock_guard<std::mutex> lock(mu_);
    target = backends_[b].scheme_host_port;
    model = backends_[b].status.model.empty() ? options_.name : backends_[b].status.model;
  }
  httplib::Client cli(target);
  cli.set_read_timeout(static_cast<time_t>(options_.timeout_s));
  json body = {{"model", model}, {"input", text}};
  auto res = cli.Post("/v1/embeddings", body.dump(), "application/json");
  bool failed = !res || res->status >= 500;
  release(b, failed);
  if (!res) return unavailable("LLM backend " + target + ": " + httplib::to_string(res.error()));
  if (res->status != 200)
    return Status(res->status >= 500 ? StatusCode::kUnavailable : StatusCode::kInvalidArgument,
                  "LLM backend answered " + std::to_string(res->status));
  json j = json::parse(res->body, nullptr, false);
  Embedding e;
  try {
    e.vector = j.at("data").at(0).at("embedding").get<std::vector<float>>();
    e.tokens = j.contains("usage") ? j["usage"].value("prompt_tokens", int64_t{0}) : 0;
  } catch (const std::exception& ex) {
    return unavailable(std::string("LLM backend embedding reply: ") + ex.what());
  }
  return e;
}

}  // namespace chorus::server
