// GgufBytes: builds raw GGUF bytes field by field for tests, including files no writer would
// produce (bad counts, types, offsets). Little-endian, no validation.
#pragma once

#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace chorus::model::testing {

class GgufBytes {
 public:
  template <typename T>
  GgufBytes& put(T v) {
    bytes_.append(reinterpret_cast<const char*>(&v), sizeof(T));
    return *this;
  }
  GgufBytes& u32(uint32_t v) { return put(v); }
  GgufBytes& u64(uint64_t v) { return put(v); }
  GgufBytes& str(std::string_view s) {
    u64(s.size());
    bytes_.append(s);
    return *this;
  }
  GgufBytes& header(uint32_t version, uint64_t tensors, uint64_t kvs) {
    bytes_.append("GGUF");
    return u32(version).u64(tensors).u64(kvs);
  }
  // Key and value type; the caller appends the value.
  GgufBytes& key(std::string_view k, uint32_t type) { return str(k).u32(type); }
  GgufBytes& tensor(std::string_view name, const std::vector<uint64_t>& dims, uint32_t type,
                    uint64_t offset) {
    str(name).u32(static_cast<uint32_t>(dims.size()));
    for (uint64_t d : dims) u64(d);
    return u32(type).u64(offset);
  }
  GgufBytes& pad(size_t alignment) {
    bytes_.append((alignment - bytes_.size() % alignment) % alignment, '\0');
    return *this;
  }
  GgufBytes& fill(size_t n, char c) {
    bytes_.append(n, c);
    return *this;
  }
  size_t size() const { return bytes_.size(); }
  const std::string& str() const { return bytes_; }
  std::span<const uint8_t> span() const {
    return {reinterpret_cast<const uint8_t*>(bytes_.data()), bytes_.size()};
  }

 private:
  std::string bytes_;
};

inline std::span<const uint8_t> as_span(const std::string& s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

}  // namespace chorus::model::testing
