#include "post/post_json.h"

#include <simdjson.h>
#include <algorithm>
#include <array>
#include <charconv>

#include <cmath>

#include "base/time_util.h"
#include "base/utf8.h"

namespace chorus {
namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;
using simdjson::dom::object;

Status type_error(std::string_view field, std::string_view expected) {
  return invalid_argument(std::string(field) + ": expected " + std::string(expected));
}

Status get_string(element v, std::string_view field, std::string* out) {
  if (v.is_null()) {
    out->clear();
    return Status::ok();
  }
  std::string_view s;
  if (v.get_string().get(s)) return type_error(field, "a string");
  out->assign(s);
  return Status::ok();
}

Status get_int(element v, std::string_view field, int64_t* out) {
  switch (v.type()) {
    case element_type::NULL_VALUE:
      *out = 0;
      return Status::ok();
    case element_type::INT64:
      *out = v.get_int64().value_unsafe();
      return Status::ok();
    case element_type::UINT64:
      return type_error(field, "an integer");
    case element_type::DOUBLE: {
      double d = v.get_double().value_unsafe();
      if (!std::isfinite(d) || std::fabs(d) > 9.2e18) return type_error(field, "an integer");
      *out = static_cast<int64_t>(d);
      return Status::ok();
    }
    default:
      return type_error(field, "a number");
  }
}

Status get_bool(element v, std::string_view field, bool* out) {
  if (v.is_null()) {
    *out = false;
    return Status::ok();
  }
  if (v.get_bool().get(*out)) return type_error(field, "a boolean");
  return Status::ok();
}

// A time: epoch milliseconds, or an RFC 3339 string.
Status get_time(element v, std::string_view field, int64_t* out) {
  if (v.is_null()) {
    *out = 0;
    return Status::ok();
  }
  if (v.is_number()) return get_int(v, field, out);
  std::string_view s;
  if (v.get_string().get(s)) return type_error(field, "epoch milliseconds or an RFC 3339 string");
  auto r = parse_time_ms(s);
  if (!r) return invalid_argument(std::string(field) + ": " + r.status().message());
  *out = *r;
  return Status::ok();
}

Status get_string_array(element v, std::string_view field, std::vector<std::string>* out) {
  out->clear();
  if (v.is_null()) return Status::ok();
  simdjson::dom::array arr;
  if (v.get_array().get(arr)) return type_error(field, "an array of strings");
  for (element elem : arr) {
    std::string_view s;
    if (elem.get_string().get(s)) return type_error(field, "an array of strings");
    out->emplace_back(s);
  }
  return Status::ok();
}

Status parse_author(element v, Account* a) {
  object obj;
  if (v.get_object().get(obj)) return type_error("author", "an object");
  for (auto field : obj) {
    std::string_view key = field.key;
    element fv = field.value;
    if (key == "id")
      CHORUS_RETURN_IF_ERROR(get_string(fv, "author.id", &a->id));
    else if (key == "handle")
      CHORUS_RETURN_IF_ERROR(get_string(fv, "author.handle", &a->handle));
    else if (key == "display_name")
      CHORUS_RETURN_IF_ERROR(get_string(fv, "author.display_name", &a->display_name));
    else if (key == "created_at")
      CHORUS_RETURN_IF_ERROR(get_time(fv, "author.created_at", &a->created_at_ms));
    else if (key == "followers")
      CHORUS_RETURN_IF_ERROR(get_int(fv, "author.followers", &a->followers));
    else if (key == "following")
      CHORUS_RETURN_IF_ERROR(get_int(fv, "author.following", &a->following));
    else if (key == "verified")
      CHORUS_RETURN_IF_ERROR(get_bool(fv, "author.verified", &a->verified));
  }
  return Status::ok();
}

Status parse_metrics(element v, PostMetrics* m) {
  if (v.is_null()) return Status::ok();
  object obj;
  if (v.get_object().get(obj)) return type_error("metrics", "an object");
  for (auto field : obj) {
    std::string_view key = field.key;
    element fv = field.value;
    if (key == "likes")
      CHORUS_RETURN_IF_ERROR(get_int(fv, "metrics.likes", &m->likes));
    else if (key == "reposts")
      CHORUS_RETURN_IF_ERROR(get_int(fv, "metrics.reposts", &m->reposts));
    else if (key == "replies")
      CHORUS_RETURN_IF_ERROR(get_int(fv, "metrics.replies", &m->replies));
    else if (key == "quotes")
      CHORUS_RETURN_IF_ERROR(get_int(fv, "metrics.quotes", &m->quotes));
    else if (key == "views")
      CHORUS_RETURN_IF_ERROR(get_int(fv, "metrics.views", &m->views));
  }
  return Status::ok();
}

Status parse_field(std::string_view key, element fv, Post* p) {
  if (key == "id") return get_string(fv, "id", &p->id);
  if (key == "text") return get_string(fv, "text", &p->text);
  if (key == "created_at") return get_time(fv, "created_at", &p->created_at_ms);
  if (key == "author") return parse_author(fv, &p->author);
  if (key == "lang") return get_string(fv, "lang", &p->lang);
  if (key == "reply_to") return get_string(fv, "reply_to", &p->reply_to);
  if (key == "quote_of") return get_string(fv, "quote_of", &p->quote_of);
  if (key == "repost_of") return get_string(fv, "repost_of", &p->repost_of);
  if (key == "hashtags") return get_string_array(fv, "hashtags", &p->hashtags);
  if (key == "mentions") return get_string_array(fv, "mentions", &p->mentions);
  if (key == "urls") return get_string_array(fv, "urls", &p->urls);
  if (key == "metrics") return parse_metrics(fv, &p->metrics);
  if (key == "source") return get_string(fv, "source", &p->source);
  if (key == "credibility") {
    if (fv.is_null()) return Status::ok();
    double d;
    if (fv.get_double().get(d)) return type_error("credibility", "a number");
    p->credibility = static_cast<float>(d);
  }
  return Status::ok();
}

// The key whose value holds byte `offset` of `json` (the nearest `"key":` before it), for
// naming the field in an invalid UTF-8 error; "" when none is found.
std::string key_before(std::string_view json, size_t offset) {
  size_t colon = json.rfind("\":", offset);
  if (colon == std::string_view::npos || colon == 0) return "";
  size_t open = json.rfind('"', colon - 1);
  if (open == std::string_view::npos) return "";
  return std::string(json.substr(open + 1, colon - open - 1));
}

// Offset of the first bad string content: an invalid escape or an unescaped control character
// inside a string literal; npos when none.
size_t bad_string_offset(std::string_view json) {
  bool in_string = false;
  for (size_t i = 0; i < json.size(); ++i) {
    auto c = static_cast<unsigned char>(json[i]);
    if (!in_string) {
      in_string = c == '"';
      continue;
    }
    if (c == '"') {
      in_string = false;
    } else if (c < 0x20) {
      return i;
    } else if (c == '\\') {
      char e = i + 1 < json.size() ? json[i + 1] : '\0';
      if (e == '\0' || std::string_view("\"\\/bfnrtu").find(e) == std::string_view::npos) return i;
      ++i;
    }
  }
  return std::string_view::npos;
}

// Names the field of a string-level parse error (invalid UTF-8 or escape); simdjson's DOM
// reports those for the whole document.
Status string_error(std::string_view json, simdjson::error_code err) {
  size_t at = utf8::first_invalid(json);
  const char* what = "invalid UTF-8";
  if (at == json.size()) {
    at = bad_string_offset(json);
    what = "malformed string";
  }
  if (at == std::string_view::npos)
    return invalid_argument(std::string("malformed JSON: ") + simdjson::error_message(err));
  std::string key = key_before(json, at);
  return invalid_argument((key.empty() ? std::string("malformed JSON") : key) + ": " + what +
                          " at byte " + std::to_string(at));
}

}  // namespace

