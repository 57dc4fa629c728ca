// FakeWsServer: a one-thread WebSocket server on 127.0.0.1 for tests of WebSocket clients.
// serve() accepts one connection per script entry, completes the opening handshake, sends that
// entry's text frames, then closes the connection (or, with hold_last, keeps the last one open
// until the destructor). The request target of every handshake is recorded.
#pragma once

#include <atomic>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace chorus::testing {

// Accepts one connection on `listen_fd` and answers its WebSocket opening handshake; returns the
// socket and sets *target to the request target ("" when the client hung up mid-handshake).
int accept_websocket(int listen_fd, std::string* target);
// Writes all of `bytes` to `fd`, ignoring errors (the peer may be gone).
void send_all(int fd, std::string_view bytes);

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
