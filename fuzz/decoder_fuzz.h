// The shared body of the decoder fuzz targets: the named decoder on arbitrary bytes (one record
// per line) must never crash; whatever it accepts must be a valid event, a rejection must
// leave the output unchanged, and decode_padded (on a padded copy, by a second decoder) must
// give the same status and events as decode.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "stream/decoder.h"

inline int fuzz_decoder(std::string_view format, const uint8_t* data, size_t size) {
  static auto decoder = std::move(chorus::stream::make_decoder(format)).value();
  static auto in_place = std::move(chorus::stream::make_decoder(format)).value();
  chorus::stream::DecodeOutput out, out2;
  (void)decoder->decode("", &out);  // a blank record ends any SSE event left from the last input
  (void)in_place->decode("", &out2);
  out.clear();
  out2.clear();
  std::string padded;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  size_t start = 0;
  while (start <= input.size()) {
    size_t nl = input.find('\n', start);
    if (nl == std::string_view::npos) nl = input.size();
    size_t before = out.events.size();
    const std::string_view record = input.substr(start, nl - start);
    chorus::Status st = decoder->decode(record, &out);
    if (!st.is_ok() && out.events.size() != before) std::abort();
    padded.assign(record);
    padded.append(chorus::stream::Decoder::kRecordPadding, '\n');
    chorus::Status st2 =
        in_place->decode_padded(std::string_view(padded.data(), record.size()), &out2);
    if (st.to_string() != st2.to_string() || out2.events.size() != out.events.size()) std::abort();
    for (size_t i = before; i < out.events.size(); ++i)
      if (out.events[i].kind != out2.events[i].kind || !(out.events[i].post == out2.events[i].post))
        std::abort();
    for (size_t i = before; i < out.events.size(); ++i)
      if (!chorus::stream::validate_event(out.events[i]).is_ok()) std::abort();
    start = nl + 1;
  }
  return 0;
}
