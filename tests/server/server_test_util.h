// TestServer: a `chorus serve` started in-process on an ephemeral loopback port over a temp data
// dir, optionally with a small random model (random_model.h), plus HTTP helpers.
#pragma once

#include <httplib.h>

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "server/server.h"
#include "support/temp_dir.h"

namespace chorus::server::testing {

// A random llama model (byte vocabulary) written once per process; its path.
const std::string& random_model_path();

class TestServer {
 public:
  // `adjust` may change the config (model, keys, limits) before the server starts.
  explicit TestServer(const std::function<void(ServeConfig&)>& adjust = {}, bool with_model = true);
  ~TestServer();

  Server& server() { return *server_; }
  int port() const { return server_->port(); }
  std::unique_ptr<httplib::Client> client() const;
  // Waits until /readyz says ready (model loaded); false after `seconds`.
  bool wait_ready(double seconds = 30);
  // A metric sample's value from /metrics ("name{labels}" exactly as rendered), or -1.
  double metric(const std::string& series);

  const std::string& data_dir() const { return dir_.path(); }

 private:
  chorus::testing::TempDir dir_;
  std::unique_ptr<Server> server_;
};

// A canonical post JSON object for tests.
nlohmann::json make_post(const std::string& id, const std::string& text, int64_t t_ms,
                         const std::string& handle = "alice", const std::string& lang = "en");

}  // namespace chorus::server::testing
