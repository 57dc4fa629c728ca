// The index Change a decoded StreamEvent asks for. Header-only, for the consumers that feed an
// index (chorus_stream itself does not depend on chorus_index).
#pragma once

#include <utility>

#include "index/index.h"
#include "stream/stream_event.h"

namespace chorus::stream {

inline index::ChangeKind change_kind(EventKind kind) {
  switch (kind) {
    case EventKind::kEdit:
      return index::ChangeKind::kEdit;
    case EventKind::kDelete:
      return index::ChangeKind::kDelete;
    case EventKind::kPost:
      break;
  }
  return index::ChangeKind::kPost;
}

// Moves the event's post into the change.
inline index::Change to_change(StreamEvent&& e) {
  index::Change c;
  c.kind = change_kind(e.kind);
  c.post = std::move(e.post);
  return c;
}

}  // namespace chorus::stream
