#include "model/tokenizer/byte_level.h"

#include <array>

#include "base/utf8.h"

namespace chorus::model::byte_level {
namespace {

bool stands_for_itself(int b) {
  return (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
}

constexpr char32_t kStandInEnd = 256 + 68;  // 68 bytes need a stand-in from U+0100 on

struct Tables {
  std::array<char32_t, 256> to_cp{};
  std::array<std::string, 256> to_utf8;
  std::array<int16_t, kStandInEnd> from_cp{};  // -1: stands for no byte
  Tables() {
    from_cp.fill(-1);
    char32_t next = 256;
    for (int b = 0; b < 256; ++b) {
      to_cp[b] = stands_for_itself(b) ? static_cast<char32_t>(b) : next++;
      utf8::append(to_utf8[b], to_cp[b]);
      from_cp[to_cp[b]] = static_cast<int16_t>(b);
    }
  }
};

const Tables& tables() {
  static const Tables t;
  return t;
}

}  // namespace

char32_t byte_to_codepoint(uint8_t b) {
  return tables().to_cp[b];
}

int codepoint_to_byte(char32_t cp) {
  return cp < kStandInEnd ? tables().from_cp[cp] : -1;
}

std::string encode(std::string_view bytes) {
  const Tables& t = tables();
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char b : bytes) out += t.to_utf8[b];
  return out;
}

std::string decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    char32_t cp;
    const size_t n = utf8::decode(text.substr(i), &cp);
    if (n == 0) {
      out += text[i++];
      continue;
    }
    const int b = codepoint_to_byte(cp);
    if (b >= 0) {
      out += static_cast<char>(b);
    } else {
      out.append(text.substr(i, n));
    }
    i += n;
  }
  return out;
}

}  // namespace chorus::model::byte_level
