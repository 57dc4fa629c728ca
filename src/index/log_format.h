// The post log's on-disk record format (see post_log.h), shared by the writer, the reader and
// recovery. Private to src/index.
//
// Record: [u32 masked CRC32C of (type, payload)] [u32 payload length] [u8 type] [payload],
// integers little-endian. Three record types exist:
//   kData       a record appended by PostLog::append (a serialized post);
//   kChange     a record appended by PostLog::append_change (an edit or a delete, see
//               index/change_record.h); logs written before it existed simply have none;
//   kFileStart  the first record of every file, payload = u64 LE sequence number of the file's
//               first data record. It keeps sequence numbers exact after retention drops older
//               files and bounds the damage of a corrupt record to one file.
// Files are named log-NNNNNNNN.clog (file number, zero-padded decimal).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace chorus::index::log_format {

inline constexpr size_t kHeaderSize = 9;
inline constexpr uint32_t kMaxPayload = 64u << 20;     // bytes; larger appends are refused
inline constexpr uint64_t kMaxFileBytes = 1ull << 30;  // keeps every offset below 2^32
inline constexpr uint64_t kMaxBatchBytes = 1ull << 30;
inline constexpr size_t kFileStartSize = kHeaderSize + 8;
// The largest first sequence number a kFileStart may carry. A log that appends a million records
// a second reaches it in 146,000 years; anything above is damage, and refusing it keeps every
// later sequence number (at most 2^32 files of 2^29 records past it) from wrapping.
inline constexpr uint64_t kMaxFirstSeq = 1ull << 62;

enum class RecordType : uint8_t { kData = 1, kFileStart = 2, kChange = 3 };
// True for the types that carry a sequence number and are replayed (kData, kChange).
inline bool is_replayed(RecordType t) {
  return t == RecordType::kData || t == RecordType::kChange;
}

// Why the bytes at an offset are not an intact record.
enum class Defect { kNone, kTruncated, kBadType, kBadLength, kBadChecksum };
std::string_view defect_name(Defect d);

struct Decoded {
  Defect defect = Defect::kNone;
  RecordType type = RecordType::kData;
  uint32_t length = 0;       // payload length from the header (when the header was readable)
  std::string_view payload;  // valid only when defect == kNone; points into the input
  size_t size() const { return kHeaderSize + length; }  // whole record, header included
};

// Appends one encoded record to `out`.
void encode_record(std::string* out, RecordType type, std::string_view payload);
std::string encode_file_start(uint64_t first_seq);

// Decodes the record starting at data[pos]. Never reads outside `data`.
Decoded decode_record(std::string_view data, size_t pos);

// Decodes a kFileStart payload; false when it is not 8 bytes or the number is above kMaxFirstSeq.
bool decode_file_start(std::string_view payload, uint64_t* first_seq);

std::string file_name(uint32_t number);
// True when `name` is a log file name; sets *number.
bool parse_file_name(std::string_view name, uint32_t* number);

}  // namespace chorus::index::log_format
