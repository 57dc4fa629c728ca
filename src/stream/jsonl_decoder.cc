#include "stream/jsonl_decoder.h"

namespace chorus::stream {

Status JsonlDecoder::read_op(std::string_view record, EventKind* kind, std::string* delete_id) {
  *kind = EventKind::kPost;
  // A key "op" appears as "op" in the bytes; an escaped quote inside a string never matches.
  if (record.find("\"op\"") == std::string_view::npos) return Status::ok();
  CHORUS_ASSIGN_OR_RETURN(element root, dom_.parse(record));
  object obj;
  if (root.get_object().get(obj)) return invalid_argument("expected a JSON object");
  std::string_view op;
  CHORUS_RETURN_IF_ERROR(get_string_view(obj, "op", "op", &op));
  if (op.empty() || op == "post") return Status::ok();
  if (op == "edit") {
    *kind = EventKind::kEdit;
    return Status::ok();
  }
  if (op != "delete")
    return invalid_argument("op: unknown '" + std::string(op) + "' (post, edit or delete)");
  *kind = EventKind::kDelete;
  return get_string(obj, "id", "id", delete_id);
}

Status JsonlDecoder::decode(std::string_view record, DecodeOutput* out) {
  EventKind kind;
  std::string delete_id;
  CHORUS_RETURN_IF_ERROR(read_op(record, &kind, &delete_id));
  StreamEvent& ev = out->events.emplace_back();
  ev.kind = kind;
  Status st;
  if (kind == EventKind::kDelete) {
    ev.post.id = std::move(delete_id);
    st = validate_event(ev);
  } else {
    st = parser_.parse(record, &ev.post);
  }
  if (!st.is_ok()) {
    out->events.pop_back();
    return st;
  }
  if (ev.post.source.empty()) ev.post.source = "jsonl";
  return Status::ok();
}

}  // namespace chorus::stream
