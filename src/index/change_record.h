// The payload of a change record (log_format::RecordType::kChange): an edit or a delete of a
// post, written by Index::update/remove and replayed by open(). Private to src/index.
//
//   [u8 op] [body]
//   op 1 (delete): body = the post id (UTF-8 bytes, the rest of the payload)
//   op 2 (edit):   body = encode_post() of the new version (post/post_binary.h)
// The record's CRC (log_format.h) covers op and body; decode_change() names what is wrong with a
// payload that is intact on disk but not a change this version understands.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"
#include "post/post.h"

namespace chorus::index {

enum class ChangeOp : uint8_t { kDelete = 1, kEdit = 2 };

void encode_delete_change(std::string_view post_id, std::string* out);
void encode_edit_change(const Post& post, std::string* out);

struct DecodedChange {
  ChangeOp op = ChangeOp::kDelete;
  std::string id;  // the post's id (for an edit, post.id)
  Post post;       // kEdit only
};
Status decode_change(std::string_view payload, DecodedChange* out);

}  // namespace chorus::index
