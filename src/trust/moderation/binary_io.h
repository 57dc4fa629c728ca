// Little-endian writers and a bounds-checked reader for the moderation model file
// (linear_model.h, embedding_model.h). Every Reader failure names the field and its offset.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "base/status.h"

namespace chorus::trust::binary_io {

inline void put_u32(std::string* out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out->push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
inline void put_u64(std::string* out, uint64_t v) {
  for (int i = 0; i < 8; ++i) out->push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
inline void put_f32(std::string* out, float f) {
  uint32_t v;
  std::memcpy(&v, &f, 4);
  put_u32(out, v);
}

// Reads little-endian fields in order; every failure names the field and its offset.
class Reader {
 public:
  explicit Reader(std::string_view b) : b_(b) {}
  size_t offset() const { return pos_; }
  Status need(size_t n, const char* field) const {
    if (b_.size() - pos_ < n) {
      return corruption(std::string("truncated at ") + field + " (offset " + std::to_string(pos_) +
                        ", need " + std::to_string(n) + " bytes, have " +
                        std::to_string(b_.size() - pos_) + ")");
    }
    return Status::ok();
  }
  Result<uint32_t> u32(const char* field) {
    CHORUS_RETURN_IF_ERROR(need(4, field));
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v |= uint32_t(static_cast<unsigned char>(b_[pos_ + i])) << (8 * i);
    pos_ += 4;
    return v;
  }
  Result<uint64_t> u64(const char* field) {
    CHORUS_ASSIGN_OR_RETURN(uint64_t lo, u32(field));
    CHORUS_ASSIGN_OR_RETURN(uint64_t hi, u32(field));
    return lo | (hi << 32);
  }
  Result<float> f32(const char* field) {
    const size_t at = pos_;
    CHORUS_ASSIGN_OR_RETURN(uint32_t v, u32(field));
    float f;
    std::memcpy(&f, &v, 4);
    if (!std::isfinite(f)) {
      return corruption(std::string(field) + " at offset " + std::to_string(at) +
                        " is not a finite number");
    }
    return f;
  }
  Result<std::string_view> bytes(size_t n, const char* field) {
    CHORUS_RETURN_IF_ERROR(need(n, field));
    std::string_view s = b_.substr(pos_, n);
    pos_ += n;
    return s;
  }

 private:
  std::string_view b_;
  size_t pos_ = 0;
};

// "FIELD at offset N is V, expected ALLOWED".
inline Status out_of_range(const char* field, size_t offset, uint64_t value, const char* allowed) {
  return corruption(std::string(field) + " at offset " + std::to_string(offset) + " is " +
                    std::to_string(value) + ", expected " + allowed);
}

}  // namespace chorus::trust::binary_io
