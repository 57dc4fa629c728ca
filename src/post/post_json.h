// JSON (de)serialization of the canonical Post (docs/post-schema.md).
//
// parse_post_json is the hot ingest path (simdjson On-Demand). It accepts times as epoch
// milliseconds or RFC 3339 strings, ignores unknown fields, and rejects wrong types, missing id
// or time, invalid UTF-8 and oversize text with a message naming the field. Thread-safe: each
// thread uses its own PostJsonParser.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "base/status.h"
#include "post/post.h"

namespace chorus {

// Readable bytes that PostJsonParser::parse_padded needs after its input (simdjson's padding).
inline constexpr size_t kPostJsonPadding = 64;

class PostJsonParser {
 public:
  PostJsonParser();
  ~PostJsonParser();
  PostJsonParser(PostJsonParser&&) noexcept;
  PostJsonParser& operator=(PostJsonParser&&) noexcept;

  // Parses one JSON object into `out` (overwritten) and validates it.
  Status parse(std::string_view json, Post* out);
  // The same for `json` followed by at least kPostJsonPadding readable bytes (any values),
  // which it parses in place instead of copying.
  Status parse_padded(std::string_view json, Post* out);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Convenience for cold paths; prefer a long-lived PostJsonParser in loops.
Result<Post> parse_post_json(std::string_view json);

// Compact single-line JSON with every field of the canonical schema.
std::string post_to_json(const Post& post);
void append_post_json(const Post& post, std::string* out);

// Appends `s` as a JSON string literal (quoted, escaped) to `out`.
void append_json_string(std::string_view s, std::string* out);

}  // namespace chorus
