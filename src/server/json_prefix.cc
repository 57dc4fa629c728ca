#include "server/json_prefix.h"

namespace chorus::server {
namespace {

bool is_ws(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}
bool is_digit(unsigned char c) {
  return c >= '0' && c <= '9';
}
bool is_hex(unsigned char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

}  // namespace

bool JsonPrefix::feed(std::string_view bytes) {
  for (char ch : bytes)
    if (!byte(static_cast<unsigned char>(ch))) return false;
  return true;
}

bool JsonPrefix::whitespace() {
  return ++ws_run_ <= kMaxWhitespaceRun;
}

bool JsonPrefix::start_value(unsigned char c) {
  if (c == '{' || c == '[') {
    stack_ += static_cast<char>(c);
    mode_ = c == '{' ? Mode::kKeyFirst : Mode::kArrayFirst;
    return true;
  }
  if (c == '"') {
    mode_ = Mode::kString;
    string_is_key_ = false;
    return true;
  }
  if (c == '-' || is_digit(c)) {
    mode_ = Mode::kNumber;
    num_ = c == '-' ? Num::kMinus : c == '0' ? Num::kZero : Num::kInt;
    return true;
  }
  const char* lit = c == 't' ? "rue" : c == 'f' ? "alse" : c == 'n' ? "ull" : nullptr;
  if (lit == nullptr) return false;
  literal_ = lit;
  mode_ = Mode::kLiteral;
  return true;
}

bool JsonPrefix::close(unsigned char c) {
  if (stack_.empty() || (c != '}' && c != ']')) return false;
  if ((c == '}' && stack_.back() != '{') || (c == ']' && stack_.back() != '[')) return false;
  stack_.pop_back();
  after_value();
  return true;
}

bool JsonPrefix::number(unsigned char c) {
  switch (num_) {
    case Num::kMinus:
      if (!is_digit(c)) return false;
      num_ = c == '0' ? Num::kZero : Num::kInt;
      return true;
    case Num::kZero:
    case Num::kInt:
      if (num_ == Num::kInt && is_digit(c)) return true;
      if (c == '.') return num_ = Num::kDot, true;
      if (c == 'e' || c == 'E') return num_ = Num::kExp, true;
      break;
    case Num::kDot:
      if (!is_digit(c)) return false;
      num_ = Num::kFrac;
      return true;
    case Num::kFrac:
      if (is_digit(c)) return true;
      if (c == 'e' || c == 'E') return num_ = Num::kExp, true;
      break;
    case Num::kExp:
      if (c == '+' || c == '-') return num_ = Num::kExpSign, true;
      if (!is_digit(c)) return false;
      num_ = Num::kExpDigits;
      return true;
    case Num::kExpSign:
      if (!is_digit(c)) return false;
      num_ = Num::kExpDigits;
      return true;
    case Num::kExpDigits:
      if (is_digit(c)) return true;
      break;
  }
  // The number ended (in a state where it may end); c belongs to what follows.
  after_value();
  return byte(c);
}

bool JsonPrefix::byte(unsigned char c) {
  switch (mode_) {
    case Mode::kString:
      if (c == '"') {
        mode_ = string_is_key_ ? Mode::kColon : Mode::kAfterValue;
        if (!string_is_key_ && stack_.empty()) mode_ = Mode::kDone;
        ws_run_ = 0;
        return true;
      }
      if (c == '\\') return mode_ = Mode::kEscape, true;
      return c >= 0x20;
    case Mode::kEscape:
      if (c == 'u') return mode_ = Mode::kUnicode, hex_left_ = 4, true;
      mode_ = Mode::kString;
      return c == '"' || c == '\\' || c == '/' || c == 'b' || c == 'f' || c == 'n' || c == 'r' ||
             c == 't';
    case Mode::kUnicode:
      if (!is_hex(c)) return false;
      if (--hex_left_ == 0) mode_ = Mode::kString;
      return true;
    case Mode::kNumber:
      return number(c);
    case Mode::kLiteral:
      if (c != static_cast<unsigned char>(literal_.front())) return false;
      literal_.erase(0, 1);
      if (literal_.empty()) after_value();
      return true;
    default:
      break;
  }
  if (is_ws(c)) return mode_ != Mode::kStart && whitespace();
  ws_run_ = 0;
  switch (mode_) {
    case Mode::kStart:
      if (c != '{') return false;
      return start_value(c);
    case Mode::kValue:
      return start_value(c);
    case Mode::kArrayFirst:
      return c == ']' ? close(c) : start_value(c);
    case Mode::kKeyFirst:
    case Mode::kKey:
      if (c == '}' && mode_ == Mode::kKeyFirst) return close(c);
      if (c != '"') return false;
      mode_ = Mode::kString;
      string_is_key_ = true;
      return true;
    case Mode::kColon:
      if (c != ':') return false;
      mode_ = Mode::kValue;
      return true;
    case Mode::kAfterValue:
      if (c == ',') {
        mode_ = stack_.back() == '{' ? Mode::kKey : Mode::kValue;
        return true;
      }
      return close(c);
    case Mode::kDone:
    default:
      return false;
  }
}

}  // namespace chorus::server
