// CRC-32C (Castagnoli), as used by the post log's per-record checksums. Uses the SSE4.2 crc32
// instruction when the CPU has it, a table-driven software path otherwise; both give identical
// results.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace chorus::crc32c {

// Extends `crc` (the CRC of some prefix) with `n` more bytes.
uint32_t extend(uint32_t crc, const void* data, size_t n);
inline uint32_t value(const void* data, size_t n) { return extend(0, data, n); }
inline uint32_t value(std::string_view s) { return extend(0, s.data(), s.size()); }

// The software path alone, for tests that compare the two.
uint32_t extend_portable(uint32_t crc, const void* data, size_t n);

// Masked form stored on disk, so that a CRC of data containing CRCs stays well distributed.
inline uint32_t mask(uint32_t crc) { return ((crc >> 15) | (crc << 17)) + 0xa282ead8u; }
inline uint32_t unmask(uint32_t m) {
  uint32_t r = m - 0xa282ead8u;
  return (r >> 17) | (r << 15);
}

}  // namespace chorus::crc32c
