#include "base/json_log_formatter.h"

#include <spdlog/pattern_formatter.h>

#include "base/utf8.h"

namespace chorus {
namespace {

// The %j flag: the log message as an escaped JSON string body.
class JsonMessageFlag : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&,
              spdlog::memory_buf_t& dest) override {
    std::string out;
    append_json_escaped(std::string_view(msg.payload.data(), msg.payload.size()), &out);
    dest.append(out.data(), out.data() + out.size());
  }
  std::unique_ptr<spdlog::custom_flag_formatter> clone() const override {
    return std::make_unique<JsonMessageFlag>();
  }
};

}  // namespace

void append_json_escaped(std::string_view s, std::string* out) {
  static const char kHex[] = "0123456789abcdef";
  std::string valid = utf8::valid(s) ? std::string(s) : utf8::sanitize(s);
  for (unsigned char c : valid) {
    switch (c) {
      case '"':
        *out += "\\\"";
        break;
      case '\\':
        *out += "\\\\";
        break;
      case '\n':
        *out += "\\n";
        break;
      case '\r':
        *out += "\\r";
        break;
      case '\t':
        *out += "\\t";
        break;
      default:
        if (c < 0x20) {
          *out += "\\u00";
          *out += kHex[c >> 4];
          *out += kHex[c & 15];
        } else {
          *out += static_cast<char>(c);
        }
    }
  }
}

std::unique_ptr<spdlog::formatter> make_json_log_formatter() {
  auto f = std::make_unique<spdlog::pattern_formatter>(spdlog::pattern_time_type::utc);
  f->add_flag<JsonMessageFlag>('j').set_pattern(
      R"({"ts":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l","msg":"%j"})");
  return f;
}

}  // namespace chorus
