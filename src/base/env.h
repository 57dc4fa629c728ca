// Env: the one door to time and files. Production code reaches the clock and the file system
// only through an Env so that tests can substitute a fake clock or inject I/O faults
// (see tests/support/fault_env.h). Env::posix() is process-wide and thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace chorus {

// An append-only file. Not thread-safe: one writer at a time.
class WritableFile {
 public:
  virtual ~WritableFile() = default;
  virtual Status append(std::string_view data) = 0;
  // Makes all appended bytes durable (fdatasync).
  virtual Status sync() = 0;
  virtual Status close() = 0;
  // Bytes in the file, including those appended and not yet synced.
  virtual uint64_t size() const = 0;
};

// A file read at arbitrary offsets. Thread-safe: any number of concurrent readers.
class RandomAccessFile {
 public:
  virtual ~RandomAccessFile() = default;
  // Reads up to `n` bytes at `offset`; fewer only at end of file.
  virtual Result<std::string> read_at(uint64_t offset, size_t n) const = 0;
};

class Env {
 public:
  virtual ~Env() = default;
  // The real clock and the POSIX file system. Never null, never destroyed.
  static Env* posix();

  // Wall-clock time in milliseconds since the Unix epoch.
  virtual int64_t now_ms() = 0;
  // A monotonic clock in nanoseconds, for measuring intervals.
  virtual int64_t monotonic_ns() = 0;
  virtual void sleep_ms(int64_t ms) = 0;

  // Opens `path` for appending, creating it when absent.
  virtual Result<std::unique_ptr<WritableFile>> open_append(const std::string& path) = 0;
  virtual Result<std::string> read_file(const std::string& path) = 0;
  // Opens `path` for reads at offsets; the handle stays valid after the file is unlinked.
  virtual Result<std::shared_ptr<RandomAccessFile>> open_random_access(const std::string& path) = 0;
  // Reads up to `n` bytes at `offset`; fewer only at end of file.
  virtual Result<std::string> read_at(const std::string& path, uint64_t offset, size_t n) = 0;
  // Names (not paths) of the entries of a directory, sorted.
  virtual Result<std::vector<std::string>> list_dir(const std::string& path) = 0;
  virtual Status create_dirs(const std::string& path) = 0;
  virtual Status remove_file(const std::string& path) = 0;
  virtual Status rename_file(const std::string& from, const std::string& to) = 0;
  virtual Status truncate_file(const std::string& path, uint64_t size) = 0;
  virtual Result<uint64_t> file_size(const std::string& path) = 0;
  virtual bool exists(const std::string& path) = 0;
  // Makes a directory's entries (creations, renames) durable.
  virtual Status sync_dir(const std::string& path) = 0;
  // Writes `data` to `path` atomically (temporary file, sync, rename, sync of the directory).
  Status write_file_atomic(const std::string& path, std::string_view data);
};

// Forwards every call to a target Env; subclasses override what they change.
class EnvWrapper : public Env {
 public:
  explicit EnvWrapper(Env* target) : target_(target) {}
  Env* target() const { return target_; }

  int64_t now_ms() override { return target_->now_ms(); }
  int64_t monotonic_ns() override { return target_->monotonic_ns(); }
  void sleep_ms(int64_t ms) override { target_->sleep_ms(ms); }
  Result<std::unique_ptr<WritableFile>> open_append(const std::string& p) override {
    return target_->open_append(p);
  }
  Result<std::string> read_file(const std::string& p) override { return target_->read_file(p); }
  Result<std::shared_ptr<RandomAccessFile>> open_random_access(const std::string& p) override {
    return target_->open_random_access(p);
  }
  Result<std::string> read_at(const std::string& p, uint64_t off, size_t n) override {
    return target_->read_at(p, off, n);
  }
  Result<std::vector<std::string>> list_dir(const std::string& p) override {
    return target_->list_dir(p);
  }
  Status create_dirs(const std::string& p) override { return target_->create_dirs(p); }
  Status remove_file(const std::string& p) override { return target_->remove_file(p); }
  Status rename_file(const std::string& a, const std::string& b) override {
    return target_->rename_file(a, b);
  }
  Status truncate_file(const std::string& p, uint64_t s) override {
    return target_->truncate_file(p, s);
  }
  Result<uint64_t> file_size(const std::string& p) override { return target_->file_size(p); }
  bool exists(const std::string& p) override { return target_->exists(p); }
  Status sync_dir(const std::string& p) override { return target_->sync_dir(p); }

 private:
  Env* target_;
};

// Joins path components with '/'.
std::string join_path(std::string_view a, std::string_view b);

}  // namespace chorus
