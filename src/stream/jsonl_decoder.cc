#include "stream/jsonl_decoder.h"

namespace chorus::stream {

Status JsonlDecoder::decode(std::string_view record, DecodeOutput* out) {
  StreamEvent& ev = out->events.emplace_back();
  Status st = parser_.parse(record, &ev.post);
  if (!st.is_ok()) {
    out->events.pop_back();
    return st;
  }
  if (ev.post.source.empty()) ev.post.source = "jsonl";
  return Status::ok();
}

}  // namespace chorus::stream
