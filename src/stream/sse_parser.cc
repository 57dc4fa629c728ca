#include "stream/sse_parser.h"

namespace chorus::stream {

void SseParser::feed(std::string_view bytes) {
  size_t start = 0;
  for (size_t i = 0; i < bytes.size(); ++i) {
    char c = bytes[i];
    if (c != '\n' && c != '\r') continue;
    bool lf_after_cr = c == '\n' && after_cr_ && i == start && pending_.empty();
    after_cr_ = c == '\r';
    if (lf_after_cr) {  // the "\n" of a "\r\n" split or not: already ended the line
      start = i + 1;
      continue;
    }
    if (pending_.empty()) {
      line(bytes.substr(start, i - start));
    } else {
      pending_.append(bytes.substr(start, i - start));
      line(pending_);
      pending_.clear();
    }
    start = i + 1;
  }
  if (start < bytes.size()) {
    after_cr_ = false;
    if (pending_.size() < max_event_bytes_) pending_.append(bytes.substr(start));
  }
}

void SseParser::line(std::string_view l) {
  if (l.empty()) {
    dispatch();
    return;
  }
  if (l[0] == ':') return;
  size_t colon = l.find(':');
  std::string_view field = l.substr(0, colon);
  std::string_view value =
      colon == std::string_view::npos ? std::string_view() : l.substr(colon + 1);
  if (!value.empty() && value[0] == ' ') value.remove_prefix(1);
  if (field == "event") {
    event_.assign(value);
  } else if (field == "data") {
    if (data_.size() + value.size() + 1 > max_event_bytes_) {
      oversize_ = true;
      return;
    }
    if (has_data_) data_.push_back('\n');
    data_.append(value);
    has_data_ = true;
  } else if (field == "id") {
    last_id_.assign(value);
  }
}

void SseParser::dispatch() {
  if (oversize_) {
    ++dropped_;
  } else if (has_data_) {
    on_event_(event_.empty() ? std::string_view("message") : std::string_view(event_), data_);
  }
  event_.clear();
  data_.clear();
  has_data_ = false;
  oversize_ = false;
}

}  // namespace chorus::stream
