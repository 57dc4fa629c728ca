// PostLog implementation. Contract in post_log.h, record format in log_format.h, recovery in
// log_recovery.h.
//
// Invariants (all guarded by mu_):
//   - files_ holds every live log file by number; its last entry is the current file, written
//     through current_. files_[n].size is the number of bytes written to file n.
//   - Every record in a non-current file is durable: rolling to a new file fsyncs the old one
//     (and the directory after creating the new one) before anything is written to the new file.
//   - durable_seq_ <= last_seq_; records with seq <= durable_seq_ are fsynced.
//   - At most one thread fsyncs the current file at a time outside mu_ (syncing_); it snapshots
//     (current_, last_seq_) under mu_, syncs without the lock, and publishes that last_seq_ as
//     durable. Appends continue meanwhile: WritableFile::sync() of the POSIX Env and of the test
//     FaultEnv is safe to run concurrently with append() (an fdatasync and a write on one fd).
// last_seq_ and durable_seq_ are atomics, written only under mu_, so their accessors take no lock.
//
// Group commit: under kAlways an appender that finds no sync in progress becomes the leader and
// fsyncs everything written so far; appenders that arrive meanwhile wait on durable_cv_ and the
// next of them leads the following sync. Under kInterval the flusher thread is the only leader
// besides sync(). A failed fsync is sticky: after it, which written bytes reached the disk is
// unknown, so the log refuses appends and syncs until it is reopened (recovery then decides).
#include "index/post_log.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>

#include "index/log_format.h"
#include "index/log_recovery.h"

namespace chorus::index {
namespace {

namespace lf = log_format;
constexpr size_t kReadAhead = 512;             // bytes read with a record's header in read()
constexpr size_t kScratchKeepBytes = 1 << 20;  // larger append buffers are released after use

}  // namespace

class PostLog::Impl {
 public:
  Impl(Env* env, std::string dir, LogOptions options)
      : env_(env), dir_(std::move(dir)), options_(options) {}
  ~Impl() { (void)close(); }

  Status start(const RecoveredLog& recovered);
  Status append_records(const std::string_view* payloads, size_t n, LogAppend* out,
                        log_format::RecordType type);
  // Returns once seq is durable; `lead` lets this thread run the fsync itself.
  Status wait_until(uint64_t seq, bool lead);
  Status sync();
  Status wait_durable(uint64_t seq);
  Result<std::string> read(LogLocator where, bool* is_change) const;
  Status drop_files_before(uint64_t seq);
  uint64_t bytes_on_disk() const;
  Status close();

  uint64_t last_seq() const { return last_seq_.load(std::memory_order_acquire); }
  uint64_t durable_seq() const { return durable_seq_.load(std::memory_order_acquire); }

 private:
  struct FileMeta {
    uint64_t first_seq = 0;
    uint64_t size = 0;
    std::shared_ptr<RandomAccessFile> reader;  // opened on first read(), guarded by mu_
  };

  std::string path_of(uint32_t number) const { return join_path(dir_, lf::file_name(number)); }
  Result<std::shared_ptr<WritableFile>> create_file(uint32_t number, uint64_t first_seq);
  Status roll_locked();
  void repair_after_failed_write_locked();
  Status run_sync(std::unique_lock<std::mutex>& lock);
  void publish_durable_locked(uint64_t seq);
  void set_failed_locked(const Status& st);
  void flusher_loop();

  Env* const env_;
  const std::string dir_;
  const LogOptions options_;

