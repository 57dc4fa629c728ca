// The shared body of the decoder fuzz targets: the named decoder on arbitrary bytes (one record
// per line) must never crash; whatever it accepts must be a valid event, and a rejection must
// leave the output unchanged.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "stream/decoder.h"

inline int fuzz_decoder(std::string_view format, const uint8_t* data, size_t size) {
  static auto decoder = std::move(chorus::stream::make_decoder(format)).value();
  chorus::stream::DecodeOutput out;
  (void)decoder->decode("", &out);  // a blank record ends any SSE event left from the last input
  out.clear();
  std::string_view input(reinterpret_cast<const char*>(data), size);
  size_t start = 0;
  while (start <= input.size()) {
    size_t nl = input.find('\n', start);
    if (nl == std::string_view::npos) nl = input.size();
    size_t before = out.events.size();
    chorus::Status st = decoder->decode(input.substr(start, nl - start), &out);
    if (!st.is_ok() && out.events.size() != before) std::abort();
    for (size_t i = before; i < out.events.size(); ++i)
      if (!chorus::stream::validate_event(out.events[i]).is_ok()) std::abort();
    start = nl + 1;
  }
  return 0;
}
