// GPT-2's byte-level alphabet: byte-level BPE vocabularies store token bytes as printable code
// points (bytes_to_unicode: '!'..'~', '¡'..'¬', '®'..'ÿ' stand for themselves, the other 68 bytes
// for U+0100.. in byte order; ' ' is 'Ġ', '\n' is 'Ċ').
//
// Thread-safety: pure functions over constant tables.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace chorus::model::byte_level {

char32_t byte_to_codepoint(uint8_t b);
// The byte a code point stands for, or -1 when it stands for none.
int codepoint_to_byte(char32_t cp);
// Raw bytes -> token text (UTF-8 of the stand-in code points).
std::string encode(std::string_view bytes);
// Token text -> raw bytes. Code points that stand for no byte are copied as their UTF-8; ill-formed
// UTF-8 is copied as is.
std::string decode(std::string_view text);

}  // namespace chorus::model::byte_level
