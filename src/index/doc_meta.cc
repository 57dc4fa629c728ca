#include "index/doc_meta.h"

#include <string>

#include "base/hash.h"

namespace chorus::index {
namespace {

char lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string lowered(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = lower(c);
  return out;
}

}  // namespace

uint64_t author_key(std::string_view handle) {
  if (!handle.empty() && handle.front() == '@') handle.remove_prefix(1);
  uint64_t h = hash64(lowered(handle), 0x6175746830ull);
  return h == 0 ? 1 : h;
}

uint32_t lang_code(std::string_view lang) {
  if (lang.empty()) return 0;
  std::string l = lowered(lang);
  if (l.size() <= 3) {
    uint32_t code = 0;
    for (char c : l) code = (code << 8) | static_cast<uint8_t>(c);
    return code;
  }
  return static_cast<uint32_t>(hash64(l)) | 0x80000000u;
}

uint32_t clamp_engagement(int64_t engagement) {
  if (engagement <= 0) return 0;
  if (engagement >= int64_t{UINT32_MAX}) return UINT32_MAX;
  return static_cast<uint32_t>(engagement);
}

}  // namespace chorus::index
