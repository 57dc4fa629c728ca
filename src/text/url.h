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
#include <string>
#include <string_view>
#include <vector>

namespace chorus::text::internal {

// Length in bytes of the URL that starts at text[0], or 0 when none starts there. Does not check
// the word boundary before text[0]; the caller does.
size_t url_length(std::string_view text);

struct UrlTerms {
  std::string host;               // "host:example.org", or empty when the URL has no host
  std::vector<std::string> path;  // "path:news", ...
};

UrlTerms url_terms(std::string_view url);

}  // namespace chorus::text::internal
