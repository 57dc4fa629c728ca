#include "stream/stream_event.h"

#include "base/utf8.h"

namespace chorus::stream {

std::string_view event_kind_name(EventKind kind) {
  switch (kind) {
    case EventKind::kPost:
      return "post";
    case EventKind::kEdit:
      return "edit";
    case EventKind::kDelete:
      return "delete";
  }
  return "unknown";
}

Status validate_event(const StreamEvent& event) {
  if (event.kind != EventKind::kDelete) return validate(event.post);
  const std::string& id = event.post.id;
  if (id.empty()) return invalid_argument("id: missing");
  if (id.size() > kMaxIdBytes)
    return invalid_argument("id: " + std::to_string(id.size()) + " bytes, more than the limit of " +
                            std::to_string(kMaxIdBytes));
  if (!utf8::valid(id)) return invalid_argument("id: invalid UTF-8");
  return Status::ok();
}

}  // namespace chorus::stream