// The DOM parser: simdjson's shared library picks its fastest kernel for this CPU at run time
// (icelake, haswell, westmere); On-Demand would be compiled for the build target, which for a
// portable x86-64 build is the scalar fallback (see bench/stream_bench.cc for both figures).
struct PostJsonParser::Impl {
  simdjson::dom::parser parser;
  std::string buffer;  // input copied here with SIMDJSON_PADDING zero bytes after it
};

PostJsonParser::PostJsonParser() : impl_(std::make_unique<Impl>()) {}
PostJsonParser::~PostJsonParser() = default;
PostJsonParser::PostJsonParser(PostJsonParser&&) noexcept = default;
PostJsonParser& PostJsonParser::operator=(PostJsonParser&&) noexcept = default;

static_assert(kPostJsonPadding >= simdjson::SIMDJSON_PADDING);

Status PostJsonParser::parse(std::string_view json, Post* out) {
  std::string& buf = impl_->buffer;
  buf.assign(json);
  buf.append(kPostJsonPadding, '\0');
  return parse_padded(std::string_view(buf.data(), json.size()), out);
}

Status PostJsonParser::parse_padded(std::string_view json, Post* out) {
  *out = Post{};
  element doc;
  auto err = impl_->parser.parse(json.data(), json.size(), false).get(doc);
  if (err == simdjson::STRING_ERROR || err == simdjson::UTF8_ERROR ||
      err == simdjson::UNESCAPED_CHARS)
    return string_error(json, err);
  if (err) return invalid_argument(std::string("malformed JSON: ") + simdjson::error_message(err));
  object obj;
  if (doc.get_object().get(obj)) return invalid_argument("malformed JSON: expected an object");
  for (auto field : obj) CHORUS_RETURN_IF_ERROR(parse_field(field.key, field.value, out));
  // Every leading '@' goes (a lone "@" stays), so parsing a re-serialized post changes nothing.
  std::string& handle = out->author.handle;
  if (!handle.empty()) handle.erase(0, std::min(handle.find_first_not_of('@'), handle.size() - 1));
  // simdjson validated the input as UTF-8. Without a \u escape every string is a run of input
  // bytes and ASCII characters from escapes, cut only next to ASCII bytes: well-formed too.
  if (json.find("\\u") == std::string_view::npos) return validate_except_utf8(*out);
  return validate(*out);
}

