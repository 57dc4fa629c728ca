// StreamEvent: what a decoder makes of one outside record.
//
// A record (a line, a message, an SSE event) becomes zero or more events: a new post, an edit of
// a post already seen, or a deletion. Records a decoder ignores by design (other event kinds or
// collections) are counted as skipped, never dead-lettered; malformed ones are rejected with a
// reason (see decoder.h).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "post/post.h"

namespace chorus::stream {

enum class EventKind {
  kPost,    // a new post: `post` is complete and passed validate()
  kEdit,    // a new version of post `post.id`: `post` is complete and passed validate()
  kDelete,  // post `post.id` was deleted; only post.id (and post.source) are set
};

struct StreamEvent {
  EventKind kind = EventKind::kPost;
  Post post;
  // Source fields the canonical Post has no place for.
  bool author_bot = false;  // the account says it is automated (Mastodon `bot`)
  int64_t cursor = 0;       // source resume position (Jetstream time_us); 0 when none
  int64_t line = 0;         // input line the event came from (set by IngestPipeline); 0: none
};

// The output of decoding records. Decoders append to `events` and `item_errors` and bump
// `skipped`; the caller clears it between batches. Not thread-safe.
struct DecodeOutput {
  std::vector<StreamEvent> events;
  uint64_t skipped = 0;  // records (or items) ignored by design: counted, not dead-lettered
  // Reasons for items rejected inside a record that holds several (a REST page of statuses or
  // tweets) while the record's other items were kept; each is dead-lettered with the record.
  std::vector<std::string> item_errors;

  void clear() {
    events.clear();
    skipped = 0;
    item_errors.clear();
  }
};

std::string_view event_kind_name(EventKind kind);

// Posts and edits: chorus::validate(post). Deletes: a non-empty id of valid UTF-8 within
// kMaxIdBytes.
Status validate_event(const StreamEvent& event);

}  // namespace chorus::stream
