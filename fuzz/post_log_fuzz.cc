// libFuzzer target for the post log's recovery path: arbitrary bytes become one or two log files
// in a fresh directory, and PostLog::open replays them. The first byte is control:
//   bit 0  rewrite the checksum of every record whose header is readable (so that mutations
//          reach the replay of intact records, not only the corrupt-record scan)
//   bit 1  split the rest into two files at the offset given by the second byte (x size / 256)
// Contracts checked (a broken one traps):
//   - open() either fails with a Status or replays records with increasing sequence numbers,
//     each of which read() returns byte for byte at its locator;
//   - recovery is idempotent: after appending one record and closing, a second open replays the
//     same records plus the new one, with the next sequence number, and truncates nothing.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "base/env.h"
#include "index/log_format.h"
#include "index/post_log.h"

namespace {

namespace lf = chorus::index::log_format;
using chorus::index::LogLocator;
using chorus::index::PostLog;
using chorus::index::RecoveryReport;

struct Replayed {
  uint64_t seq;
  LogLocator where;
  std::string payload;
};

// Re-encodes every record whose header parses, so that its checksum verifies.
void fix_checksums(std::string* file) {
  size_t pos = 0;
  while (file->size() - pos >= lf::kHeaderSize) {
    const auto type = static_cast<uint8_t>((*file)[pos + 8]);
    uint32_t length = 0;
    for (int i = 3; i >= 0; --i)
      length = (length << 8) | static_cast<uint8_t>((*file)[pos + 4 + i]);
    if (type < 1 || type > 3 || length > file->size() - pos - lf::kHeaderSize) return;
    std::string rec;
    lf::encode_record(&rec, static_cast<lf::RecordType>(type),
                      std::string_view(*file).substr(pos + lf::kHeaderSize, length));
    file->replace(pos, rec.size(), rec);
    pos += rec.size();
  }
}

std::string fresh_dir() {
  static const std::string root = [] {
    std::string base = std::filesystem::exists("/dev/shm") ? "/dev/shm" : "/tmp";
    return base + "/post_log_fuzz." + std::to_string(getpid());
  }();
  std::filesystem::remove_all(root);
  std::filesystem::create_directories(root);
  return root;
}

chorus::Result<std::unique_ptr<PostLog>> open_log(const std::string& dir,
                                                  std::vector<Replayed>* out,
                                                  RecoveryReport* report) {
  chorus::index::LogOptions options;
  options.sync = chorus::index::LogOptions::Sync::kNone;
  auto replay = [out](uint64_t seq, LogLocator where, std::string_view payload) {
    out->push_back({seq, where, std::string(payload)});
    return chorus::Status::ok();
  };
  return PostLog::open(chorus::Env::posix(), dir, options, replay, report);
}

void check_replayed(const PostLog& log, const std::vector<Replayed>& records) {
  for (size_t i = 0; i < records.size(); ++i) {
    if (i > 0 && records[i].seq <= records[i - 1].seq) __builtin_trap();
    chorus::Result<std::string> back = log.read(records[i].where);
    if (!back.is_ok() || *back != records[i].payload) __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const uint8_t control = data[0];
  std::string bytes(reinterpret_cast<const char*>(data) + 2, size - 2);
  std::vector<std::string> files;
  if (control & 2) {
    const size_t cut = bytes.size() * data[1] / 256;
    files = {bytes.substr(0, cut), bytes.substr(cut)};
  } else {
    files = {bytes};
  }
  const std::string dir = fresh_dir();
  chorus::Env* env = chorus::Env::posix();
  for (size_t i = 0; i < files.size(); ++i) {
    if (control & 1) fix_checksums(&files[i]);
    const std::string path = chorus::join_path(dir, lf::file_name(static_cast<uint32_t>(i + 1)));
    if (!env->write_file_atomic(path, files[i]).is_ok()) std::abort();
  }

  std::vector<Replayed> first;
  RecoveryReport report;
  auto log = open_log(dir, &first, &report);
  if (!log.is_ok()) return 0;
  check_replayed(**log, first);
  auto added = (*log)->append("appended after recovery");
  if (!added.is_ok() || !(*log)->close().is_ok()) return 0;  // e.g. the last file is full
  log->reset();

  std::vector<Replayed> second;
  RecoveryReport again;
  auto reopened = open_log(dir, &second, &again);
  if (!reopened.is_ok()) __builtin_trap();
  check_replayed(**reopened, second);
  if (again.truncated_bytes != 0 || second.size() != first.size() + 1) __builtin_trap();
  for (size_t i = 0; i < first.size(); ++i) {
    if (second[i].seq != first[i].seq || second[i].payload != first[i].payload) __builtin_trap();
  }
  if (second.back().seq != added->seq || second.back().payload != "appended after recovery") {
    __builtin_trap();
  }
  return 0;
}
