#include "server/server_test_util.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "model/runtime/random_model.h"

namespace chorus::server::testing {

const std::string& random_model_path() {
  static chorus::testing::TempDir* dir = new chorus::testing::TempDir();  // lives for the process
  static const std::string path = [] {
    model::RandomModelSpec spec;
    spec.dim = 64;
    spec.layers = 2;
    spec.heads = 4;
    spec.kv_heads = 2;
    spec.ffn = 128;
    spec.context = 4096;
    spec.threads = 1;
    const std::string p = dir->file("tiny.gguf");
    Status s = model::write_random_model(spec, p);
    EXPECT_TRUE(s.is_ok()) << s.to_string();
    return p;
  }();
  return path;
}

TestServer::TestServer(const std::function<void(ServeConfig&)>& adjust, bool with_model) {
  ServeConfig c;
  c.port = 0;
  c.data_dir = dir_.file("data");
  c.source = "none";
  c.parallel = 2;
  c.threads = 1;
  c.context = 512;
  c.http_threads = 16;
  c.log_level = "warn";
  if (with_model) c.model = random_model_path();
  if (adjust) adjust(c);
  auto s = Server::create(c, Env::posix());
  if (!s.is_ok()) ADD_FAILURE() << s.status().to_string();
  server_ = std::move(s).value();
  Status st = server_->start();
  EXPECT_TRUE(st.is_ok()) << st.to_string();
}

TestServer::~TestServer() {
  if (server_) server_->shutdown();
}

std::unique_ptr<httplib::Client> TestServer::client() const {
  auto c = std::make_unique<httplib::Client>("127.0.0.1", port());
  c->set_read_timeout(60);
  return c;
}

bool TestServer::wait_ready(double seconds) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (std::chrono::steady_clock::now() < deadline) {
    if (server_->ready()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

double TestServer::metric(const std::string& series) {
  auto res = client()->Get("/metrics");
  if (!res || res->status != 200) return -1;
  const std::string& body = res->body;
  size_t pos = 0;
  while ((pos = body.find(series + " ", pos)) != std::string::npos) {
    if (pos == 0 || body[pos - 1] == '\n') return std::stod(body.substr(pos + series.size() + 1));
    ++pos;
  }
  return -1;
}

nlohmann::json make_post(const std::string& id, const std::string& text, int64_t t_ms,
                         const std::string& handle, const std::string& lang) {
  return {{"id", id},
          {"text", text},
          {"created_at", t_ms},
          {"lang", lang},
          {"author", {{"id", "acct-" + handle}, {"handle", handle}}}};
}

}  // namespace chorus::server::testing