  mutable std::mutex mu_;
  std::condition_variable durable_cv_;          // durable_seq_ advanced, a sync ended, or closed
  std::condition_variable flusher_cv_;          // wakes the flusher early on close
  mutable std::map<uint32_t, FileMeta> files_;  // readers are opened lazily by const read()
  std::shared_ptr<WritableFile> current_;
  uint32_t current_number_ = 0;
  std::atomic<uint64_t> last_seq_{0};
  std::atomic<uint64_t> durable_seq_{0};
  bool syncing_ = false;
  bool closing_ = false;  // close() began: appends and new sync leaders are refused
  bool closed_ = false;   // close() finished
  Status failed_;         // sticky error (failed fsync or unrepairable write)
  Status close_status_;
  std::string scratch_;  // encoded records of the append in progress
  std::thread flusher_;
};

Result<std::shared_ptr<WritableFile>> PostLog::Impl::create_file(uint32_t number,
                                                                 uint64_t first_seq) {
  std::string path = path_of(number);
  if (env_->exists(path)) return io_error(fmt::format("{}: log file already exists", path));
  CHORUS_ASSIGN_OR_RETURN(std::unique_ptr<WritableFile> file, env_->open_append(path));
  Status st = file->append(lf::encode_file_start(first_seq));
  if (st.is_ok()) st = env_->sync_dir(dir_);
  if (!st.is_ok()) {
    file.reset();
    (void)env_->remove_file(path);  // best effort; recovery copes with a leftover file
    return st;
  }
  return std::shared_ptr<WritableFile>(std::move(file));
}

Status PostLog::Impl::start(const RecoveredLog& recovered) {
  std::lock_guard<std::mutex> lock(mu_);
  uint64_t last = recovered.next_seq - 1;
  last_seq_.store(last);
  durable_seq_.store(last);
  for (const auto& f : recovered.files) files_[f.number] = {f.first_seq, f.size};
  if (files_.empty()) {
    CHORUS_ASSIGN_OR_RETURN(current_, create_file(1, recovered.next_seq));
    current_number_ = 1;
    files_[1] = {recovered.next_seq, lf::kFileStartSize};
  } else {
    current_number_ = files_.rbegin()->first;
    FileMeta& meta = files_.rbegin()->second;
    CHORUS_ASSIGN_OR_RETURN(std::unique_ptr<WritableFile> file,
                            env_->open_append(path_of(current_number_)));
    current_ = std::move(file);
    if (meta.size == 0) {  // a file whose start record was lost: begin it again
      CHORUS_RETURN_IF_ERROR(current_->append(lf::encode_file_start(recovered.next_seq)));
      meta = {recovered.next_seq, lf::kFileStartSize};
    }
    // Covers recovered bytes still in the OS cache and any truncation recovery made.
    CHORUS_RETURN_IF_ERROR(current_->sync());
    CHORUS_RETURN_IF_ERROR(env_->sync_dir(dir_));
  }
  if (options_.sync == LogOptions::Sync::kInterval) {
    flusher_ = std::thread([this] { flusher_loop(); });
  }
  return Status::ok();
}

Status PostLog::Impl::append_records(const std::string_view* payloads, size_t n, LogAppend* out,
                                     lf::RecordType type) {
  uint64_t total = 0;
  for (size_t i = 0; i < n; ++i) {
    if (payloads[i].size() > lf::kMaxPayload) {
      return invalid_argument(fmt::format("post log append: record {} has {} bytes, limit is {}", i,
                                          payloads[i].size(), lf::kMaxPayload));
    }
    total += lf::kHeaderSize + payloads[i].size();
  }
  if (total > lf::kMaxBatchBytes) {
    return invalid_argument(
        fmt::format("post log append: batch of {} bytes exceeds {}", total, lf::kMaxBatchBytes));
  }
  std::unique_lock<std::mutex> lock(mu_);
  if (closing_) return unavailable("post log append: the log is closed");
  if (!failed_.is_ok()) return failed_;
  if (files_.rbegin()->second.size > lf::kFileStartSize &&
      files_.rbegin()->second.size + total > options_.file_bytes) {
    CHORUS_RETURN_IF_ERROR(roll_locked());
  }
  FileMeta& meta = files_.rbegin()->second;
  uint64_t offset = meta.size;
  uint64_t seq = last_seq_.load(std::memory_order_relaxed) + 1;
  scratch_.clear();
  for (size_t i = 0; i < n; ++i) {
    out[i] = {seq + i, LogLocator{current_number_, static_cast<uint32_t>(offset)}};
    lf::encode_record(&scratch_, type, payloads[i]);
    offset += lf::kHeaderSize + payloads[i].size();
  }
  Status st = current_->append(scratch_);
  if (scratch_.capacity() > kScratchKeepBytes) scratch_ = std::string();
  if (!st.is_ok()) {
    repair_after_failed_write_locked();
    return st.with_context("post log append");
  }
  meta.size = offset;
  uint64_t last = seq + n - 1;
  last_seq_.store(last, std::memory_order_release);
  lock.unlock();
  if (options_.sync == LogOptions::Sync::kAlways) return wait_until(last, /*lead=*/true);
  return Status::ok();
}

Status PostLog::Impl::roll_locked() {
  Status st = current_->sync();
  if (!st.is_ok()) {
    set_failed_locked(
        st.with_context(fmt::format("syncing {} before rolling", lf::file_name(current_number_))));
    return failed_;
  }
  uint64_t last = last_seq_.load(std::memory_order_relaxed);
  publish_durable_locked(last);
  uint32_t number = current_number_ + 1;
  CHORUS_ASSIGN_OR_RETURN(std::shared_ptr<WritableFile> file, create_file(number, last + 1));
  // The old file closes when the last holder (possibly a sync leader) lets go of it.
  current_ = std::move(file);
  current_number_ = number;
  files_[number] = {last + 1, lf::kFileStartSize};
  return Status::ok();
}

void PostLog::Impl::repair_after_failed_write_locked() {
  std::string path = path_of(current_number_);
  uint64_t expected = files_.rbegin()->second.size;
  auto size = env_->file_size(path);
  if (size.is_ok() && *size == expected) return;
  Status st = env_->truncate_file(path, expected);
  if (!st.is_ok()) {
    set_failed_locked(io_error(
        fmt::format("{}: a failed append left bytes past offset {} that could not be removed: {}",
                    path, expected, st.message())));
  }
}

Status PostLog::Impl::run_sync(std::unique_lock<std::mutex>& lock) {
  syncing_ = true;
  std::shared_ptr<WritableFile> file = current_;
  uint32_t number = current_number_;
  uint64_t target = last_seq_.load(std::memory_order_relaxed);
  lock.unlock();
  Status st = file->sync();
  lock.lock();
  syncing_ = false;
  if (st.is_ok()) {
    publish_durable_locked(target);
  } else {
    set_failed_locked(st.with_context(
        fmt::format("syncing {} (the log refuses writes until reopened)", lf::file_name(number))));
  }
  durable_cv_.notify_all();
  return st.is_ok() ? Status::ok() : failed_;
}

void PostLog::Impl::publish_durable_locked(uint64_t seq) {
  if (seq > durable_seq_.load(std::memory_order_relaxed)) {
    durable_seq_.store(seq, std::memory_order_release);
    durable_cv_.notify_all();
  }
}

void PostLog::Impl::set_failed_locked(const Status& st) {
  if (failed_.is_ok()) failed_ = st;
  durable_cv_.notify_all();
}

Status PostLog::Impl::wait_until(uint64_t seq, bool lead) {
  std::unique_lock<std::mutex> lock(mu_);
  uint64_t last = last_seq_.load(std::memory_order_relaxed);
  if (seq > last) {
    return invalid_argument(
        fmt::format("post log: seq {} has not been appended (last is {})", seq, last));
  }
  while (durable_seq_.load(std::memory_order_relaxed) < seq) {
    if (!failed_.is_ok()) return failed_;
    if (closed_) return unavailable("post log closed before the record became durable");
    if (lead && !syncing_ && !closing_) {
      CHORUS_RETURN_IF_ERROR(run_sync(lock));
      continue;
    }
    durable_cv_.wait(lock);
  }
  return Status::ok();
}

Status PostLog::Impl::sync() {
  return wait_until(last_seq(), /*lead=*/true);
}

Status PostLog::Impl::wait_durable(uint64_t seq) {
  // Under kInterval the flusher leads; otherwise nothing else would, so the caller does.
  return wait_until(seq, options_.sync != LogOptions::Sync::kInterval);
}

void PostLog::Impl::flusher_loop() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!closing_) {
    flusher_cv_.wait_for(lock, std::chrono::milliseconds(options_.sync_interval_ms));
    if (closing_) break;
    if (failed_.is_ok() && !syncing_ &&
        durable_seq_.load(std::memory_order_relaxed) < last_seq_.load(std::memory_order_relaxed)) {
      (void)run_sync(lock);  // a failure is recorded in failed_ and reported to callers
    }
  }
}

