// DocMeta: the per-document columns every segment keeps, and the helpers that derive them from a
// Post. Filters and ranking read only these; the post itself stays in the log.
#pragma once

#include <cstdint>
#include <string_view>

namespace chorus::index {

struct DocMeta {
  int64_t created_at_ms = 0;
  uint64_t author_hash = 0;  // author_key() of the handle
  uint64_t locator = 0;      // LogLocator::pack() of the post's log record
  float credibility = 1.0f;  // per-post ranking factor, [0, 1]
  uint32_t engagement = 0;   // PostMetrics::engagement() clamped to [0, 2^32 - 1]
  uint32_t lang = 0;         // lang_code() of the language tag
  uint16_t doc_len = 0;      // number of index terms (tokens), saturated at 65535
};
static_assert(sizeof(DocMeta) == 40, "DocMeta is a packed 40-byte column row");

// Case-insensitive key of an author handle (without '@'); 0 never occurs.
uint64_t author_key(std::string_view handle);
// A 32-bit code for a language tag, case-insensitive; 0 for the empty tag.
uint32_t lang_code(std::string_view lang);
// Clamps an engagement figure into the column's range.
uint32_t clamp_engagement(int64_t engagement);

}  // namespace chorus::index
