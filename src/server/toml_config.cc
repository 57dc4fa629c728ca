#include "server/toml_config.h"

#include <cctype>
#include <cstdlib>

#include "base/utf8.h"

namespace chorus::server {
namespace {

// A cursor over one line; every parse step reports errors through `err`.
struct LineParser {
  std::string_view s;
  size_t i = 0;
  int line = 0;

  void skip_ws() {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  }
  bool at_end_or_comment() {
    skip_ws();
    return i >= s.size() || s[i] == '#';
  }
  Status error(const std::string& msg) const {
    return invalid_argument("config line " + std::to_string(line) + ": " + msg);
  }

  Result<std::string> basic_string() {
    ++i;  // opening quote
    std::string out;
    while (i < s.size() && s[i] != '"') {
      char c = s[i++];
      if (c != '\\') {
        out += c;
        continue;
      }
      if (i >= s.size()) break;
      char e = s[i++];
      switch (e) {
        case 'n':
          out += '\n';
          break;
        case 't':
          out += '\t';
          break;
        case 'r':
          out += '\r';
          break;
        case '"':
          out += '"';
          break;
        case '\\':
          out += '\\';
          break;
        case 'u': {
          if (i + 4 > s.size()) return error("truncated \\u escape");
          char32_t cp =
              static_cast<char32_t>(std::strtoul(std::string(s.substr(i, 4)).c_str(), nullptr, 16));
          utf8::append(out, cp);
          i += 4;
          break;
        }
        default:
          return error(std::string("unknown escape \\") + e);
      }
    }
    if (i >= s.size()) return error("unterminated string");
    ++i;
    if (!utf8::valid(out)) return error("string is not valid UTF-8");
    return out;
  }

  Result<std::string> literal_string() {
    size_t end = s.find('\'', i + 1);
    if (end == std::string_view::npos) return error("unterminated string");
    std::string out(s.substr(i + 1, end - i - 1));
    i = end + 1;
    return out;
  }

  Result<std::string> string_value() { return s[i] == '"' ? basic_string() : literal_string(); }

  Result<std::string> key() {
    skip_ws();
    if (i < s.size() && (s[i] == '"' || s[i] == '\'')) return string_value();
    size_t start = i;
    while (i < s.size() && (std::isalnum(static_cast<unsigned char>(s[i])) || s[i] == '_' ||
                            s[i] == '-' || s[i] == '.'))
      ++i;
    if (i == start) return error("expected a key");
    return std::string(s.substr(start, i - start));
  }

  Result<TomlValue> array() {
    ++i;  // '['
    std::vector<std::string> items;
    for (;;) {
      skip_ws();
      if (i >= s.size()) return error("unterminated array (arrays must fit on one line)");
      if (s[i] == ']') {
        ++i;
        return TomlValue(std::move(items));
      }
      if (s[i] != '"' && s[i] != '\'') return error("arrays may hold only strings");
      CHORUS_ASSIGN_OR_RETURN(std::string item, string_value());
      items.push_back(std::move(item));
      skip_ws();
      if (i < s.size() && s[i] == ',') ++i;
    }
  }

  Result<TomlValue> scalar() {
    size_t start = i;
    while (i < s.size() && s[i] != '#' && s[i] != ' ' && s[i] != '\t') ++i;
    std::string tok(s.substr(start, i - start));
    if (tok == "true") return TomlValue(true);
    if (tok == "false") return TomlValue(false);
    std::string digits;
    for (char c : tok)
      if (c != '_') digits += c;
    if (digits.empty()) return error("expected a value");
    char* end = nullptr;
    bool is_float =
        digits.find_first_of(".eE") != std::string::npos && digits.find("0x") == std::string::npos;
    if (!is_float) {
      long long v = std::strtoll(digits.c_str(), &end, 10);
      if (*end == '\0') return TomlValue(static_cast<int64_t>(v));
    } else {
      double v = std::strtod(digits.c_str(), &end);
      if (*end == '\0') return TomlValue(v);
    }
    return error("cannot read value '" + tok + "'");
  }

  Result<TomlValue> value() {
    skip_ws();
    if (i >= s.size()) return error("expected a value after '='");
    if (s[i] == '"' || s[i] == '\'') {
      CHORUS_ASSIGN_OR_RETURN(std::string v, string_value());
      return TomlValue(std::move(v));
    }
    if (s[i] == '[') return array();
    return scalar();
  }
};

template <typename T>
Status typed_get(const std::map<std::string, TomlValue>& m, const std::string& key, T* out,
                 const char* type_name) {
  auto it = m.find(key);
  if (it == m.end()) return not_found("config: no key " + key);
  if (const T* v = std::get_if<T>(&it->second)) {
    *out = *v;
    return Status::ok();
  }
  return invalid_argument("config key " + key + ": expected " + type_name);
}

}  // namespace

Result<TomlDoc> TomlDoc::parse(std::string_view text) {
  TomlDoc doc;
  std::string section;
  int line_no = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? nl : nl - pos);
    pos = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    LineParser p{line, 0, ++line_no};
    if (p.at_end_or_comment()) continue;
    if (line[p.i] == '[') {
      size_t close = line.find(']', p.i);
      if (close == std::string_view::npos) return p.error("unterminated section header");
      p.i = p.i + 1;
      CHORUS_ASSIGN_OR_RETURN(section, p.key());
      p.skip_ws();
      if (p.i != close) return p.error("bad section header");
      p.i = close + 1;
      if (!p.at_end_or_comment()) return p.error("text after section header");
      continue;
    }
    CHORUS_ASSIGN_OR_RETURN(std::string key, p.key());
    p.skip_ws();
    if (p.i >= line.size() || line[p.i] != '=') return p.error("expected '=' after key " + key);
    ++p.i;
    CHORUS_ASSIGN_OR_RETURN(TomlValue v, p.value());
    if (!p.at_end_or_comment()) return p.error("text after the value of " + key);
    std::string full = section.empty() ? key : section + "." + key;
    if (doc.values_.count(full)) return p.error("duplicate key " + full);
    doc.values_.emplace(std::move(full), std::move(v));
  }
  return doc;
}

Status TomlDoc::get(const std::string& key, std::string* out) const {
  return typed_get(values_, key, out, "a string");
}
Status TomlDoc::get(const std::string& key, int64_t* out) const {
  return typed_get(values_, key, out, "an integer");
}
Status TomlDoc::get(const std::string& key, double* out) const {
  auto it = values_.find(key);
  if (it != values_.end())
    if (const int64_t* v = std::get_if<int64_t>(&it->second)) {
      *out = static_cast<double>(*v);
      return Status::ok();
    }
  return typed_get(values_, key, out, "a number");
}
Status TomlDoc::get(const std::string& key, bool* out) const {
  return typed_get(values_, key, out, "a boolean");
}
Status TomlDoc::get(const std::string& key, std::vector<std::string>* out) const {
  return typed_get(values_, key, out, "an array of strings");
}

}  // namespace chorus::server