Result<std::string> PostLog::Impl::read(LogLocator where, bool* is_change) const {
  uint64_t size = 0;
  std::shared_ptr<RandomAccessFile> reader;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = files_.find(where.file);
    if (it == files_.end()) {
      return not_found(fmt::format("post log read: {} is not present (dropped or never written)",
                                   lf::file_name(where.file)));
    }
    size = it->second.size;
    if (!it->second.reader) {
      CHORUS_ASSIGN_OR_RETURN(it->second.reader, env_->open_random_access(path_of(where.file)));
    }
    reader = it->second.reader;
  }
  std::string name = lf::file_name(where.file);
  uint64_t offset = where.offset;
  if (offset + lf::kHeaderSize > size) {
    return invalid_argument(fmt::format("post log read: {} offset {} is past the {} bytes written",
                                        name, offset, size));
  }
  size_t want =
      static_cast<size_t>(std::min<uint64_t>(size - offset, lf::kHeaderSize + kReadAhead));
  CHORUS_ASSIGN_OR_RETURN(std::string buf, reader->read_at(offset, want));
  lf::Decoded d = lf::decode_record(buf, 0);
  if (d.defect == lf::Defect::kTruncated && buf.size() >= lf::kHeaderSize &&
      d.size() <= size - offset) {
    CHORUS_ASSIGN_OR_RETURN(buf, reader->read_at(offset, d.size()));
    d = lf::decode_record(buf, 0);
  }
  if (d.defect != lf::Defect::kNone) {
    return corruption(
        fmt::format("post log read: {} offset {}: {}", name, offset, lf::defect_name(d.defect)));
  }
  if (!lf::is_replayed(d.type)) {
    return invalid_argument(
        fmt::format("post log read: {} offset {} is not a data or change record", name, offset));
  }
  if (is_change) *is_change = d.type == lf::RecordType::kChange;
  return std::string(d.payload);
}

