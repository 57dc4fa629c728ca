// A compact binary encoding of the canonical Post, used for log records and the doc store.
// Format (version 1): a version byte, then each field in declaration order; strings and arrays
// as a varint length followed by bytes; integers as zig-zag varints; credibility as a float32.
// decode_post checks every length against the input and fails with kCorruption naming the field.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"
#include "post/post.h"

namespace chorus {

void encode_post(const Post& post, std::string* out);
Status decode_post(std::string_view data, Post* out);

// Varint helpers shared with other on-disk formats.
void put_varint(uint64_t v, std::string* out);
// Reads a varint at *pos; false when truncated or longer than 10 bytes.
bool get_varint(std::string_view data, size_t* pos, uint64_t* v);

}  // namespace chorus
