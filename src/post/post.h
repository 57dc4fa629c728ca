// The canonical Post and Account: the one shape every source is decoded into, every stage
// reads, and the log stores. The JSON form is documented in docs/post-schema.md.
//
// Invariants of a Post that passed validate(): id non-empty (<= 256 bytes), created_at_ms > 0,
// text valid UTF-8 of at most kMaxTextBytes, lang empty or a short tag, every string valid UTF-8.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace chorus {

inline constexpr size_t kMaxTextBytes = 64 * 1024;
inline constexpr size_t kMaxIdBytes = 256;

struct Account {
  std::string id;      // stable id on the source network (DID, numeric id, ...)
  std::string handle;  // without a leading '@'
  std::string display_name;
  int64_t created_at_ms = 0;  // account creation; 0 when unknown
  int64_t followers = 0;
  int64_t following = 0;
  bool verified = false;

  bool operator==(const Account&) const = default;
};

struct PostMetrics {
  int64_t likes = 0;
  int64_t reposts = 0;
  int64_t replies = 0;
  int64_t quotes = 0;
  int64_t views = 0;

  bool operator==(const PostMetrics&) const = default;
  // A single engagement figure: likes + 2 reposts + replies + 2 quotes.
  int64_t engagement() const { return likes + 2 * reposts + replies + 2 * quotes; }
};

struct Post {
  std::string id;
  Account author;
  std::string text;
  int64_t created_at_ms = 0;
  std::string lang;      // BCP 47 primary tag ("en", "ar"), or empty when unknown
  std::string reply_to;  // ids of related posts; empty when none
  std::string quote_of;
  std::string repost_of;
  std::vector<std::string> hashtags;  // without '#'
  std::vector<std::string> mentions;  // handles without '@'
  std::vector<std::string> urls;
  PostMetrics metrics;
  std::string source;        // "simulator", "jetstream", "mastodon", "xv2", "jsonl", ...
  float credibility = 1.0f;  // per-post ranking factor in [0, 1], supplied at ingest

  bool operator==(const Post&) const = default;
};

// Checks the invariants above; the message names the offending field.
// The latest creation time validate() accepts (year ~287,000): times stay exact in JSON numbers
// and sums of a time and an unsigned 32-bit count of seconds cannot overflow.
inline constexpr int64_t kMaxCreatedAtMs = int64_t{1} << 53;
Status validate(const Post& post);
// validate() without its UTF-8 checks, for a caller that has proven every string well-formed
// (PostJsonParser, whose input simdjson validated and that held no \u escape).
Status validate_except_utf8(const Post& post);

}  // namespace chorus
