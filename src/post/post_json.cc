#include "post/post_json.h"

#include <simdjson.h>

#include <cmath>
#include <cstdio>

#include "base/time_util.h"

namespace chorus {
namespace {

using simdjson::ondemand::json_type;
using simdjson::ondemand::object;
using simdjson::ondemand::value;

Status type_error(std::string_view field, std::string_view expected) {
  return invalid_argument(std::string(field) + ": expected " + std::string(expected));
}

Status get_string(value v, std::string_view field, std::string* out) {
  json_type t;
  if (v.type().get(t)) return invalid_argument(std::string(field) + ": malformed JSON");
  if (t == json_type::null) {
    out->clear();
    return Status::ok();
  }
  std::string_view s;
  // Unescaping validates UTF-8 of escapes; raw bytes are validated by validate().
  if (t != json_type::string || v.get_string().get(s)) return type_error(field, "a string");
  out->assign(s);
  return Status::ok();
}

Status get_int(value v, std::string_view field, int64_t* out) {
  json_type t;
  if (v.type().get(t)) return invalid_argument(std::string(field) + ": malformed JSON");
  if (t == json_type::null) {
    *out = 0;
    return Status::ok();
  }
  if (t != json_type::number) return type_error(field, "a number");
  double d;
  if (!v.get_int64().get(*out)) return Status::ok();
  if (v.get_double().get(d) || !std::isfinite(d) || std::fabs(d) > 9.2e18)
    return type_error(field, "an integer");
  *out = static_cast<int64_t>(d);
  return Status::ok();
}

Status get_bool(value v, std::string_view field, bool* out) {
  json_type t;
  if (v.type().get(t)) return invalid_argument(std::string(field) + ": malformed JSON");
  if (t == json_type::null) {
    *out = false;
    return Status::ok();
  }
  if (t != json_type::boolean || v.get_bool().get(*out)) return type_error(field, "a boolean");
  return Status::ok();
}

// A time: epoch milliseconds, or an RFC 3339 string.
Status get_time(value v, std::string_view field, int64_t* out) {
  json_type t;
  if (v.type().get(t)) return invalid_argument(std::string(field) + ": malformed JSON");
  if (t == json_type::null) {
    *out = 0;
    return Status::ok();
  }
  if (t == json_type::number) return get_int(v, field, out);
  std::string_view s;
  if (t != json_type::string || v.get_string().get(s))
    return type_error(field, "epoch milliseconds or an RFC 3339 string");
  auto r = parse_time_ms(s);
  if (!r) return invalid_argument(std::string(field) + ": " + r.status().message());
  *out = *r;
  return Status::ok();
}

Status get_string_array(value v, std::string_view field, std::vector<std::string>* out) {
  out->clear();
  json_type t;
  if (v.type().get(t)) return invalid_argument(std::string(field) + ": malformed JSON");
  if (t == json_type::null) return Status::ok();
  simdjson::ondemand::array arr;
  if (t != json_type::array || v.get_array().get(arr)) return type_error(field, "an array of strings");
  for (auto elem : arr) {
    std::string_view s;
    if (elem.get_string().get(s)) return type_error(field, "an array of strings");
    out->emplace_back(s);
  }
  return Status::ok();
}

Status parse_author(value v, Account* a) {
  object obj;
  if (v.get_object().get(obj)) return type_error("author", "an object");
  for (auto field : obj) {
    std::string_view key;
    if (field.unescaped_key().get(key)) return invalid_argument("author: malformed key");
    value fv = field.value();
    if (key == "id") CHORUS_RETURN_IF_ERROR(get_string(fv, "author.id", &a->id));
    else if (key == "handle") CHORUS_RETURN_IF_ERROR(get_string(fv, "author.handle", &a->handle));
    else if (key == "display_name")
      CHORUS_RETURN_IF_ERROR(get_string(fv, "author.display_name", &a->display_name));
    else if (key == "created_at")
      CHORUS_RETURN_IF_ERROR(get_time(fv, "author.created_at", &a->created_at_ms));
    else if (key == "followers") CHORUS_RETURN_IF_ERROR(get_int(fv, "author.followers", &a->followers));
    else if (key == "following") CHORUS_RETURN_IF_ERROR(get_int(fv, "author.following", &a->following));
    else if (key == "verified") CHORUS_RETURN_IF_ERROR(get_bool(fv, "author.verified", &a->verified));
  }
  return Status::ok();
}

Status parse_metrics(value v, PostMetrics* m) {
  object obj;
  json_type t;
  if (!v.type().get(t) && t == json_type::null) return Status::ok();
  if (v.get_object().get(obj)) return type_error("metrics", "an object");
  for (auto field : obj) {
    std::string_view key;
    if (field.unescaped_key().get(key)) return invalid_argument("metrics: malformed key");
    value fv = field.value();
    if (key == "likes") CHORUS_RETURN_IF_ERROR(get_int(fv, "metrics.likes", &m->likes));
    else if (key == "reposts") CHORUS_RETURN_IF_ERROR(get_int(fv, "metrics.reposts", &m->reposts));
    else if (key == "replies") CHORUS_RETURN_IF_ERROR(get_int(fv, "metrics.replies", &m->replies));
    else if (key == "quotes") CHORUS_RETURN_IF_ERROR(get_int(fv, "metrics.quotes", &m->quotes));
    else if (key == "views") CHORUS_RETURN_IF_ERROR(get_int(fv, "metrics.views", &m->views));
  }
  return Status::ok();
}

Status parse_field(std::string_view key, value fv, Post* p) {
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
    double d;
    json_type t;
    if (!fv.type().get(t) && t == json_type::null) return Status::ok();
    if (fv.get_double().get(d)) return type_error("credibility", "a number");
    p->credibility = static_cast<float>(d);
  }
  return Status::ok();
}

}  // namespace

