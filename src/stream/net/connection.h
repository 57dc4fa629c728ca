// Connection: a blocking TCP connection, optionally TLS (OpenSSL, certificate and host name
// verified against the system trust store).
//
// read() and write() honour the timeout given to connect() (SO_RCVTIMEO/SO_SNDTIMEO): a read
// that waits longer fails with a Status for which is_timeout() is true; the connection stays
// usable. One thread at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "base/status.h"

namespace chorus::stream::net {

// True for the Status of a read that timed out (kUnavailable "read: timed out").
bool is_timeout(const Status& s);

class Connection {
 public:
  static Result<std::unique_ptr<Connection>> connect(const std::string& host, uint16_t port,
                                                     bool tls, int timeout_ms);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Reads at least one byte (up to n); 0 means the peer closed the connection.
  Result<size_t> read(char* buf, size_t n);
  Status write_all(std::string_view data);
  void close();

 private:
  struct Tls;
  Connection(int fd, std::unique_ptr<Tls> tls);

  int fd_;
  std::unique_ptr<Tls> tls_;
};

}  // namespace chorus::stream::net
