#include "stream/html_text.h"

#include <cstdint>
#include <cstring>

#include "base/utf8.h"

namespace chorus::stream {
namespace {

struct NamedEntity {
  const char* name;
  const char* utf8;
};
constexpr NamedEntity kNamed[] = {
    {"amp", "&"},
    {"lt", "<"},
    {"gt", ">"},
    {"quot", "\""},
    {"apos", "'"},
    {"nbsp", "\xc2\xa0"},
    {"hellip", "\xe2\x80\xa6"},
    {"mdash", "\xe2\x80\x94"},
    {"ndash", "\xe2\x80\x93"},
    {"rsquo", "\xe2\x80\x99"},
    {"lsquo", "\xe2\x80\x98"},
    {"rdquo", "\xe2\x80\x9d"},
    {"ldquo", "\xe2\x80\x9c"},
    {"copy", "\xc2\xa9"},
};

bool ascii_iequal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

// Decodes "&...;" at the start of s; returns the bytes consumed (0: not a reference).
size_t decode_reference(std::string_view s, std::string* out) {
  size_t semi = s.find(';');
  if (semi == std::string_view::npos || semi < 2 || semi > 12) return 0;
  std::string_view body = s.substr(1, semi - 1);
  if (body[0] == '#') {
    bool hex = body.size() > 1 && (body[1] == 'x' || body[1] == 'X');
    std::string_view digits = body.substr(hex ? 2 : 1);
    if (digits.empty()) return 0;
    uint32_t cp = 0;
    for (char c : digits) {
      int d = (c >= '0' && c <= '9')                          ? c - '0'
              : hex && (c | 0x20) >= 'a' && (c | 0x20) <= 'f' ? (c | 0x20) - 'a' + 10
                                                              : -1;
      if (d < 0) return 0;
      cp = cp * (hex ? 16 : 10) + static_cast<uint32_t>(d);
      if (cp > 0x10FFFF) return 0;
    }
    if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
    utf8::append(*out, static_cast<char32_t>(cp));
    return semi + 1;
  }
  for (const auto& e : kNamed) {
    if (body == e.name) {
      out->append(e.utf8);
      return semi + 1;
    }
  }
  return 0;
}

// The value of attribute `name` in a tag's text ("a href=\"x\" class=y"), or "".
std::string_view attribute(std::string_view tag, std::string_view name) {
  size_t pos = 0;
  while ((pos = tag.find(name, pos)) != std::string_view::npos) {
    size_t after = pos + name.size();
    bool starts = pos > 0 && (tag[pos - 1] == ' ' || tag[pos - 1] == '\t' || tag[pos - 1] == '\n');
    if (!starts || after >= tag.size() || tag[after] != '=') {
      pos = after;
      continue;
    }
    ++after;
    if (after < tag.size() && (tag[after] == '"' || tag[after] == '\'')) {
      size_t end = tag.find(tag[after], after + 1);
      if (end == std::string_view::npos) return tag.substr(after + 1);
      return tag.substr(after + 1, end - after - 1);
    }
    size_t end = tag.find_first_of(" \t\n>", after);
    return tag.substr(after, end == std::string_view::npos ? end : end - after);
  }
  return {};
}

void trim_trailing_space(std::string* s) {
  while (!s->empty() && (s->back() == ' ' || s->back() == '\n')) s->pop_back();
}

// Handles one tag (the text between '<' and '>'); `skip` is set inside script/style.
void handle_tag(std::string_view tag, HtmlText* out, bool* skip) {
  bool closing = !tag.empty() && tag[0] == '/';
  std::string_view rest = tag.substr(closing ? 1 : 0);
  size_t name_end = rest.find_first_of(" \t\n/");
  std::string_view name = rest.substr(0, name_end);
  if (ascii_iequal(name, "script") || ascii_iequal(name, "style")) {
    *skip = !closing;
    return;
  }
  if (ascii_iequal(name, "br")) {
    trim_trailing_space(&out->text);
    out->text.push_back('\n');
  } else if (closing && (ascii_iequal(name, "p") || ascii_iequal(name, "div") ||
                         ascii_iequal(name, "li") || ascii_iequal(name, "blockquote"))) {
    trim_trailing_space(&out->text);
    if (!out->text.empty()) out->text.append("\n\n");
  } else if (!closing && ascii_iequal(name, "a")) {
    std::string_view cls = attribute(rest, "class");
    std::string_view href = attribute(rest, "href");
    if (!href.empty() && cls.find("mention") == std::string_view::npos &&
        cls.find("hashtag") == std::string_view::npos) {
      std::string link;
      decode_entities(href, &link);
      out->links.push_back(std::move(link));
    }
  }
}

}  // namespace

void decode_entities(std::string_view s, std::string* out) {
  size_t i = 0;
  while (i < s.size()) {
    size_t amp = s.find('&', i);
    if (amp == std::string_view::npos) {
      out->append(s.substr(i));
      return;
    }
    out->append(s.substr(i, amp - i));
    size_t used = decode_reference(s.substr(amp), out);
    if (used == 0) {
      out->push_back('&');
      used = 1;
    }
    i = amp + used;
  }
}

HtmlText html_to_text(std::string_view html) {
  HtmlText out;
  out.text.reserve(html.size());
  bool skip = false;
  size_t i = 0;
  while (i < html.size()) {
    size_t lt = html.find('<', i);
    std::string_view run = html.substr(i, lt == std::string_view::npos ? lt : lt - i);
    if (!skip) decode_entities(run, &out.text);
    if (lt == std::string_view::npos) break;
    size_t gt = html.find('>', lt + 1);
    if (gt == std::string_view::npos) break;  // an unterminated tag is dropped
    handle_tag(html.substr(lt + 1, gt - lt - 1), &out, &skip);
    i = gt + 1;
  }
  trim_trailing_space(&out.text);
  size_t lead = out.text.find_first_not_of(" \n");
  out.text.erase(0, lead == std::string::npos ? out.text.size() : lead);
  return out;
}

}  // namespace chorus::stream
