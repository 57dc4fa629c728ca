#include "stream/net/http_stream.h"

#include <cctype>
#include <charconv>

namespace chorus::stream::net {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

Status ChunkedDecoder::feed(std::string_view in, std::string* out) {
  size_t i = 0;
  while (i < in.size() && state_ != State::kDone) {
    if (state_ == State::kData) {
      size_t take = static_cast<size_t>(std::min<uint64_t>(left_, in.size() - i));
      out->append(in.substr(i, take));
      i += take;
      left_ -= take;
      if (left_ == 0) state_ = State::kDataEnd;
      continue;
    }
    char c = in[i++];
    if (c != '\n') {
      if (line_.size() > 1024) return invalid_argument("chunked encoding: line too long");
      line_.push_back(c);
      continue;
    }
    std::string_view line = line_;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (state_ == State::kSize) {
      std::string_view hex = line.substr(0, line.find(';'));
      uint64_t size = 0;
      auto [p, ec] = std::from_chars(hex.data(), hex.data() + hex.size(), size, 16);
      if (ec != std::errc() || hex.empty())
        return invalid_argument("chunked encoding: bad chunk size '" + std::string(line) + "'");
      left_ = size;
      state_ = size == 0 ? State::kTrailer : State::kData;
    } else if (state_ == State::kDataEnd) {
      if (!line.empty()) return invalid_argument("chunked encoding: missing CRLF after chunk");
      state_ = State::kSize;
    } else if (state_ == State::kTrailer && line.empty()) {
      state_ = State::kDone;
    }
    line_.clear();
  }
  return Status::ok();
}

Result<std::unique_ptr<HttpStream>> HttpStream::open(const Url& url, const Headers& headers,
                                                     int timeout_ms) {
  CHORUS_ASSIGN_OR_RETURN(auto conn,
                          Connection::connect(url.host, url.port, url.tls(), timeout_ms));
  std::string req = "GET " + url.target + " HTTP/1.1\r\nHost: " + url.host +
                    "\r\nUser-Agent: chorus\r\nConnection: keep-alive\r\n";
  for (const auto& [k, v] : headers) req += k + ": " + v + "\r\n";
  req += "\r\n";
  CHORUS_RETURN_IF_ERROR(conn->write_all(req));
  std::string head;
  char tmp[4096];
  size_t end;
  while ((end = head.find("\r\n\r\n")) == std::string::npos) {
    if (head.size() > 64 * 1024) return unavailable("http: response head too large");
    CHORUS_ASSIGN_OR_RETURN(size_t n, conn->read(tmp, sizeof tmp));
    if (n == 0) return unavailable("http: connection closed before the response head");
    head.append(tmp, n);
  }
  std::string body = head.substr(end + 4);
  head.resize(end);
  std::string status = head.substr(0, head.find("\r\n"));
  if (status.size() < 12 || status.compare(9, 3, "200") != 0)
    return unavailable("http: server answered '" + status + "'");
  bool chunked = lower(head).find("\r\ntransfer-encoding: chunked") != std::string::npos;
  return std::unique_ptr<HttpStream>(new HttpStream(std::move(conn), chunked, std::move(body)));
}

Result<size_t> HttpStream::read(std::string* out) {
  size_t before = out->size();
  while (out->size() == before) {
    std::string raw;
    if (!pending_.empty()) {
      raw.swap(pending_);
    } else {
      if (chunked_ && chunks_.done()) return size_t{0};
      char tmp[64 * 1024];
      CHORUS_ASSIGN_OR_RETURN(size_t n, conn_->read(tmp, sizeof tmp));
      if (n == 0) return size_t{0};
      raw.assign(tmp, n);
    }
    if (!chunked_) {
      out->append(raw);
    } else {
      CHORUS_RETURN_IF_ERROR(chunks_.feed(raw, out));
    }
  }
  return out->size() - before;
}

}  // namespace chorus::stream::net
