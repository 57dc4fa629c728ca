#include "stream/line_reader.h"

#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace chorus::stream {
namespace {

constexpr size_t kReadChunk = 1u << 20;
constexpr int kIdleAfterMs = 5;

}  // namespace

FileByteSource::FileByteSource(Env* env, std::string path, FollowOptions follow)
    : env_(env), path_(std::move(path)), follow_(follow) {}

Result<size_t> FileByteSource::read(char* buf, size_t n) {
  while (true) {
    auto data = env_->read_at(path_, offset_, n);
    if (!data) return data.status();
    if (!data->empty()) {
      std::memcpy(buf, data->data(), data->size());
      offset_ += data->size();
      return data->size();
    }
    if (!follow_.follow || stopped()) return size_t{0};
    auto size = env_->file_size(path_);
    if (size && *size < offset_) {
      offset_ = 0;  // truncated or replaced: read the new content from its start
      continue;
    }
    idle();
    env_->sleep_ms(follow_.poll_ms);
    if (stopped()) return size_t{0};
  }
}

Result<size_t> FdByteSource::read(char* buf, size_t n) {
  // Idle when nothing arrives for kIdleAfterMs: a fast writer's pipe is often empty for a moment,
  // and handing on a batch at each such moment would cut the stream into tiny batches.
  pollfd p{.fd = fd_, .events = POLLIN, .revents = 0};
  if (::poll(&p, 1, 0) == 0 && ::poll(&p, 1, kIdleAfterMs) == 0) idle();
  while (true) {
    ssize_t r = ::read(fd_, buf, n);
    if (r >= 0) return static_cast<size_t>(r);
    if (errno == EINTR) {
      if (stop_ && stop_->load()) return size_t{0};
      continue;
    }
    return io_error(std::string("read from fd ") + std::to_string(fd_) + ": " +
                    std::strerror(errno));
  }
}

LineReader::LineReader(std::unique_ptr<ByteSource> source, size_t max_line_bytes)
    : source_(std::move(source)), max_line_bytes_(max_line_bytes) {}

// Moves the unread bytes to the front, grows the buffer when needed, reads one chunk; kPadding
// bytes past the data always stay in the buffer.
Result<size_t> LineReader::fill() {
  if (begin_ > 0) {
    std::memmove(buf_.data(), buf_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  if (buf_.size() < end_ + kReadChunk + kPadding) buf_.resize(end_ + kReadChunk + kPadding);
  auto n = source_->read(buf_.data() + end_, kReadChunk);
  if (!n) return n.status();
  if (*n == 0) eof_ = true;
  end_ += *n;
  return *n;
}

Result<bool> LineReader::skip_oversize(Line* line) {
  prefix_.assign(buf_.data() + begin_, std::min(kOversizePrefixBytes, end_ - begin_));
  uint64_t bytes = 0;
  while (true) {
    const char* start = buf_.data() + begin_;
    const void* nl = std::memchr(start, '\n', end_ - begin_);
    if (nl) {
      size_t len = static_cast<const char*>(nl) - start;
      bytes += len;
      begin_ += len + 1;
      break;
    }
    bytes += end_ - begin_;
    begin_ = end_ = 0;
    if (eof_) break;
    auto n = fill();
    if (!n) return n.status();
  }
  line->text = prefix_;
  line->number = ++number_;
  line->oversize = true;
  line->bytes = bytes;
  return true;
}

Result<bool> LineReader::next(Line* line) {
  size_t scanned = 0;  // bytes of the current partial line already searched for '\n'
  while (true) {
    const char* start = buf_.data() + begin_;
    size_t avail = end_ - begin_;
    const void* nl =
        avail > scanned ? std::memchr(start + scanned, '\n', avail - scanned) : nullptr;
    if (nl || (eof_ && avail > 0)) {
      size_t len = nl ? static_cast<size_t>(static_cast<const char*>(nl) - start) : avail;
      if (len > max_line_bytes_) return skip_oversize(line);
      begin_ += nl ? len + 1 : len;
      line->bytes = len;
      if (len > 0 && start[len - 1] == '\r') --len;
      line->text = std::string_view(start, len);
      line->number = ++number_;
      line->oversize = false;
      return true;
    }
    if (eof_) return false;
    scanned = avail;
    if (avail > max_line_bytes_) return skip_oversize(line);
    auto n = fill();
    if (!n) return n.status();
  }
}

}  // namespace chorus::stream