Status PostLog::Impl::drop_files_before(uint64_t seq) {
  std::vector<uint32_t> doomed;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (closing_) return unavailable("post log drop_files_before: the log is closed");
    // A file's records end where the next file's begin; the current file is never dropped.
    for (auto it = files_.begin(); std::next(it) != files_.end(); ++it) {
      if (std::next(it)->second.first_seq > seq) break;
      doomed.push_back(it->first);
    }
    for (uint32_t n : doomed) files_.erase(n);
  }
  Status first_error;
  for (uint32_t n : doomed) {
    Status st = env_->remove_file(path_of(n));
    if (!st.is_ok() && first_error.is_ok()) first_error = st;
  }
  if (!doomed.empty()) {
    Status st = env_->sync_dir(dir_);
    if (!st.is_ok() && first_error.is_ok()) first_error = st;
  }
  return first_error.with_context("post log drop_files_before");
}

uint64_t PostLog::Impl::bytes_on_disk() const {
  std::lock_guard<std::mutex> lock(mu_);
  uint64_t total = 0;
  for (const auto& [number, meta] : files_) total += meta.size;
  return total;
}

Status PostLog::Impl::close() {
  {
    std::unique_lock<std::mutex> lock(mu_);
    if (closing_) {
      durable_cv_.wait(lock, [this] { return closed_; });
      return close_status_;
    }
    closing_ = true;
  }
  flusher_cv_.notify_all();
  if (flusher_.joinable()) flusher_.join();
  std::unique_lock<std::mutex> lock(mu_);
  durable_cv_.wait(lock, [this] { return !syncing_; });
  Status st = failed_;
  if (current_) {
    if (st.is_ok()) {
      st = current_->sync();
      if (st.is_ok()) publish_durable_locked(last_seq_.load(std::memory_order_relaxed));
    }
    Status c = current_->close();
    if (st.is_ok()) st = c;
    current_.reset();
  }
  closed_ = true;
  close_status_ = st.with_context("post log close");
  durable_cv_.notify_all();
  return close_status_;
}

