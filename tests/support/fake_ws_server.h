// FakeWsServer: a one-thread WebSocket server on 127.0.0.1 for tests of WebSocket clients.
// serve() accepts one connection per script entry, completes the opening handshake, sends that
// entry's text frames, then closes the connection (or, with hold_last, keeps the last one open
// until the destructor). The request target of every handshake is recorded.
#pragma once

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace chorus::testing {

class FakeWsServer {
 public:
  FakeWsServer();
  ~FakeWsServer();
  int port() const { return port_; }
  std::string url(const std::string& target = "/subscribe") const;

  // One entry per connection, each a list of text messages.
  void serve(std::vector<std::vector<std::string>> script, bool hold_last = false);
  std::vector<std::string> targets() const;

 private:
  int accept_and_upgrade();

  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> closing_{false};
  mutable std::mutex mu_;
  std::vector<std::string> targets_;
  std::thread thread_;
};

}  // namespace chorus::testing
