// TomlDoc: the TOML subset that `chorus serve --config` reads.
//
// Supported: comments (#), [section] and [a.b] headers, bare or quoted keys (dotted keys are
// kept as written), and values: basic strings "..." with \" \\ \n \t \r \uXXXX escapes, literal
// strings '...', integers (with optional sign and _ separators), floats (1.5, 1e3), booleans,
// and single-line arrays of strings. Keys are stored fully qualified ("simulator.rate").
// Errors name the line: "config line 7: expected '=' after key". Plain value type.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "base/status.h"

namespace chorus::server {

using TomlValue = std::variant<std::string, int64_t, double, bool, std::vector<std::string>>;

class TomlDoc {
 public:
  static Result<TomlDoc> parse(std::string_view text);

  bool has(const std::string& key) const { return values_.count(key) != 0; }
  const std::map<std::string, TomlValue>& values() const { return values_; }

  // Typed lookups into `out`: kNotFound when the key is absent (out untouched), kInvalidArgument
  // naming the key when the stored type differs (an int is accepted where a float is expected).
  Status get(const std::string& key, std::string* out) const;
  Status get(const std::string& key, int64_t* out) const;
  Status get(const std::string& key, double* out) const;
  Status get(const std::string& key, bool* out) const;
  Status get(const std::string& key, std::vector<std::string>* out) const;

 private:
  std::map<std::string, TomlValue> values_;
};

}  // namespace chorus::server
