#include "text/url.h"

#include <algorithm>

#include "base/utf8.h"
#include "text/char_class.h"

namespace chorus::text::internal {
namespace {

constexpr size_t kMaxSegmentBytes = 64;
constexpr size_t kMaxNumericSegmentDigits = 6;

bool istarts_with(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (ascii_lower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
  }
  return true;
}

size_t scheme_length(std::string_view text) {
  if (istarts_with(text, "https://")) return 8;
  if (istarts_with(text, "http://")) return 7;
  if (istarts_with(text, "www.")) return 4;
  return 0;
}

bool ends_url_ascii(unsigned char c) {
  if (c <= 0x20 || c == 0x7f) return true;
  switch (c) {
    case '<':
    case '>':
    case '"':
    case '`':
    case '{':
    case '}':
    case '|':
    case '\\':
    case '^':
      return true;
    default:
      return false;
  }
}

bool is_trailing_punct(char c) {
  switch (c) {
    case '.':
    case ',':
    case ';':
    case ':':
    case '!':
    case '?':
    case '\'':
    case '*':
      return true;
    default:
      return false;
  }
}

// Trims trailing punctuation and unbalanced closing brackets from text[begin, end). Linear: the
// bracket balance is counted once and updated as characters are trimmed.
size_t trim_end(std::string_view text, size_t begin, size_t end) {
  std::string_view url = text.substr(0, end);
  auto open_paren = std::count(url.begin(), url.end(), '(');
  auto close_paren = std::count(url.begin(), url.end(), ')');
  auto open_bracket = std::count(url.begin(), url.end(), '[');
  auto close_bracket = std::count(url.begin(), url.end(), ']');
  while (end > begin) {
    char c = text[end - 1];
    if (c == ')' && open_paren < close_paren) {
      --close_paren;
    } else if (c == ']' && open_bracket < close_bracket) {
      --close_bracket;
    } else if (!is_trailing_punct(c)) {
      break;
    }
    --end;
  }
  return end;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  char l = ascii_lower(static_cast<unsigned char>(c));
  if (l >= 'a' && l <= 'f') return l - 'a' + 10;
  return -1;
}

// Sets *out to `seg` percent-decoded when the result is valid UTF-8, else to `seg` unchanged.
void percent_decode(std::string_view seg, std::string* out) {
  out->assign(seg);
  if (seg.find('%') == std::string_view::npos) return;
  out->clear();
  for (size_t i = 0; i < seg.size(); ++i) {
    int hi = 0, lo = 0;
    if (seg[i] == '%' && i + 2 < seg.size() && (hi = hex_value(seg[i + 1])) >= 0 &&
        (lo = hex_value(seg[i + 2])) >= 0) {
      out->push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else {
      out->push_back(seg[i]);
    }
  }
  if (!utf8::valid(*out)) out->assign(seg);
}

bool skip_segment(std::string_view seg) {
  if (seg.empty() || seg == "." || seg == ".." || seg.size() > kMaxSegmentBytes) return true;
  bool all_digits = std::all_of(
      seg.begin(), seg.end(), [](char c) { return is_ascii_digit(static_cast<unsigned char>(c)); });
  return all_digits && seg.size() > kMaxNumericSegmentDigits;
}

// Appends the host of `authority` (lowercased, without user info, port, "www." and trailing
// dots) to *out.
void append_host(std::string_view authority, std::string* out) {
  size_t at = authority.rfind('@');
  if (at != std::string_view::npos) authority.remove_prefix(at + 1);
  size_t colon = authority.rfind(':');
  if (colon != std::string_view::npos &&
      std::all_of(authority.begin() + colon + 1, authority.end(),
                  [](char c) { return is_ascii_digit(static_cast<unsigned char>(c)); })) {
    authority = authority.substr(0, colon);
  }
  if (istarts_with(authority, "www.")) authority.remove_prefix(4);
  while (!authority.empty() && authority.back() == '.') authority.remove_suffix(1);
  for (char c : authority) out->push_back(ascii_lower(static_cast<unsigned char>(c)));
}

}  // namespace

size_t url_length(std::string_view text) {
  size_t begin = scheme_length(text);
  if (begin == 0) return 0;
  size_t end = begin;
  while (end < text.size()) {
    auto c = static_cast<unsigned char>(text[end]);
    if (c < 0x80) {
      if (ends_url_ascii(c)) break;
      ++end;
      continue;
    }
    char32_t cp = 0;
    size_t n = decode_at(text, end, &cp);
    if (n == 0) break;
    CharClass cls = classify(cp);
    if (cls != CharClass::kLetter && cls != CharClass::kDigit && cls != CharClass::kMark &&
        cls != CharClass::kIgnorable) {
      break;
    }
    end += n;
  }
  end = trim_end(text, begin, end);
  if (end == begin) return 0;
  auto first = static_cast<unsigned char>(text[begin]);
  if (first < 0x80 && !is_ascii_alnum(first)) return 0;
  return end;
}

void url_terms(std::string_view url, UrlTerms* out) {
  out->host.clear();
  out->paths.clear();
  out->path_ends.clear();
  size_t scheme = url.find("://");
  std::string_view rest =
      (scheme != std::string_view::npos && scheme <= 5) ? url.substr(scheme + 3) : url;
  size_t tail = rest.find_first_of("?#");
  if (tail != std::string_view::npos) rest = rest.substr(0, tail);
  size_t slash = rest.find('/');
  out->host = "host:";
  append_host(rest.substr(0, slash), &out->host);
  if (out->host.size() == 5) out->host.clear();
  if (slash == std::string_view::npos) return;
  std::string_view path = rest.substr(slash + 1);
  while (true) {
    size_t next = path.find('/');
    percent_decode(path.substr(0, next), &out->segment);
    if (!skip_segment(out->segment)) {
      out->paths.append("path:");
      for (char c : out->segment) out->paths.push_back(ascii_lower(static_cast<unsigned char>(c)));
      out->path_ends.push_back(static_cast<uint32_t>(out->paths.size()));
    }
    if (next == std::string_view::npos) break;
    path.remove_prefix(next + 1);
  }
}

}  // namespace chorus::text::internal
