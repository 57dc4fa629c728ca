#include "stream/net/connection.h"

#include <netdb.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace chorus::stream::net {

struct Connection::Tls {
  SSL_CTX* ctx = nullptr;
  SSL* ssl = nullptr;
  ~Tls() {
    if (ssl) SSL_free(ssl);
    if (ctx) SSL_CTX_free(ctx);
  }
};

namespace {

std::string ssl_error(std::string_view what) {
  unsigned long e = ERR_get_error();
  char buf[256] = "unknown error";
  if (e) ERR_error_string_n(e, buf, sizeof buf);
  return std::string(what) + ": " + buf;
}

Result<int> dial(const std::string& host, uint16_t port, int timeout_ms) {
  addrinfo hints = {};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* res = nullptr;
  int rc = ::getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &res);
  if (rc != 0) return unavailable("resolve " + host + ": " + gai_strerror(rc));
  std::string last = "no address";
  int fd = -1;
  for (addrinfo* a = res; a && fd < 0; a = a->ai_next) {
    fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) continue;
    timeval tv{timeout_ms / 1000, (timeout_ms % 1000) * 1000};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    if (::connect(fd, a->ai_addr, a->ai_addrlen) != 0) {
      last = std::strerror(errno);
      ::close(fd);
      fd = -1;
    }
  }
  ::freeaddrinfo(res);
  if (fd < 0) return unavailable("connect " + host + ":" + std::to_string(port) + ": " + last);
  return fd;
}

}  // namespace

bool is_timeout(const Status& s) {
  return s.code() == StatusCode::kUnavailable && s.message() == "read: timed out";
}

Connection::Connection(int fd, std::unique_ptr<Tls> tls) : fd_(fd), tls_(std::move(tls)) {}
Connection::~Connection() {
  close();
}

Result<std::unique_ptr<Connection>> Connection::connect(const std::string& host, uint16_t port,
                                                        bool tls, int timeout_ms) {
  CHORUS_ASSIGN_OR_RETURN(int fd, dial(host, port, timeout_ms));
  if (!tls) return std::unique_ptr<Connection>(new Connection(fd, nullptr));
  auto t = std::make_unique<Tls>();
  std::unique_ptr<Connection> conn(new Connection(fd, nullptr));
  t->ctx = SSL_CTX_new(TLS_client_method());
  if (!t->ctx) return unavailable(ssl_error("tls context"));
  SSL_CTX_set_verify(t->ctx, SSL_VERIFY_PEER, nullptr);
  SSL_CTX_set_default_verify_paths(t->ctx);
  t->ssl = SSL_new(t->ctx);
  if (!t->ssl) return unavailable(ssl_error("tls session"));
  SSL_set_tlsext_host_name(t->ssl, host.c_str());
  SSL_set1_host(t->ssl, host.c_str());
  SSL_set_fd(t->ssl, fd);
  if (SSL_connect(t->ssl) != 1) return unavailable(ssl_error("tls handshake with " + host));
  conn->tls_ = std::move(t);
  return conn;
}

Result<size_t> Connection::read(char* buf, size_t n) {
  if (fd_ < 0) return unavailable("read: connection closed");
  while (true) {
    if (tls_) {
      int r = SSL_read(tls_->ssl, buf, static_cast<int>(n));
      if (r > 0) return static_cast<size_t>(r);
      int e = SSL_get_error(tls_->ssl, r);
      if (e == SSL_ERROR_ZERO_RETURN) return size_t{0};
      if (e == SSL_ERROR_SYSCALL && errno == EINTR) continue;
      if (e == SSL_ERROR_SYSCALL && (errno == EAGAIN || errno == EWOULDBLOCK))
        return unavailable("read: timed out");
      return unavailable(ssl_error("tls read"));  // NOLINT
    }
    ssize_t r = ::recv(fd_, buf, n, 0);
    if (r >= 0) return static_cast<size_t>(r);
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) return unavailable("read: timed out");
    return unavailable(std::string("read: ") + std::strerror(errno));
  }
}

Status Connection::write_all(std::string_view data) {
  if (fd_ < 0) return unavailable("write: connection closed");
  while (!data.empty()) {
    if (tls_) {
      int w = SSL_write(tls_->ssl, data.data(), static_cast<int>(data.size()));
      if (w <= 0) return unavailable(ssl_error("tls write"));
      data.remove_prefix(static_cast<size_t>(w));
      continue;
    }
    ssize_t w = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
    if (w < 0) {
      if (errno == EINTR) continue;
      return unavailable(std::string("write: ") + std::strerror(errno));
    }
    data.remove_prefix(static_cast<size_t>(w));
  }
  return Status::ok();
}

void Connection::close() {
  if (tls_ && tls_->ssl) SSL_shutdown(tls_->ssl);
  tls_.reset();
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

}  // namespace chorus::stream::net
