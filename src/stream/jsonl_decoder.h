// JsonlDecoder: canonical post JSON (docs/post-schema.md), one object per record.
//
// The fast path of `chorus ingest --format jsonl`; delegates to PostJsonParser. A post without
// a `source` gets "jsonl". Every record is a kPost event.
#pragma once

#include "post/post_json.h"
#include "stream/decoder.h"

namespace chorus::stream {

class JsonlDecoder : public Decoder {
 public:
  std::string_view format() const override { return "jsonl"; }
  Status decode(std::string_view record, DecodeOutput* out) override;

 private:
  PostJsonParser parser_;
};

}  // namespace chorus::stream
