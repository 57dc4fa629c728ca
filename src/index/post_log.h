// PostLog: the durable, append-only log of ingested records — serialized posts (data records)
// and edits/deletes of them (change records) — and the store from which their text is read back.
//
// On disk: files <dir>/log-NNNNNNNN.clog, each a sequence of records
//   [u32 masked CRC32C of (type, payload)] [u32 payload length] [u8 type] [payload]
// A new file starts when the current one exceeds LogOptions::file_bytes. Sequence numbers start
// at 1 and increase by one per record across files.
//
// Durability contract: append() returns once the record is written to the OS. Under
//   kAlways   append() returns only after an fsync covering the record (group commit: concurrent
//             appenders waiting at once share one fsync);
//   kInterval a background flusher fsyncs at most every sync_interval_ms; wait_durable(seq)
//             blocks until seq is covered;
//   kNone     nothing is synced except on close().
// A record is "acknowledged" when append() returned under kAlways, or wait_durable()/sync()
// returned after it under the other modes; acknowledged records survive kill -9 and power loss.
//
// Recovery (open): replays every intact record in order; a torn or corrupt tail of the LAST file
// is truncated away; a corrupt record in the middle of a file is skipped by scanning forward for
// the next record whose checksum verifies; everything dropped is counted and described in the
// RecoveryReport — never silently.
//
// Errors: a failed write (e.g. disk full, kNoSpace) leaves the log as it was before that append
// and is returned to the caller; earlier acknowledged records are unaffected.
//
// Thread-safety: append/sync/wait_durable may be called from several threads; read() may run
// concurrently with appends from any thread.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/env.h"
#include "base/status.h"

namespace chorus::index {

struct LogOptions {
  enum class Sync { kAlways, kInterval, kNone };
  Sync sync = Sync::kInterval;
  int64_t sync_interval_ms = 10;
  uint64_t file_bytes = 64ull << 20;
};

// Where a record lives: file number and byte offset of its header. Packs into 64 bits.
struct LogLocator {
  uint32_t file = 0;
  uint32_t offset = 0;
  uint64_t pack() const { return (uint64_t{file} << 32) | offset; }
  static LogLocator unpack(uint64_t v) {
    return {static_cast<uint32_t>(v >> 32), static_cast<uint32_t>(v)};
  }
};

struct LogAppend {
  uint64_t seq;
  LogLocator locator;
};

struct RecoveryReport {
  uint64_t records = 0;  // intact records replayed
  uint64_t files = 0;
  uint64_t truncated_bytes = 0;  // torn/corrupt tail removed from the last file
  uint64_t skipped_records = 0;  // corrupt records skipped in the middle
  uint64_t skipped_bytes = 0;
  std::vector<std::string> messages;  // one line per problem, naming file and offset
};

class PostLog {
 public:
  using ReplayFn = std::function<Status(uint64_t seq, LogLocator where, std::string_view payload)>;

  // Opens or creates the log in `dir`, replaying every intact data record through `replay` and
  // every change record through `replay_changes`, in sequence order (either may be empty: those
  // records are then skipped). A replay error aborts open() with that error.
  static Result<std::unique_ptr<PostLog>> open(Env* env, const std::string& dir, LogOptions options,
                                               const ReplayFn& replay, RecoveryReport* report,
                                               const ReplayFn& replay_changes = {});
  ~PostLog();  // flushes and syncs, as close()

  Result<LogAppend> append(std::string_view payload);
  // Appends several records with one write (and, under kAlways, one fsync).
  Result<std::vector<LogAppend>> append_batch(const std::vector<std::string_view>& payloads);
  // Appends one change record (same durability as append()).
  Result<LogAppend> append_change(std::string_view payload);
  // Blocks until every record appended before the call is durable.
  Status sync();
  Status wait_durable(uint64_t seq);
  uint64_t last_seq() const;
  uint64_t durable_seq() const;

  // The payload of the data or change record at `where` (checksum verified); *is_change (when
  // given) tells which it was.
  Result<std::string> read(LogLocator where, bool* is_change = nullptr) const;

  // Deletes whole files all of whose records have seq < `seq` (retention).
  Status drop_files_before(uint64_t seq);
  uint64_t bytes_on_disk() const;
  Status close();

  class Impl;

 private:
  explicit PostLog(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace chorus::index
