// HttpStream: a streaming HTTP/1.1 GET over a Connection (http:// or https://).
//
// open() sends the request with the given extra headers (Authorization, Accept, ...) and reads
// the response head; a status other than 200 is kUnavailable naming the status line. read()
// returns body bytes as they arrive, undoing chunked transfer encoding; 0 means the body ended.
// Timeouts behave as in Connection (is_timeout). One thread at a time.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "base/status.h"
#include "stream/net/connection.h"
#include "stream/net/url.h"

namespace chorus::stream::net {

// Incremental decoder of chunked transfer encoding (RFC 9112 section 7.1).
class ChunkedDecoder {
 public:
  // Appends the body bytes contained in `in` to `out`; malformed framing is kInvalidArgument.
  Status feed(std::string_view in, std::string* out);
  bool done() const { return state_ == State::kDone; }

 private:
  enum class State { kSize, kData, kDataEnd, kTrailer, kDone };
  State state_ = State::kSize;
  std::string line_;
  uint64_t left_ = 0;
};

class HttpStream {
 public:
  using Headers = std::vector<std::pair<std::string, std::string>>;

  static Result<std::unique_ptr<HttpStream>> open(const Url& url, const Headers& headers,
                                                  int timeout_ms);
  Result<size_t> read(std::string* out);  // appends; returns bytes appended
  void close() { conn_->close(); }

 private:
  HttpStream(std::unique_ptr<Connection> conn, bool chunked, std::string body)
      : conn_(std::move(conn)), chunked_(chunked), pending_(std::move(body)) {}

  std::unique_ptr<Connection> conn_;
  bool chunked_;
  ChunkedDecoder chunks_;
  std::string pending_;  // body bytes received with the head, not yet returned
};

}  // namespace chorus::stream::net
