// SseParser: the text/event-stream framing (WHATWG HTML, "Server-sent events").
//
// Bytes are fed in arbitrary pieces; each complete event (ended by a blank line) is delivered as
// (event type, data), with the type "message" when no `event:` field was given and multi-line
// data joined by '\n'. Comment lines (":heartbeat") and `id:`/`retry:` fields are consumed; the
// last id is kept for reconnection (Last-Event-ID). Lines end in "\n", "\r\n" or "\r".
// Events larger than max_event_bytes are dropped and counted. Not thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace chorus::stream {

class SseParser {
 public:
  using EventFn = std::function<void(std::string_view event, std::string_view data)>;

  explicit SseParser(EventFn on_event, size_t max_event_bytes = 16u << 20)
      : on_event_(std::move(on_event)), max_event_bytes_(max_event_bytes) {}

  void feed(std::string_view bytes);
  const std::string& last_event_id() const { return last_id_; }
  uint64_t dropped() const { return dropped_; }

 private:
  void line(std::string_view l);
  void dispatch();

  EventFn on_event_;
  size_t max_event_bytes_;
  std::string pending_;  // an incomplete line
  bool after_cr_ = false;
  std::string event_;
  std::string data_;
  bool has_data_ = false;
  bool oversize_ = false;
  std::string last_id_;
  uint64_t dropped_ = 0;
};

}  // namespace chorus::stream
