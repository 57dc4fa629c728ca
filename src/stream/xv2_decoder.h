// Xv2Decoder: X (Twitter) API v2 tweets with expansions.
//
// A record is one API response line: a filtered-stream line {"data":{tweet},"includes":{...},
// "matching_rules":[...]} or a search/timeline page {"data":[tweets],"includes":{...},
// "meta":{...}}. Each tweet becomes a kPost joined with its includes: author_id ->
// includes.users (username, name, created_at, public_metrics, verified). entities give hashtags,
// mentions and urls (expanded_url when present); referenced_tweets give reply_to (replied_to),
// quote_of (quoted) and repost_of (retweeted); public_metrics give metrics (impression_count ->
// views). Ids are "x:" + the tweet id. Language "und" becomes empty.
// Edits: a tweet whose edit_history_tweet_ids starts with another id is an edit of that
// (original) id: a kEdit whose post.id is "x:" + the original id and whose text is the new one.
// Deletes: a compliance-stream line {"data":{"delete":{"tweet":{"id":...}}}} is a kDelete; the
// other compliance events (tweet_edit, withheld, drop, undrop, scrub_geo) carry no post and are
// skipped.
// A line with "errors" and no "data" is rejected with the first error's title and detail. In a
// page, a bad tweet goes to DecodeOutput::item_errors and the others are kept.
#pragma once

#include "stream/decoder.h"
#include "stream/json_dom.h"

namespace chorus::stream {

class Xv2Decoder : public Decoder {
 public:
  static constexpr std::string_view kIdPrefix = "x:";

  std::string_view format() const override { return "xv2"; }
  Status decode(std::string_view record, DecodeOutput* out) override;

 private:
  Status decode_tweet(object tweet, object includes, bool has_includes, DecodeOutput* out);
  // A compliance event in `data`: sets *handled when `data` is one (not a tweet).
  Status decode_compliance(object data, bool* handled, DecodeOutput* out);

  JsonDom dom_;
};

}  // namespace chorus::stream
