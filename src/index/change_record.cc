#include "index/change_record.h"

#include "post/post_binary.h"

namespace chorus::index {

void encode_delete_change(std::string_view post_id, std::string* out) {
  out->push_back(static_cast<char>(ChangeOp::kDelete));
  out->append(post_id);
}

void encode_edit_change(const Post& post, std::string* out) {
  out->push_back(static_cast<char>(ChangeOp::kEdit));
  encode_post(post, out);
}

Status decode_change(std::string_view payload, DecodedChange* out) {
  if (payload.empty()) return corruption("change record: empty payload");
  const auto op = static_cast<uint8_t>(payload[0]);
  std::string_view body = payload.substr(1);
  if (op == static_cast<uint8_t>(ChangeOp::kDelete)) {
    if (body.empty()) return corruption("change record: delete without a post id");
    out->op = ChangeOp::kDelete;
    out->id.assign(body);
    return Status::ok();
  }
  if (op != static_cast<uint8_t>(ChangeOp::kEdit))
    return corruption("change record: unknown operation " + std::to_string(op));
  out->op = ChangeOp::kEdit;
  Status s = decode_post(body, &out->post);
  if (!s.is_ok()) return s.with_context("change record: edit");
  out->id = out->post.id;
  return Status::ok();
}

}  // namespace chorus::index
