// UTF-8 validation and decoding (RFC 3629: no overlongs, no surrogates, max U+10FFFF).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace chorus::utf8 {

// True when `s` is entirely well-formed UTF-8.
bool valid(std::string_view s);
// Byte offset of the first ill-formed sequence, or s.size() when valid.
size_t first_invalid(std::string_view s);
// Decodes one code point at the start of `s` into `cp`; returns its length in bytes, or 0 when
// the sequence is ill-formed or truncated.
size_t decode(std::string_view s, char32_t* cp);
void append(std::string& out, char32_t cp);
// Length of the longest prefix of `s` that does not end inside a multi-byte sequence; used to
// stream only complete characters.
size_t complete_prefix(std::string_view s);
// Replaces each ill-formed sequence with U+FFFD.
std::string sanitize(std::string_view s);

}  // namespace chorus::utf8