Result<Post> parse_post_json(std::string_view json) {
  PostJsonParser parser;
  Post p;
  CHORUS_RETURN_IF_ERROR(parser.parse(json, &p));
  return p;
}

namespace {

// Bytes a JSON string literal cannot hold as they are: controls, the quote and the backslash.
constexpr std::array<bool, 256> kNeedsEscape = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 0x20; ++c) t[c] = true;
  t['"'] = t['\\'] = true;
  return t;
}();

void append_escaped(unsigned char c, std::string* out) {
  const char short_form = c == '"'    ? '"'
                          : c == '\\' ? '\\'
                          : c == '\n' ? 'n'
                          : c == '\r' ? 'r'
                          : c == '\t' ? 't'
                                      : 0;
  if (short_form != 0) {
    const char e[2] = {'\\', short_form};
    out->append(e, sizeof e);
    return;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  const char u[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15]};
  out->append(u, sizeof u);
}

}  // namespace

void append_json_string(std::string_view s, std::string* out) {
  out->push_back('"');
  size_t run = 0;  // start of the bytes not yet appended
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (!kNeedsEscape[c]) continue;
    out->append(s.data() + run, i - run);
    append_escaped(c, out);
    run = i + 1;
  }
  out->append(s.data() + run, s.size() - run);
  out->push_back('"');
}

namespace {

// `k` is one of the schema's field names: plain ASCII, nothing to escape.
void add_key(std::string_view k, std::string* out) {
  out->append(",\"");
  out->append(k);
  out->append("\":");
}

void add_string_field(std::string_view k, std::string_view v, std::string* out) {
  add_key(k, out);
  append_json_string(v, out);
}

void append_int(int64_t v, std::string* out) {
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  out->append(buf, r.ptr);
}

void add_int_field(std::string_view k, int64_t v, std::string* out) {
  add_key(k, out);
  append_int(v, out);
}

void add_array_field(std::string_view k, const std::vector<std::string>& v, std::string* out) {
  add_key(k, out);
  out->push_back('[');
  for (size_t i = 0; i < v.size(); ++i) {
    if (i) out->push_back(',');
    append_json_string(v[i], out);
  }
  out->push_back(']');
}

}  // namespace

void append_post_json(const Post& p, std::string* out) {
  out->append("{\"id\":");
  append_json_string(p.id, out);
  add_key("author", out);
  out->append("{\"id\":");
  append_json_string(p.author.id, out);
  add_string_field("handle", p.author.handle, out);
  add_string_field("display_name", p.author.display_name, out);
  add_int_field("created_at", p.author.created_at_ms, out);
  add_int_field("followers", p.author.followers, out);
  add_int_field("following", p.author.following, out);
  add_key("verified", out);
  out->append(p.author.verified ? "true" : "false");
  out->push_back('}');
  add_string_field("text", p.text, out);
  add_int_field("created_at", p.created_at_ms, out);
  add_string_field("lang", p.lang, out);
  add_string_field("reply_to", p.reply_to, out);
  add_string_field("quote_of", p.quote_of, out);
  add_string_field("repost_of", p.repost_of, out);
  add_array_field("hashtags", p.hashtags, out);
  add_array_field("mentions", p.mentions, out);
  add_array_field("urls", p.urls, out);
  add_key("metrics", out);
  out->append("{\"likes\":");
  append_int(p.metrics.likes, out);
  add_int_field("reposts", p.metrics.reposts, out);
  add_int_field("replies", p.metrics.replies, out);
  add_int_field("quotes", p.metrics.quotes, out);
  add_int_field("views", p.metrics.views, out);
  out->push_back('}');
  add_string_field("source", p.source, out);
  add_key("credibility", out);
  char buf[32];  // as printf's %.9g
  const auto r = std::to_chars(buf, buf + sizeof buf, static_cast<double>(p.credibility),
                               std::chars_format::general, 9);
  out->append(buf, r.ptr);
  out->push_back('}');
}

std::string post_to_json(const Post& p) {
  std::string out;
  out.reserve(256 + p.text.size());
  append_post_json(p, &out);
  return out;
}

}  // namespace chorus
