// WebSocketClient: the client side of RFC 6455 over a Connection (ws:// or wss://).
//
// connect() performs the HTTP/1.1 upgrade handshake and checks Sec-WebSocket-Accept. read()
// returns the next complete text or binary message, reassembling fragments; it answers pings
// with pongs and a close frame with a close frame, then reports the end (false). Messages over
// max_message_bytes fail with kResourceExhausted. Frames sent by the client are masked with
// random keys, as the RFC requires. One thread at a time.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "base/status.h"
#include "stream/net/connection.h"
#include "stream/net/url.h"

namespace chorus::stream::net {

enum class WsOpcode : uint8_t {
  kContinuation = 0x0,
  kText = 0x1,
  kBinary = 0x2,
  kClose = 0x8,
  kPing = 0x9,
  kPong = 0xA,
};

// One frame on the wire: FIN set, masked with `mask` when given (client to server).
std::string encode_ws_frame(WsOpcode op, std::string_view payload, const uint8_t* mask);
// Sec-WebSocket-Accept for a Sec-WebSocket-Key.
std::string websocket_accept(std::string_view key);

class WebSocketClient {
 public:
  struct Options {
    int timeout_ms = 30000;  // connect and per-read timeout (a silent server is a dead one)
    size_t max_message_bytes = 16u << 20;
  };

  static Result<std::unique_ptr<WebSocketClient>> connect(const Url& url, Options options);
  static Result<std::unique_ptr<WebSocketClient>> connect(const Url& url) {
    return connect(url, Options{});
  }

  // The next message into `out`; false when the server closed the connection.
  Result<bool> read(std::string* out);
  Status send_text(std::string_view text);
  // Sends a close frame (status 1000) and closes the connection.
  void close();

 private:
  WebSocketClient(std::unique_ptr<Connection> conn, Options options, std::string leftover)
      : conn_(std::move(conn)), options_(options), buf_(std::move(leftover)) {}
  Status need(size_t n);  // ensures buf_ holds at least n unread bytes
  Status send(WsOpcode op, std::string_view payload);

  std::unique_ptr<Connection> conn_;
  Options options_;
  std::string buf_;  // received, unparsed bytes
  bool closed_ = false;
};

}  // namespace chorus::stream::net
