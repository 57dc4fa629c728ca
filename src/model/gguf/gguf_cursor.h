// GgufCursor: a bounds-checked little-endian reader over a GGUF file's bytes (private to
// src/model/gguf). Every read checks the remaining length first; a failed read leaves the
// position unchanged and returns kInvalidArgument naming the field, its byte offset and the file
// size. Callers add the context (which metadata entry or tensor) with Status::with_context.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <span>
#include <string_view>

#include "base/status.h"

namespace chorus::model {

static_assert(std::endian::native == std::endian::little,
              "GGUF is little-endian; Chorus reads it in place on little-endian hosts");

class GgufCursor {
 public:
  explicit GgufCursor(std::span<const uint8_t> bytes, uint64_t pos = 0)
      : bytes_(bytes), pos_(pos) {}

  uint64_t pos() const { return pos_; }
  uint64_t size() const { return bytes_.size(); }
  uint64_t remaining() const { return size() - pos_; }
  const uint8_t* here() const { return bytes_.data() + pos_; }

  // Ok when at least n bytes remain at the position.
  Status need(uint64_t n, std::string_view field) const;
  Status skip(uint64_t n, std::string_view field);
  Result<uint32_t> u32(std::string_view field) { return read<uint32_t>(field); }
  Result<uint64_t> u64(std::string_view field) { return read<uint64_t>(field); }
  // A u64 length then that many bytes; the view points into the file.
  Result<std::string_view> str(std::string_view field);

 private:
  template <typename T>
  Result<T> read(std::string_view field) {
    CHORUS_RETURN_IF_ERROR(need(sizeof(T), field));
    T v;
    std::memcpy(&v, here(), sizeof(T));
    pos_ += sizeof(T);
    return v;
  }

  std::span<const uint8_t> bytes_;
  uint64_t pos_;
};

}  // namespace chorus::model
