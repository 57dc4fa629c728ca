#include "index/doc_meta.h"

#include <algorithm>
#include <cmath>
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

uint8_t credibility_byte(float c) {
  if (!(c >= 0.0f)) return c < 0.0f ? 0 : 200;  // negative -> 0, NaN -> 1
  return static_cast<uint8_t>(std::lround(std::min(c, 1.0f) * 200.0f));
}

}  // namespace

PackedMeta PackedMeta::pack(const DocMeta& m) {
  PackedMeta p;
  auto created = static_cast<uint64_t>(m.created_at_ms);
  p.created_lo = static_cast<uint32_t>(created);
  p.created_hi = static_cast<uint32_t>(created >> 32);
  p.locator_lo = static_cast<uint32_t>(m.locator);
  p.locator_hi = static_cast<uint32_t>(m.locator >> 32);
  p.author = static_cast<uint32_t>(m.author_hash);
  p.engagement = m.engagement;
  p.lang = m.lang;
  p.doc_len = m.doc_len;
  p.credibility = credibility_byte(m.credibility);
  return p;
}

DocMeta PackedMeta::unpack() const {
  DocMeta m;
  m.created_at_ms = created_at_ms();
  m.author_hash = author;
  m.locator = (uint64_t{locator_hi} << 32) | locator_lo;
  m.credibility = static_cast<float>(credibility) / 200.0f;
  m.engagement = engagement;
  m.lang = lang;
  m.doc_len = doc_len;
  return m;
}

float quantize_credibility(float c) {
  return static_cast<float>(credibility_byte(c)) / 200.0f;
}

uint64_t author_key(std::string_view handle) {
  if (!handle.empty() && handle.front() == '@') handle.remove_prefix(1);
  auto h = static_cast<uint32_t>(hash64(lowered(handle), 0x6175746830ull));
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
