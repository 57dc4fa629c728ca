// libFuzzer target for the canonical Post parsers (post/post_json.h, post/post_binary.h). The
// first byte picks the parser, the rest is its input:
//   even  PostJsonParser::parse; an accepted post must pass the full validate() (UTF-8
//         included, which parse skips where simdjson's check proves it), parse_padded must
//         agree, and the post re-serialized by post_to_json must parse again to the same JSON
//         (a fixed point after one round)
//   odd   decode_post of the binary log payload; an accepted post must re-encode to bytes that
//         decode to the same encoding
// A broken contract traps.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "post/post_binary.h"
#include "post/post_json.h"

namespace {

void check_json(std::string_view input) {
  static chorus::PostJsonParser parser;
  chorus::Post post;
  const chorus::Status st = parser.parse(input, &post);
  std::string padded(input);
  padded.append(chorus::kPostJsonPadding, '"');
  chorus::Post in_place;
  const chorus::Status st2 =
      parser.parse_padded(std::string_view(padded.data(), input.size()), &in_place);
  if (st.to_string() != st2.to_string() || (st.is_ok() && !(post == in_place))) __builtin_trap();
  if (!st.is_ok()) return;
  if (!chorus::validate(post).is_ok()) __builtin_trap();
  const std::string once = chorus::post_to_json(post);
  chorus::Post again;
  if (!parser.parse(once, &again).is_ok()) __builtin_trap();
  if (chorus::post_to_json(again) != once) __builtin_trap();
}

void check_binary(std::string_view input) {
  chorus::Post post;
  if (!chorus::decode_post(input, &post).is_ok()) return;
  std::string once;
  chorus::encode_post(post, &once);
  chorus::Post again;
  if (!chorus::decode_post(once, &again).is_ok()) __builtin_trap();
  std::string twice;
  chorus::encode_post(again, &twice);
  if (twice != once) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (data[0] % 2 == 0) {
    check_json(rest);
  } else {
    check_binary(rest);
  }
  return 0;
}
