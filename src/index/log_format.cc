#include "index/log_format.h"

#include <cstdio>
#include <cstring>

#include "base/crc32c.h"

namespace chorus::index::log_format {
namespace {

void put_u32(char* p, uint32_t v) {
  for (int i = 0; i < 4; ++i) p[i] = static_cast<char>((v >> (8 * i)) & 0xff);
}

uint32_t get_u32(const char* p) {
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v |= uint32_t{static_cast<uint8_t>(p[i])} << (8 * i);
  return v;
}

uint32_t record_crc(uint8_t type, std::string_view payload) {
  uint32_t crc = crc32c::extend(0, &type, 1);
  return crc32c::mask(crc32c::extend(crc, payload.data(), payload.size()));
}

constexpr std::string_view kPrefix = "log-";
constexpr std::string_view kSuffix = ".clog";

}  // namespace

std::string_view defect_name(Defect d) {
  switch (d) {
    case Defect::kNone:
      return "intact";
    case Defect::kTruncated:
      return "record length runs past the end of the file";
    case Defect::kBadType:
      return "unknown record type";
    case Defect::kBadLength:
      return "record length out of range";
    case Defect::kBadChecksum:
      return "checksum mismatch";
  }
  return "unknown defect";
}

void encode_record(std::string* out, RecordType type, std::string_view payload) {
  char header[kHeaderSize];
  auto t = static_cast<uint8_t>(type);
  put_u32(header, record_crc(t, payload));
  put_u32(header + 4, static_cast<uint32_t>(payload.size()));
  header[8] = static_cast<char>(t);
  out->append(header, kHeaderSize);
  out->append(payload);
}

std::string encode_file_start(uint64_t first_seq) {
  char payload[8];
  for (int i = 0; i < 8; ++i) payload[i] = static_cast<char>((first_seq >> (8 * i)) & 0xff);
  std::string out;
  encode_record(&out, RecordType::kFileStart, std::string_view(payload, 8));
  return out;
}

Decoded decode_record(std::string_view data, size_t pos) {
  Decoded d;
  if (pos > data.size() || data.size() - pos < kHeaderSize) {
    d.defect = Defect::kTruncated;
    return d;
  }
  const char* p = data.data() + pos;
  uint8_t type = static_cast<uint8_t>(p[8]);
  d.length = get_u32(p + 4);
  if (type != static_cast<uint8_t>(RecordType::kData) &&
      type != static_cast<uint8_t>(RecordType::kFileStart) &&
      type != static_cast<uint8_t>(RecordType::kChange)) {
    d.defect = Defect::kBadType;
    return d;
  }
  d.type = static_cast<RecordType>(type);
  if (d.length > kMaxPayload) {
    d.defect = Defect::kBadLength;
    return d;
  }
  if (data.size() - pos - kHeaderSize < d.length) {
    d.defect = Defect::kTruncated;
    return d;
  }
  std::string_view payload(p + kHeaderSize, d.length);
  if (record_crc(type, payload) != get_u32(p)) {
    d.defect = Defect::kBadChecksum;
    return d;
  }
  d.payload = payload;
  return d;
}

bool decode_file_start(std::string_view payload, uint64_t* first_seq) {
  if (payload.size() != 8) return false;
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= uint64_t{static_cast<uint8_t>(payload[i])} << (8 * i);
  if (v > kMaxFirstSeq) return false;
  *first_seq = v;
  return true;
}

std::string file_name(uint32_t number) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "log-%08u.clog", number);
  return buf;
}

bool parse_file_name(std::string_view name, uint32_t* number) {
  if (name.size() <= kPrefix.size() + kSuffix.size()) return false;
  if (name.substr(0, kPrefix.size()) != kPrefix) return false;
  if (name.substr(name.size() - kSuffix.size()) != kSuffix) return false;
  std::string_view digits =
      name.substr(kPrefix.size(), name.size() - kPrefix.size() - kSuffix.size());
  if (digits.size() > 10) return false;
  uint64_t v = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  if (v > UINT32_MAX) return false;
  *number = static_cast<uint32_t>(v);
  return true;
}

}  // namespace chorus::index::log_format
