// Decoder: turns one outside record into canonical StreamEvents, or rejects it with a reason.
//
// Contract for every decoder:
// - decode() never crashes or throws on any input bytes; bad input returns kInvalidArgument whose
//   message names the field (and the offset when JSON is malformed). On rejection nothing is
//   appended to the output.
// - Posts it emits passed chorus::validate(); their `source` is the decoder's format name.
// - A decoder is stateful only where a format needs it (SSE `event:` lines); one instance per
//   thread. Instances are cheap to make.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "stream/stream_event.h"

namespace chorus::stream {

class Decoder {
 public:
  virtual ~Decoder() = default;
  // The format name: "jsonl", "jetstream", "mastodon", "xv2".
  virtual std::string_view format() const = 0;
  // Decodes one record (without its line terminator) and appends what it holds to `out`.
  virtual Status decode(std::string_view record, DecodeOutput* out) = 0;
  // The same for a record followed by at least kRecordPadding readable bytes (LineReader's
  // lines are), which a decoder may parse in place; by default decode().
  static constexpr size_t kRecordPadding = 64;
  virtual Status decode_padded(std::string_view record, DecodeOutput* out) {
    return decode(record, out);
  }
};

// The formats make_decoder knows, in a stable order.
const std::vector<std::string>& decoder_formats();
// A decoder for `format`, or kInvalidArgument naming the known formats.
Result<std::unique_ptr<Decoder>> make_decoder(std::string_view format);

}  // namespace chorus::stream
