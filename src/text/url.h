// URL recognition and reduction to search terms (private to src/text).
//
// A URL starts with "http://", "https://" or "www." (ASCII case-insensitive) at a word boundary
// and runs to the first whitespace, control character, < > " ` { } | \ ^, non-ASCII punctuation,
// CJK or emoji character, or ill-formed UTF-8; trailing . , ; : ! ? ' * are not part of it, nor is
// a trailing ) or ] without a matching opener inside the URL.
// Bare domains without "www." ("example.org/x") are not recognized: they segment as words.
//
// Terms (url_terms):
//   host   "host:<host>"  lowercased, without user info, port, a leading "www." and a trailing dot
//   path   "path:<seg>"   one per '/'-separated segment before '?' or '#', percent-decoded when
//                         that yields valid UTF-8, ASCII-lowercased. Skipped: empty segments,
//                         "." and "..", segments of only digits longer than 6 (status ids such
//                         as /status/1790012345678), and segments longer than 64 bytes
//                         (opaque tokens). Query strings and fragments give no terms.
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace chorus::text::internal {

// Length in bytes of the URL that starts at text[0], or 0 when none starts there. Does not check
// the word boundary before text[0]; the caller does.
size_t url_length(std::string_view text);

// The terms of one URL. Reused from URL to URL, its buffers stop allocating once grown.
struct UrlTerms {
  std::string host;                 // "host:example.org", or empty when the URL has no host
  std::string paths;                // "path:news" terms back to back
  std::vector<uint32_t> path_ends;  // end offset in `paths` of each path term
  std::string segment;              // scratch: one decoded path segment

  size_t path_count() const { return path_ends.size(); }
  std::string_view path(size_t i) const {
    uint32_t begin = i == 0 ? 0 : path_ends[i - 1];
    return std::string_view(paths).substr(begin, path_ends[i] - begin);
  }
};

// Replaces the contents of *out with the terms of `url`.
void url_terms(std::string_view url, UrlTerms* out);

}  // namespace chorus::text::internal
