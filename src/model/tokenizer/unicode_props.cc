#include "model/tokenizer/unicode_props.h"

#include <utf8proc.h>

#include "base/utf8.h"

namespace chorus::model::unicode {
namespace {

utf8proc_category_t category(char32_t cp) {
  if (cp > 0x10FFFF) return UTF8PROC_CATEGORY_CN;
  return utf8proc_category(static_cast<utf8proc_int32_t>(cp));
}

}  // namespace

bool is_letter(char32_t cp) {
  if (cp < 0x80) return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
  const auto c = category(cp);
  return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO;
}

bool is_number(char32_t cp) {
  if (cp < 0x80) return cp >= '0' && cp <= '9';
  const auto c = category(cp);
  return c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO;
}

bool is_punctuation(char32_t cp) {
  const auto c = category(cp);
  return c >= UTF8PROC_CATEGORY_PC && c <= UTF8PROC_CATEGORY_PO;
}

bool is_whitespace(char32_t cp) {
  if (cp < 0x80) return cp == ' ' || (cp >= 0x09 && cp <= 0x0D);
  switch (cp) {
    case 0x85:
    case 0xA0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000:
      return true;
    default:
      return cp >= 0x2000 && cp <= 0x200A;
  }
}

bool is_symbol(char32_t cp) {
  const auto c = category(cp);
  return c >= UTF8PROC_CATEGORY_SM && c <= UTF8PROC_CATEGORY_SO;
}

bool is_control(char32_t cp) {
  const auto c = category(cp);
  return c >= UTF8PROC_CATEGORY_CC && c <= UTF8PROC_CATEGORY_CO;
}

char32_t to_lower(char32_t cp) {
  if (cp > 0x10FFFF) return cp;
  return static_cast<char32_t>(utf8proc_tolower(static_cast<utf8proc_int32_t>(cp)));
}

char32_t nfd_base(char32_t cp) {
  if (cp < 0xC0 || cp > 0x10FFFF) return cp;
  utf8proc_int32_t out[8];
  int last = 0;
  const utf8proc_ssize_t n =
      utf8proc_decompose_char(static_cast<utf8proc_int32_t>(cp), out, 8, UTF8PROC_DECOMPOSE, &last);
  return n > 0 ? static_cast<char32_t>(out[0]) : cp;
}

std::vector<char32_t> to_codepoints(std::string_view text, std::vector<uint32_t>* offsets) {
  std::vector<char32_t> cps;
  cps.reserve(text.size());
  if (offsets != nullptr) {
    offsets->clear();
    offsets->reserve(text.size() + 1);
  }
  size_t i = 0;
  while (i < text.size()) {
    if (offsets != nullptr) offsets->push_back(static_cast<uint32_t>(i));
    char32_t cp;
    const size_t n = utf8::decode(text.substr(i), &cp);
    if (n == 0) {
      cps.push_back(0xFFFD);
      ++i;
    } else {
      cps.push_back(cp);
      i += n;
    }
  }
  if (offsets != nullptr) offsets->push_back(static_cast<uint32_t>(text.size()));
  return cps;
}

}  // namespace chorus::model::unicode
