// JsonPrefix: an incremental checker that text is a prefix of one JSON object (RFC 8259), used
// to constrain generation under response_format {"type":"json_object"}.
//
// feed() consumes bytes and returns false at the first byte that no valid JSON object text can
// continue with (the state is then unspecified: feed a copy to probe). Beyond the grammar, runs
// of whitespace outside strings are capped at kMaxWhitespaceRun so that a constrained sampler
// cannot stall in blank space, and the text must start with the top-level object's '{'. complete()
// is true once the top-level object closed. A plain value type: copy to probe a candidate token.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace chorus::server {

class JsonPrefix {
 public:
  static constexpr int kMaxWhitespaceRun = 16;

  bool feed(std::string_view bytes);
  bool complete() const { return mode_ == Mode::kDone; }
  int depth() const { return static_cast<int>(stack_.size()); }

 private:
  enum class Mode : uint8_t {
    kStart,       // before the top-level '{'
    kValue,       // a value must start
    kArrayFirst,  // after '[': a value or ']'
    kKeyFirst,    // after '{': a key or '}'
    kKey,         // after ',' in an object: a key
    kColon,       // after a key
    kAfterValue,  // ',' or a closing bracket
    kString,      // inside a string
    kEscape,      // after '\' in a string
    kUnicode,     // inside \uXXXX (hex_left_ digits to go)
    kNumber,      // inside a number (see num_)
    kLiteral,     // inside true / false / null (literal_ holds the rest)
    kDone,        // the top-level object closed
  };
  // Number sub-states: after '-', after leading '0', in integer digits, after '.', in fraction
  // digits, after 'e', after exponent sign, in exponent digits.
  enum class Num : uint8_t { kMinus, kZero, kInt, kDot, kFrac, kExp, kExpSign, kExpDigits };

  bool byte(unsigned char c);
  bool start_value(unsigned char c);
  bool close(unsigned char c);
  bool number(unsigned char c);
  bool whitespace();
  void after_value() { mode_ = stack_.empty() ? Mode::kDone : Mode::kAfterValue; }

  Mode mode_ = Mode::kStart;
  Num num_ = Num::kInt;
  bool string_is_key_ = false;
  int hex_left_ = 0;
  int ws_run_ = 0;
  std::string literal_;  // the rest of a literal being read
  std::string stack_;    // '{' and '[' of the open containers
};

}  // namespace chorus::server
