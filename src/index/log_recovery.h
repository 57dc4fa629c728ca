// Recovery of the post log at open (see post_log.h, "Recovery"). Private to src/index.
//
// recover_log() reads every log file of a directory in file-number order, replays each intact
// data record (through `replay`) and change record (through `replay_changes`) with its sequence
// number and locator, and repairs what can be repaired:
//   - a torn or corrupt tail of the LAST file is truncated away (truncated_bytes);
//   - a corrupt region inside a file is skipped up to the next record whose checksum verifies
//     (skipped_records counts one record per region: exact when the damaged record's length
//     field was intact, an estimate otherwise; skipped_bytes is exact);
//   - a corrupt tail of an earlier file is skipped, never rewritten.
// Sequence numbers come from each file's kFileStart record (log_format.h); where that is missing
// they continue from the previous file. Every problem adds one line to report->messages naming
// the file and offset.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/env.h"
#include "base/status.h"
#include "index/post_log.h"

namespace chorus::index {

struct RecoveredFile {
  uint32_t number = 0;
  uint64_t first_seq = 0;  // sequence number of the file's first data record
  uint64_t size = 0;       // bytes after any truncation
};

struct RecoveredLog {
  std::vector<RecoveredFile> files;  // ascending file number
  uint64_t next_seq = 1;             // sequence number the next append receives
};

// `dir` must exist. A replay error, or a file that cannot be read or truncated, aborts recovery
// with that error. `report` must not be null.
Result<RecoveredLog> recover_log(Env* env, const std::string& dir, const PostLog::ReplayFn& replay,
                                 const PostLog::ReplayFn& replay_changes, RecoveryReport* report);

}  // namespace chorus::index
