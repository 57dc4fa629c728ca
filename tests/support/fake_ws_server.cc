#include "support/fake_ws_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "stream/net/websocket_client.h"

namespace chorus::testing {

void send_all(int fd, std::string_view bytes) {
  (void)::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
}

int accept_websocket(int listen_fd, std::string* target) {
  target->clear();
  int c = ::accept(listen_fd, nullptr, nullptr);
  std::string head;
  char buf[4096];
  while (head.find("\r\n\r\n") == std::string::npos) {
    ssize_t n = ::recv(c, buf, sizeof buf, 0);
    if (n <= 0) return c;
    head.append(buf, static_cast<size_t>(n));
  }
  *target = head.substr(4, head.find(' ', 4) - 4);
  size_t k = head.find("Sec-WebSocket-Key: ") + 19;
  std::string key = head.substr(k, head.find("\r\n", k) - k);
  send_all(c,
           "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
           "Sec-WebSocket-Accept: " +
               stream::net::websocket_accept(key) + "\r\n\r\n");
  return c;
}

FakeWsServer::FakeWsServer() {
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  (void)::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
  (void)::listen(fd_, 4);
  socklen_t len = sizeof a;
  ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
  port_ = ntohs(a.sin_port);
}

FakeWsServer::~FakeWsServer() {
  closing_.store(true);
  if (thread_.joinable()) thread_.join();
  ::close(fd_);
}

std::string FakeWsServer::url(const std::string& target) const {
  return "ws://127.0.0.1:" + std::to_string(port_) + target;
}

std::vector<std::string> FakeWsServer::targets() const {
  std::lock_guard<std::mutex> lock(mu_);
  return targets_;
}

// Returns the accepted socket after the handshake, or -1 when closing before a client came.
int FakeWsServer::accept_and_upgrade() {
  pollfd p{fd_, POLLIN, 0};
  while (!closing_.load()) {
    if (::poll(&p, 1, 50) > 0) break;
  }
  if (closing_.load()) return -1;
  std::string target;
  int c = accept_websocket(fd_, &target);
  if (!target.empty()) {
    std::lock_guard<std::mutex> lock(mu_);
    targets_.push_back(target);
  }
  return c;
}

void FakeWsServer::serve(std::vector<std::vector<std::string>> script, bool hold_last) {
  thread_ = std::thread([this, script = std::move(script), hold_last] {
    for (size_t i = 0; i < script.size(); ++i) {
      int c = accept_and_upgrade();
      if (c < 0) return;
      for (const std::string& m : script[i])
        send_all(c, stream::net::encode_ws_frame(stream::net::WsOpcode::kText, m, nullptr));
      if (hold_last && i + 1 == script.size()) {
        while (!closing_.load()) ::usleep(20'000);
      }
      ::close(c);
    }
  });
}

}  // namespace chorus::testing
