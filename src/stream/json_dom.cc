#include "stream/json_dom.h"

#include <algorithm>
#include <cmath>

#include "base/time_util.h"

namespace chorus::stream {
namespace {

Status type_error(std::string_view field, std::string_view expected) {
  return invalid_argument(std::string(field) + ": expected " + std::string(expected));
}

}  // namespace

Result<element> JsonDom::parse(std::string_view json) {
  buffer_.assign(json);
  buffer_.append(simdjson::SIMDJSON_PADDING, '\0');
  element root;
  auto err = parser_.parse(buffer_.data(), json.size(), false).get(root);
  if (err) return invalid_argument(std::string("malformed JSON: ") + simdjson::error_message(err));
  return root;
}

bool find(object obj, std::string_view key, element* out) {
  element e;
  if (obj.at_key(key).get(e)) return false;
  if (e.is_null()) return false;
  *out = e;
  return true;
}

Status get_string_view(object obj, std::string_view key, std::string_view field,
                       std::string_view* out) {
  element e;
  if (!find(obj, key, &e)) return Status::ok();
  if (e.get_string().get(*out)) return type_error(field, "a string");
  return Status::ok();
}

Status get_string(object obj, std::string_view key, std::string_view field, std::string* out) {
  std::string_view s;
  element e;
  if (!find(obj, key, &e)) return Status::ok();
  if (e.get_string().get(s)) return type_error(field, "a string");
  out->assign(s);
  return Status::ok();
}

Status get_int(object obj, std::string_view key, std::string_view field, int64_t* out) {
  element e;
  if (!find(obj, key, &e)) return Status::ok();
  if (!e.get_int64().get(*out)) return Status::ok();
  uint64_t u;
  if (!e.get_uint64().get(u)) {
    *out = INT64_MAX;  // saturate counts beyond int64
    return Status::ok();
  }
  double d;
  if (e.get_double().get(d) || !std::isfinite(d) || std::fabs(d) > 9.2e18)
    return type_error(field, "an integer");
  *out = static_cast<int64_t>(d);
  return Status::ok();
}

Status get_bool(object obj, std::string_view key, std::string_view field, bool* out) {
  element e;
  if (!find(obj, key, &e)) return Status::ok();
  if (e.get_bool().get(*out)) return type_error(field, "a boolean");
  return Status::ok();
}

Status get_time(object obj, std::string_view key, std::string_view field, int64_t* out) {
  element e;
  if (!find(obj, key, &e)) return Status::ok();
  if (e.is_int64()) return get_int(obj, key, field, out);
  std::string_view s;
  if (e.get_string().get(s)) return type_error(field, "an RFC 3339 time string");
  auto r = parse_time_ms(s);
  if (!r) return invalid_argument(std::string(field) + ": " + r.status().message());
  *out = *r;
  return Status::ok();
}

Status get_object(object obj, std::string_view key, std::string_view field, object* out,
                  bool* found) {
  element e;
  bool present = find(obj, key, &e);
  if (found) *found = present;
  if (!present) return Status::ok();
  if (e.get_object().get(*out)) return type_error(field, "an object");
  return Status::ok();
}

Status get_array(object obj, std::string_view key, std::string_view field, array* out,
                 bool* found) {
  element e;
  bool present = find(obj, key, &e);
  if (found) *found = present;
  if (!present) return Status::ok();
  if (e.get_array().get(*out)) return type_error(field, "an array");
  return Status::ok();
}

Status get_string_array(object obj, std::string_view key, std::string_view field,
                        std::vector<std::string>* out) {
  array arr;
  bool found = false;
  CHORUS_RETURN_IF_ERROR(get_array(obj, key, field, &arr, &found));
  if (!found) return Status::ok();
  for (element item : arr) {
    std::string_view s;
    if (item.get_string().get(s)) return type_error(field, "an array of strings");
    out->emplace_back(s);
  }
  return Status::ok();
}

void add_unique(std::vector<std::string>* v, std::string_view s) {
  if (s.empty()) return;
  if (std::find(v->begin(), v->end(), s) == v->end()) v->emplace_back(s);
}

}  // namespace chorus::stream