// ---- PostLog ----

PostLog::PostLog(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PostLog::~PostLog() = default;

Result<std::unique_ptr<PostLog>> PostLog::open(Env* env, const std::string& dir, LogOptions options,
                                               const ReplayFn& replay, RecoveryReport* report,
                                               const ReplayFn& replay_changes) {
  if (options.file_bytes < 2 * lf::kFileStartSize || options.file_bytes > lf::kMaxFileBytes) {
    return invalid_argument(fmt::format("post log: file_bytes {} is outside [{}, {}]",
                                        options.file_bytes, 2 * lf::kFileStartSize,
                                        lf::kMaxFileBytes));
  }
  if (options.sync == LogOptions::Sync::kInterval && options.sync_interval_ms <= 0) {
    return invalid_argument(
        fmt::format("post log: sync_interval_ms {} must be positive", options.sync_interval_ms));
  }
  RecoveryReport local;
  RecoveryReport* rep = report ? report : &local;
  *rep = RecoveryReport{};
  CHORUS_RETURN_IF_ERROR(env->create_dirs(dir));
  CHORUS_ASSIGN_OR_RETURN(RecoveredLog recovered,
                          recover_log(env, dir, replay, replay_changes, rep));
  auto impl = std::make_unique<Impl>(env, dir, options);
  CHORUS_RETURN_IF_ERROR(impl->start(recovered));
  return std::unique_ptr<PostLog>(new PostLog(std::move(impl)));
}

Result<LogAppend> PostLog::append(std::string_view payload) {
  LogAppend out{};
  CHORUS_RETURN_IF_ERROR(impl_->append_records(&payload, 1, &out, lf::RecordType::kData));
  return out;
}

Result<LogAppend> PostLog::append_change(std::string_view payload) {
  LogAppend out{};
  CHORUS_RETURN_IF_ERROR(impl_->append_records(&payload, 1, &out, lf::RecordType::kChange));
  return out;
}

Result<std::vector<LogAppend>> PostLog::append_batch(
    const std::vector<std::string_view>& payloads) {
  std::vector<LogAppend> out(payloads.size());
  if (payloads.empty()) return out;
  CHORUS_RETURN_IF_ERROR(
      impl_->append_records(payloads.data(), payloads.size(), out.data(), lf::RecordType::kData));
  return out;
}

Status PostLog::sync() {
  return impl_->sync();
}
Status PostLog::wait_durable(uint64_t seq) {
  return impl_->wait_durable(seq);
}
uint64_t PostLog::last_seq() const {
  return impl_->last_seq();
}
uint64_t PostLog::durable_seq() const {
  return impl_->durable_seq();
}
Result<std::string> PostLog::read(LogLocator where, bool* is_change) const {
  return impl_->read(where, is_change);
}
Status PostLog::drop_files_before(uint64_t seq) {
  return impl_->drop_files_before(seq);
}
uint64_t PostLog::bytes_on_disk() const {
  return impl_->bytes_on_disk();
}
Status PostLog::close() {
  return impl_->close();
}

}  // namespace chorus::index
