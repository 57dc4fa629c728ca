#include "stream/net/websocket_client.h"

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <cstring>

namespace chorus::stream::net {
namespace {

constexpr std::string_view kGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

std::string base64(const unsigned char* data, size_t n) {
  std::string out(4 * ((n + 2) / 3), '\0');
  int len =
      EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, static_cast<int>(n));
  out.resize(static_cast<size_t>(len));
  return out;
}

bool iequals_prefix(std::string_view line, std::string_view name) {
  if (line.size() < name.size()) return false;
  for (size_t i = 0; i < name.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(line[i])) !=
        std::tolower(static_cast<unsigned char>(name[i])))
      return false;
  return true;
}

// The value of header `name` in a response head, trimmed; "" when absent.
std::string header(std::string_view head, std::string_view name) {
  size_t pos = 0;
  while (pos < head.size()) {
    size_t end = head.find("\r\n", pos);
    std::string_view line = head.substr(pos, end == std::string_view::npos ? end : end - pos);
    if (iequals_prefix(line, name) && line.size() > name.size() && line[name.size()] == ':') {
      std::string_view v = line.substr(name.size() + 1);
      while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
      while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
      return std::string(v);
    }
    if (end == std::string_view::npos) break;
    pos = end + 2;
  }
  return "";
}

}  // namespace

std::string websocket_accept(std::string_view key) {
  std::string s = std::string(key) + std::string(kGuid);
  unsigned char digest[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>(s.data()), s.size(), digest);
  return base64(digest, sizeof digest);
}

std::string encode_ws_frame(WsOpcode op, std::string_view payload, const uint8_t* mask) {
  std::string f;
  f.push_back(static_cast<char>(0x80 | static_cast<uint8_t>(op)));
  uint8_t mask_bit = mask ? 0x80 : 0;
  size_t n = payload.size();
  if (n < 126) {
    f.push_back(static_cast<char>(mask_bit | n));
  } else if (n <= 0xFFFF) {
    f.push_back(static_cast<char>(mask_bit | 126));
    f.push_back(static_cast<char>(n >> 8));
    f.push_back(static_cast<char>(n & 0xFF));
  } else {
    f.push_back(static_cast<char>(mask_bit | 127));
    for (int i = 7; i >= 0; --i) f.push_back(static_cast<char>((uint64_t{n} >> (8 * i)) & 0xFF));
  }
  if (!mask) return f.append(payload);
  f.append(reinterpret_cast<const char*>(mask), 4);
  for (size_t i = 0; i < n; ++i) f.push_back(static_cast<char>(payload[i] ^ mask[i % 4]));
  return f;
}

Result<std::unique_ptr<WebSocketClient>> WebSocketClient::connect(const Url& url, Options options) {
  CHORUS_ASSIGN_OR_RETURN(auto conn,
                          Connection::connect(url.host, url.port, url.tls(), options.timeout_ms));
  unsigned char nonce[16];
  RAND_bytes(nonce, sizeof nonce);
  std::string key = base64(nonce, sizeof nonce);
  bool default_port = url.port == (url.tls() ? 443 : 80);
  std::string req = "GET " + url.target + " HTTP/1.1\r\nHost: " + url.host +
                    (default_port ? "" : ":" + std::to_string(url.port)) +
                    "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key +
                    "\r\nSec-WebSocket-Version: 13\r\nUser-Agent: chorus\r\n\r\n";
  CHORUS_RETURN_IF_ERROR(conn->write_all(req));
  std::string head;
  char tmp[4096];
  size_t end;
  while ((end = head.find("\r\n\r\n")) == std::string::npos) {
    if (head.size() > 64 * 1024) return unavailable("websocket handshake: response head too large");
    CHORUS_ASSIGN_OR_RETURN(size_t n, conn->read(tmp, sizeof tmp));
    if (n == 0) return unavailable("websocket handshake: connection closed");
    head.append(tmp, n);
  }
  std::string leftover = head.substr(end + 4);
  head.resize(end);
  std::string status_line = head.substr(0, head.find("\r\n"));
  if (status_line.find(" 101") == std::string::npos)
    return unavailable("websocket handshake: server answered '" + status_line + "'");
  if (header(head, "Sec-WebSocket-Accept") != websocket_accept(key))
    return unavailable("websocket handshake: wrong Sec-WebSocket-Accept");
  return std::unique_ptr<WebSocketClient>(
      new WebSocketClient(std::move(conn), options, std::move(leftover)));
}

Status WebSocketClient::need(size_t n) {
  char tmp[64 * 1024];
  while (buf_.size() < n) {
    CHORUS_ASSIGN_OR_RETURN(size_t got, conn_->read(tmp, sizeof tmp));
    if (got == 0) return unavailable("websocket: connection closed mid-frame");
    buf_.append(tmp, got);
  }
  return Status::ok();
}

Status WebSocketClient::send(WsOpcode op, std::string_view payload) {
  uint8_t mask[4];
  RAND_bytes(mask, sizeof mask);
  return conn_->write_all(encode_ws_frame(op, payload, mask));
}

Status WebSocketClient::send_text(std::string_view text) {
  return send(WsOpcode::kText, text);
}

Result<bool> WebSocketClient::read(std::string* out) {
  out->clear();
  while (!closed_) {
    CHORUS_RETURN_IF_ERROR(need(2));
    auto b0 = static_cast<uint8_t>(buf_[0]), b1 = static_cast<uint8_t>(buf_[1]);
    bool fin = b0 & 0x80;
    auto op = static_cast<WsOpcode>(b0 & 0x0F);
    bool masked = b1 & 0x80;
    uint64_t len = b1 & 0x7F;
    size_t header = 2;
    if (len >= 126) {
      size_t ext = len == 126 ? 2 : 8;
      CHORUS_RETURN_IF_ERROR(need(2 + ext));
      len = 0;
      for (size_t i = 0; i < ext; ++i) len = (len << 8) | static_cast<uint8_t>(buf_[2 + i]);
      header += ext;
    }
    if (len > options_.max_message_bytes || out->size() + len > options_.max_message_bytes)
      return resource_exhausted("websocket: message over " +
                                std::to_string(options_.max_message_bytes) + " bytes");
    size_t mask_at = header;
    if (masked) header += 4;
    CHORUS_RETURN_IF_ERROR(need(header + len));
    std::string payload = buf_.substr(header, len);
    if (masked)
      for (size_t i = 0; i < payload.size(); ++i) payload[i] ^= buf_[mask_at + i % 4];
    buf_.erase(0, header + len);
    switch (op) {
      case WsOpcode::kPing:
        CHORUS_RETURN_IF_ERROR(send(WsOpcode::kPong, payload));
        continue;
      case WsOpcode::kPong:
        continue;
      case WsOpcode::kClose:
        (void)send(WsOpcode::kClose, payload.substr(0, 2));
        closed_ = true;
        conn_->close();
        return false;
      case WsOpcode::kText:
      case WsOpcode::kBinary:
      case WsOpcode::kContinuation:
        out->append(payload);
        break;
      default:
        return unavailable("websocket: unknown opcode " + std::to_string(b0 & 0x0F));
    }
    if (fin) return true;
  }
  return false;
}

void WebSocketClient::close() {
  if (closed_) return;
  closed_ = true;
  (void)send(WsOpcode::kClose, std::string_view("\x03\xe8", 2));
  conn_->close();
}

}  // namespace chorus::stream::net
