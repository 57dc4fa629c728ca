// JetstreamDecoder: Bluesky Jetstream events (one JSON object per WebSocket message or line).
//
// Only `kind:"commit"` events of collection app.bsky.feed.post make posts:
//   create -> kPost, update -> kEdit, delete -> kDelete.
// Other kinds (identity, account) and collections (likes, follows, ...) are skipped and counted.
// The post id is its at:// URI ("at://<did>/app.bsky.feed.post/<rkey>"); author.id is the DID
// (Jetstream carries no handle). Facets give hashtags, mentions (the @handle text the facet
// spans, else its DID) and links; reply.parent.uri gives reply_to; an embedded record
// (app.bsky.embed.record or recordWithMedia) gives quote_of; an external embed adds its URL.
// `createdAt` is client-supplied: when it does not parse, the event time (time_us) is used.
// Every event carries cursor = time_us, the position to resume a Jetstream subscription from.
#pragma once

#include "stream/decoder.h"
#include "stream/json_dom.h"

namespace chorus::stream {

class JetstreamDecoder : public Decoder {
 public:
  static constexpr std::string_view kPostCollection = "app.bsky.feed.post";

  std::string_view format() const override { return "jetstream"; }
  Status decode(std::string_view record, DecodeOutput* out) override;

  // time_us of the last event decoded without error (skipped ones included); 0 before any.
  int64_t last_cursor() const { return last_cursor_; }

 private:
  JsonDom dom_;
  int64_t last_cursor_ = 0;
};

}  // namespace chorus::stream
