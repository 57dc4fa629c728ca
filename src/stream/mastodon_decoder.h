// MastodonDecoder: Mastodon Status entities and streaming-API events.
//
// A record may be:
// - a Status JSON object (one per line) -> kPost;
// - a JSON array of Statuses (a REST timeline page) -> a kPost each; a bad item is reported in
//   DecodeOutput::item_errors while the others are kept;
// - a streaming event in the WebSocket form {"event":"update","payload":"<JSON>"};
// - a line of the SSE form: "event: <type>" remembers the type for the next "data: <payload>"
//   line (Mastodon sends each payload on one line); comment lines (":)") and blank lines are
//   ignored.
// Event types: update -> kPost, status.update -> kEdit, delete (payload: the status id) ->
// kDelete; others (notification, conversation, filters_changed, ...) are skipped and counted.
//
// Mapping: id = id_prefix + status id (statuses on other servers have their own ids, so a
// deployment following several servers gives each its own prefix); HTML content to text
// (spoiler_text, when set, comes first); tags -> hashtags; mentions -> their acct; links in the
// content -> urls; in_reply_to_id -> reply_to; reblog -> repost_of (text: the reblogged
// status's); quote.quoted_status -> quote_of; account: id, acct, display_name, created_at,
// followers_count, following_count, bot -> StreamEvent::author_bot; favourites_count,
// reblogs_count, replies_count, quotes_count -> metrics.
#pragma once

#include <string>

#include "stream/decoder.h"
#include "stream/json_dom.h"

namespace chorus::stream {

class MastodonDecoder : public Decoder {
 public:
  explicit MastodonDecoder(std::string id_prefix = "mastodon:")
      : id_prefix_(std::move(id_prefix)) {}

  std::string_view format() const override { return "mastodon"; }
  Status decode(std::string_view record, DecodeOutput* out) override;
  // One streaming event: its type and its payload (a Status JSON, or a status id for delete).
  Status decode_event(std::string_view event, std::string_view payload, DecodeOutput* out);

 private:
  Status decode_json(std::string_view json, EventKind kind, DecodeOutput* out);
  Status decode_status(object status, EventKind kind, DecodeOutput* out);

  std::string id_prefix_;
  std::string pending_event_;  // from an SSE "event:" line
  JsonDom dom_;
  std::string payload_;  // a WebSocket event's payload, copied out of the DOM
};

}  // namespace chorus::stream
