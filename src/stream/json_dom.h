// JsonDom: simdjson's DOM API with Chorus errors, shared by the source-format decoders.
//
// The DOM parser in the simdjson shared library picks its kernel at run time (icelake, haswell,
// westmere or fallback), unlike On-Demand, which is compiled into the caller for the build
// target. Field accessors treat an absent key and JSON null alike ("absent") and return
// kInvalidArgument naming the field when the type is wrong. Not thread-safe: one per thread.
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace chorus::stream {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

class JsonDom {
 public:
  // Parses `json` into a document owned by this object; the element stays valid until the next
  // parse(). Rejects malformed JSON and trailing content.
  Result<element> parse(std::string_view json);

 private:
  simdjson::dom::parser parser_;
  std::string buffer_;  // the input followed by SIMDJSON_PADDING zero bytes
};

// Sets `out` to the value of `key` in `obj`; false when the key is absent or its value is null.
bool find(object obj, std::string_view key, element* out);

// Optional typed fields. Absent or null leave `out` unchanged and return ok.
Status get_string(object obj, std::string_view key, std::string_view field, std::string* out);
Status get_string_view(object obj, std::string_view key, std::string_view field,
                       std::string_view* out);
Status get_int(object obj, std::string_view key, std::string_view field, int64_t* out);
Status get_bool(object obj, std::string_view key, std::string_view field, bool* out);
// An RFC 3339 string (or integer epoch milliseconds) into epoch milliseconds.
Status get_time(object obj, std::string_view key, std::string_view field, int64_t* out);
// `found` (when given) tells whether the key was present and not null.
Status get_object(object obj, std::string_view key, std::string_view field, object* out,
                  bool* found);
Status get_array(object obj, std::string_view key, std::string_view field, array* out, bool* found);
// An array of strings appended to `out`.
Status get_string_array(object obj, std::string_view key, std::string_view field,
                        std::vector<std::string>* out);

// Appends `s` to `v` unless an equal string is already there (for small lists).
void add_unique(std::vector<std::string>* v, std::string_view s);

}  // namespace chorus::stream