struct PostJsonParser::Impl {
  simdjson::ondemand::parser parser;
  std::string buffer;  // input copied here with SIMDJSON_PADDING zero bytes after it
};

PostJsonParser::PostJsonParser() : impl_(std::make_unique<Impl>()) {}
PostJsonParser::~PostJsonParser() = default;
PostJsonParser::PostJsonParser(PostJsonParser&&) noexcept = default;
PostJsonParser& PostJsonParser::operator=(PostJsonParser&&) noexcept = default;

Status PostJsonParser::parse(std::string_view json, Post* out) {
  *out = Post{};
  std::string& buf = impl_->buffer;
  buf.assign(json);
  buf.append(simdjson::SIMDJSON_PADDING, '\0');
  simdjson::ondemand::document doc;
  auto err = impl_->parser.iterate(buf.data(), json.size(), buf.size()).get(doc);
  if (err) return invalid_argument(std::string("malformed JSON: ") + simdjson::error_message(err));
  object obj;
  if (doc.get_object().get(obj)) return invalid_argument("malformed JSON: expected an object");
  for (auto field : obj) {
    std::string_view key;
    if (field.error() || field.unescaped_key().get(key))
      return invalid_argument("malformed JSON: bad object key");
    CHORUS_RETURN_IF_ERROR(parse_field(key, field.value(), out));
  }
  const char* rest = nullptr;
  if (!doc.current_location().get(rest))
    return invalid_argument("malformed JSON: trailing content after the object");
  if (out->author.handle.size() > 1 && out->author.handle[0] == '@') out->author.handle.erase(0, 1);
  return validate(*out);
}

Result<Post> parse_post_json(std::string_view json) {
  PostJsonParser parser;
  Post p;
  CHORUS_RETURN_IF_ERROR(parser.parse(json, &p));
  return p;
}

void append_json_string(std::string_view s, std::string* out) {
  out->push_back('"');
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out->append("\\\""); break;
      case '\\': out->append("\\\\"); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      case '\t': out->append("\\t"); break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out->append(buf);
        } else {
          out->push_back(ch);
        }
    }
  }
  out->push_back('"');
}

namespace {

void add_key(std::string_view k, std::string* out) {
  out->push_back(',');
  append_json_string(k, out);
  out->push_back(':');
}

void add_string_field(std::string_view k, std::string_view v, std::string* out) {
  add_key(k, out);
  append_json_string(v, out);
}

void add_int_field(std::string_view k, int64_t v, std::string* out) {
  add_key(k, out);
  out->append(std::to_string(v));
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
  out->append("{\"likes\":" + std::to_string(p.metrics.likes));
  add_int_field("reposts", p.metrics.reposts, out);
  add_int_field("replies", p.metrics.replies, out);
  add_int_field("quotes", p.metrics.quotes, out);
  add_int_field("views", p.metrics.views, out);
  out->push_back('}');
  add_string_field("source", p.source, out);
  add_key("credibility", out);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", static_cast<double>(p.credibility));
  out->append(buf);
  out->push_back('}');
}

std::string post_to_json(const Post& p) {
  std::string out;
  out.reserve(256 + p.text.size());
  append_post_json(p, &out);
  return out;
}

}  // namespace chorus
