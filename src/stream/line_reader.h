// Byte sources and LineReader: records from a file or stdin, one per line.
//
// FileByteSource reads through Env::read_at; in follow mode it behaves like `tail -f`: at the
// end of the file it polls for growth every poll_ms until *stop becomes true, and starts over
// from the beginning when the file shrinks (truncated or rotated in place). FdByteSource reads a
// file descriptor (stdin for "-"); a read interrupted by a signal ends the input once *stop is
// set.
//
// LineReader splits bytes on '\n' (a trailing '\r' is dropped too) and numbers lines from 1.
// A line longer than max_line_bytes is not buffered whole: the reader keeps its first
// kOversizePrefixBytes, skips to its end and returns it flagged `oversize`, so that the caller
// can dead-letter it and go on. A last line without '\n' is returned at the end of input.
// The text of a line that is not oversize is followed by at least kPadding readable bytes in
// the reader's buffer (of any value), so a parser that reads ahead may parse it in place.
// Not thread-safe.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "base/env.h"
#include "base/status.h"

namespace chorus::stream {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads up to n bytes into buf; returns how many, 0 at the end of input.
  virtual Result<size_t> read(char* buf, size_t n) = 0;
  // Called by read(), on the reading thread, before it waits for input that is not there yet
  // (a followed file at its end, a pipe with nothing to read for 5 ms): what was read so far
  // can be handed on rather than held until more arrives. May be empty.
  void set_idle_callback(std::function<void()> on_idle) { on_idle_ = std::move(on_idle); }

 protected:
  void idle() const {
    if (on_idle_) on_idle_();
  }

 private:
  std::function<void()> on_idle_;
};

struct FollowOptions {
  bool follow = false;
  int64_t poll_ms = 200;
  const std::atomic<bool>* stop = nullptr;  // ends following when true; may be null
};

class FileByteSource : public ByteSource {
 public:
  FileByteSource(Env* env, std::string path, FollowOptions follow = {});
  Result<size_t> read(char* buf, size_t n) override;
  uint64_t offset() const { return offset_; }

 private:
  bool stopped() const { return follow_.stop && follow_.stop->load(); }

  Env* env_;
  std::string path_;
  FollowOptions follow_;
  uint64_t offset_ = 0;
};

class FdByteSource : public ByteSource {
 public:
  explicit FdByteSource(int fd, const std::atomic<bool>* stop = nullptr) : fd_(fd), stop_(stop) {}
  Result<size_t> read(char* buf, size_t n) override;

 private:
  int fd_;
  const std::atomic<bool>* stop_;
};

struct Line {
  std::string_view text;  // valid until the next call to LineReader::next
  int64_t number = 0;     // 1-based
  bool oversize = false;  // text holds only the first kOversizePrefixBytes of the line
  uint64_t bytes = 0;     // the full length of the line, without its terminator
};

class LineReader {
 public:
  static constexpr size_t kOversizePrefixBytes = 4096;
  static constexpr size_t kPadding = 64;

  LineReader(std::unique_ptr<ByteSource> source, size_t max_line_bytes = 16u << 20);
  // Fills `line` and returns true, or returns false at the end of input.
  Result<bool> next(Line* line);
  // See ByteSource::set_idle_callback: runs inside next() before it waits for input.
  void set_idle_callback(std::function<void()> on_idle) {
    source_->set_idle_callback(std::move(on_idle));
  }

 private:
  Result<size_t> fill();
  Result<bool> skip_oversize(Line* line);

  std::unique_ptr<ByteSource> source_;
  size_t max_line_bytes_;
  std::string buf_;
  size_t begin_ = 0;  // unread bytes are buf_[begin_, end_)
  size_t end_ = 0;
  bool eof_ = false;
  int64_t number_ = 0;
  std::string prefix_;  // the kept start of an oversize line
};

}  // namespace chorus::stream
