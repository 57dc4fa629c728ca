// libFuzzer target: the xv2 decoder on arbitrary bytes (one record per line) must never crash;
// whatever it accepts must be a valid event, and a rejection must leave the output unchanged.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "stream/decoder.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static auto decoder = std::move(chorus::stream::make_decoder("xv2")).value();
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
