// DocMeta: the per-document columns every segment keeps, and the helpers that derive them from a
// Post. Filters and ranking read only these; the post itself stays in the log.
//
// Segments store a column row as PackedMeta (32 bytes, 4-byte aligned, no padding holes):
// credibility is quantized to a byte (multiples of 1/200, so 0, 0.25, 0.5 and 1 are exact) and
// the author key is 32 bits. DocMeta is the unpacked view that filters and scoring read.
#pragma once

#include <cstdint>
#include <string_view>

namespace chorus::index {

struct DocMeta {
  int64_t created_at_ms = 0;
  uint64_t author_hash = 0;  // author_key() of the handle (< 2^32)
  uint64_t locator = 0;      // LogLocator::pack() of the post's log record
  float credibility = 1.0f;  // per-post ranking factor, [0, 1], a multiple of 1/200 once stored
  uint32_t engagement = 0;   // PostMetrics::engagement() clamped to [0, 2^32 - 1]
  uint32_t lang = 0;         // lang_code() of the language tag
  uint16_t doc_len = 0;      // number of index terms (tokens), saturated at 65535
};

// The stored form of a DocMeta (see the file comment). pack(unpack(p)) == p.
struct PackedMeta {
  uint32_t created_lo = 0;
  uint32_t created_hi = 0;
  uint32_t locator_lo = 0;
  uint32_t locator_hi = 0;
  uint32_t author = 0;
  uint32_t engagement = 0;
  uint32_t lang = 0;
  uint16_t doc_len = 0;
  uint8_t credibility = 200;  // credibility x 200
  uint8_t reserved = 0;

  static PackedMeta pack(const DocMeta& m);
  DocMeta unpack() const;
  int64_t created_at_ms() const {
    return static_cast<int64_t>((uint64_t{created_hi} << 32) | created_lo);
  }
};
static_assert(sizeof(PackedMeta) == 32, "PackedMeta is a packed 32-byte column row");

// Case-insensitive key of an author handle (without '@'); 32 bits, 0 never occurs.
uint64_t author_key(std::string_view handle);
// A 32-bit code for a language tag, case-insensitive; 0 for the empty tag.
uint32_t lang_code(std::string_view lang);
// Clamps an engagement figure into the column's range.
uint32_t clamp_engagement(int64_t engagement);
// The stored value of a credibility: clamped to [0, 1] (NaN -> 1), rounded to a multiple of 1/200.
float quantize_credibility(float c);

}  // namespace chorus::index
