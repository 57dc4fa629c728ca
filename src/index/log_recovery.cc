#include "index/log_recovery.h"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <string_view>

#include "index/log_format.h"

namespace chorus::index {
namespace {

namespace lf = log_format;
constexpr size_t kNoRecord = std::numeric_limits<size_t>::max();

// The first offset >= `from` holding an intact data record, or kNoRecord.
size_t find_next_record(std::string_view data, size_t from) {
  if (data.size() < lf::kHeaderSize) return kNoRecord;
  for (size_t p = from; p + lf::kHeaderSize <= data.size(); ++p) {
    const auto type = static_cast<uint8_t>(data[p + 8]);
    if (type != static_cast<uint8_t>(lf::RecordType::kData) &&
        type != static_cast<uint8_t>(lf::RecordType::kChange))
      continue;
    lf::Decoded d = lf::decode_record(data, p);
    if (d.defect == lf::Defect::kNone) return p;
  }
  return kNoRecord;
}

// Scans one file's bytes. Holds no resources; one instance per file.
class FileScan {
 public:
  FileScan(std::string_view data, uint32_t number, bool is_first, bool is_last,
           const PostLog::ReplayFn& replay, const PostLog::ReplayFn& replay_changes,
           RecoveryReport* report)
      : data_(data),
        name_(lf::file_name(number)),
        number_(number),
        is_first_(is_first),
        is_last_(is_last),
        replay_(replay),
        replay_changes_(replay_changes),
        report_(report) {}

  // Replays the file's records; `expected_seq` is where the previous file left off.
  Status run(uint64_t expected_seq) {
    size_t pos = read_file_start(expected_seq);
    first_seq_ = seq_;
    while (pos < data_.size()) {
      lf::Decoded d = lf::decode_record(data_, pos);
      if (d.defect == lf::Defect::kNone && lf::is_replayed(d.type)) {
        const PostLog::ReplayFn& fn = d.type == lf::RecordType::kData ? replay_ : replay_changes_;
        if (fn) {
          CHORUS_RETURN_IF_ERROR(
              fn(seq_, LogLocator{number_, static_cast<uint32_t>(pos)}, d.payload));
        }
        ++report_->records;
        ++seq_;
        pos += d.size();
        continue;
      }
      size_t next = find_next_record(data_, pos + 1);
      if (next == kNoRecord) {
        drop_tail(pos, d);
        break;
      }
      skip_region(pos, next, d);
      pos = next;
    }
    return Status::ok();
  }

  uint64_t first_seq() const { return first_seq_; }
  uint64_t next_seq() const { return seq_; }
  uint64_t keep_bytes() const { return keep_; }

 private:
  // Reads the kFileStart record; returns the offset after it (0 when it is missing).
  size_t read_file_start(uint64_t expected_seq) {
    seq_ = expected_seq;
    header_ok_ = false;
    lf::Decoded d = lf::decode_record(data_, 0);
    uint64_t first = 0;
    if (d.defect == lf::Defect::kNone && d.type == lf::RecordType::kFileStart &&
        lf::decode_file_start(d.payload, &first)) {
      header_ok_ = true;
      seq_ = reconcile(first, expected_seq);
      return d.size();
    }
    if (!data_.empty() || !is_last_) {
      note(
          fmt::format("{} offset 0: file-start record missing or damaged ({}); sequence numbers "
                      "continue from the previous file at {}",
                      name_, start_defect(d), seq_));
    }
    return 0;
  }

  std::string_view start_defect(const lf::Decoded& d) const {
    if (data_.empty()) return "empty file";
    if (d.defect != lf::Defect::kNone) return lf::defect_name(d.defect);
    if (d.type != lf::RecordType::kFileStart) return "another record type";
    return "sequence number out of range";
  }

  uint64_t reconcile(uint64_t first, uint64_t expected) {
    if (is_first_ || first == expected) return first;
    if (first > expected) {
      note(
          fmt::format("{} offset 0: sequence gap, file starts at {} but the previous file ended "
                      "at {}",
                      name_, first, expected - 1));
      return first;
    }
    note(
        fmt::format("{} offset 0: sequence overlap, file starts at {} but the previous file "
                    "ended at {}; continuing at {}",
                    name_, first, expected - 1, expected));
    return expected;
  }

