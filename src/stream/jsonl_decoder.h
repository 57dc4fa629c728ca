// JsonlDecoder: canonical post JSON (docs/post-schema.md), one object per record.
//
// The fast path of `chorus ingest --format jsonl`; delegates to PostJsonParser. A post without
// a `source` gets "jsonl". A record is a kPost event unless it has an "op" field:
//   {"op":"post", ...post fields}   a new post (the same as no "op")
//   {"op":"edit", ...post fields}   a new version of post `id` (kEdit)
//   {"op":"delete","id":"..."}      post `id` was deleted (kDelete; other fields are ignored)
// Any other "op" value, or one that is not a string, is rejected naming the field.
#pragma once

#include "post/post_json.h"
#include "stream/decoder.h"
#include "stream/json_dom.h"

namespace chorus::stream {

class JsonlDecoder : public Decoder {
 public:
  std::string_view format() const override { return "jsonl"; }
  Status decode(std::string_view record, DecodeOutput* out) override;
  // Parses the record in place (no copy).
  Status decode_padded(std::string_view record, DecodeOutput* out) override;

 private:
  Status decode_record(std::string_view record, bool padded, DecodeOutput* out);
  // The record's "op" (kPost when absent); only records that mention "op" pay for this parse.
  Status read_op(std::string_view record, EventKind* kind, std::string* delete_id);

  PostJsonParser parser_;
  JsonDom dom_;
};

}  // namespace chorus::stream