  // How many records a damaged region [pos, next) most likely held.
  uint64_t records_in_region(size_t pos, size_t next, const lf::Decoded& d) const {
    bool length_intact = d.defect == lf::Defect::kBadChecksum && pos + d.size() == next;
    if (length_intact) return lf::is_replayed(d.type) ? 1 : 0;
    if (pos == 0 && !header_ok_ && next <= lf::kFileStartSize) return 0;  // the header alone
    return 1;
  }

  void skip_region(size_t pos, size_t next, const lf::Decoded& d) {
    uint64_t lost = records_in_region(pos, next, d);
    bool exact = d.defect == lf::Defect::kBadChecksum && pos + d.size() == next;
    report_->skipped_records += lost;
    report_->skipped_bytes += next - pos;
    seq_ += lost;
    note(fmt::format("{} offset {}: {}; skipped {} bytes ({} record{}{}) up to offset {}", name_,
                     pos, lf::defect_name(d.defect), next - pos, lost, lost == 1 ? "" : "s",
                     exact ? "" : ", estimated", next));
  }

  void drop_tail(size_t pos, const lf::Decoded& d) {
    uint64_t n = data_.size() - pos;
    if (is_last_) {
      report_->truncated_bytes += n;
      keep_ = pos;
      note(fmt::format("{} offset {}: {}; truncated {} bytes of torn or corrupt tail", name_, pos,
                       lf::defect_name(d.defect), n));
      return;
    }
    report_->skipped_records += 1;
    report_->skipped_bytes += n;
    note(fmt::format("{} offset {}: {}; skipped {} bytes at the end of a non-final file", name_,
                     pos, lf::defect_name(d.defect), n));
  }

  void note(std::string msg) { report_->messages.push_back(std::move(msg)); }

  std::string_view data_;
  std::string name_;
  uint32_t number_;
  bool is_first_;
  bool is_last_;
  const PostLog::ReplayFn& replay_;
  const PostLog::ReplayFn& replay_changes_;
  RecoveryReport* report_;
  bool header_ok_ = false;
  uint64_t seq_ = 1;
  uint64_t first_seq_ = 1;
  uint64_t keep_ = kNoRecord;  // kNoRecord: keep the whole file
};

Result<std::vector<uint32_t>> list_log_files(Env* env, const std::string& dir) {
  CHORUS_ASSIGN_OR_RETURN(std::vector<std::string> names, env->list_dir(dir));
  std::vector<uint32_t> numbers;
  for (const auto& name : names) {
    uint32_t n = 0;
    if (lf::parse_file_name(name, &n)) numbers.push_back(n);
  }
  std::sort(numbers.begin(), numbers.end());
  return numbers;
}

}  // namespace

Result<RecoveredLog> recover_log(Env* env, const std::string& dir, const PostLog::ReplayFn& replay,
                                 const PostLog::ReplayFn& replay_changes, RecoveryReport* report) {
  CHORUS_ASSIGN_OR_RETURN(std::vector<uint32_t> numbers, list_log_files(env, dir));
  RecoveredLog log;
  for (size_t i = 0; i < numbers.size(); ++i) {
    std::string path = join_path(dir, lf::file_name(numbers[i]));
    auto data = env->read_file(path);
    if (!data) return data.status().with_context("recovering post log");
    if (data->size() > std::numeric_limits<uint32_t>::max()) {
      return corruption(
          fmt::format("{}: {} bytes is larger than a log file can be", path, data->size()));
    }
    bool last = i + 1 == numbers.size();
    FileScan scan(*data, numbers[i], i == 0, last, replay, replay_changes, report);
    CHORUS_RETURN_IF_ERROR(scan.run(log.next_seq));
    uint64_t size = data->size();
    if (scan.keep_bytes() != kNoRecord) {
      CHORUS_RETURN_IF_ERROR(env->truncate_file(path, scan.keep_bytes()));
      size = scan.keep_bytes();
    }
    log.files.push_back({numbers[i], scan.first_seq(), size});
    log.next_seq = scan.next_seq();
    ++report->files;
  }
  return log;
}

}  // namespace chorus::index
