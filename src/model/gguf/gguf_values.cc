// GgufFile's typed metadata accessors and value rendering. Values were bounds-checked by the
// parser, so reading them here needs no further length checks; they are read with memcpy because
// GGUF does not align them.
#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <limits>
#include <optional>

#include "model/gguf/gguf.h"
#include "model/gguf/gguf_value_size.h"

namespace chorus::model {
namespace {

// An integer of any GGUF integer type, kept exactly.
struct IntValue {
  bool negative;
  uint64_t magnitude;  // |value|
  std::string to_string() const {
    return negative ? fmt::format("-{}", magnitude) : fmt::format("{}", magnitude);
  }
};

IntValue load_int(GgufValueType t, const uint8_t* p) {
  auto from_signed = [](int64_t v) {
    return v < 0 ? IntValue{true, 0 - static_cast<uint64_t>(v)}
                 : IntValue{false, static_cast<uint64_t>(v)};
  };
  switch (t) {
    case GgufValueType::kUint8:
      return {false, gguf_load<uint8_t>(p)};
    case GgufValueType::kInt8:
      return from_signed(gguf_load<int8_t>(p));
    case GgufValueType::kUint16:
      return {false, gguf_load<uint16_t>(p)};
    case GgufValueType::kInt16:
      return from_signed(gguf_load<int16_t>(p));
    case GgufValueType::kUint32:
      return {false, gguf_load<uint32_t>(p)};
    case GgufValueType::kInt32:
      return from_signed(gguf_load<int32_t>(p));
    case GgufValueType::kUint64:
      return {false, gguf_load<uint64_t>(p)};
    case GgufValueType::kInt64:
      return from_signed(gguf_load<int64_t>(p));
    default:
      return {false, 0};
  }
}

// Converts to int64, or nullopt when the value does not fit.
std::optional<int64_t> to_int64(IntValue v) {
  constexpr uint64_t kMax = std::numeric_limits<int64_t>::max();
  if (!v.negative) return v.magnitude <= kMax ? std::optional<int64_t>(v.magnitude) : std::nullopt;
  if (v.magnitude <= kMax) return -static_cast<int64_t>(v.magnitude);
  if (v.magnitude == kMax + 1) return std::numeric_limits<int64_t>::min();
  return std::nullopt;
}

double load_float(GgufValueType t, const uint8_t* p) {
  return t == GgufValueType::kFloat32 ? gguf_load<float>(p) : gguf_load<double>(p);
}

bool is_float(GgufValueType t) {
  return t == GgufValueType::kFloat32 || t == GgufValueType::kFloat64;
}

// A length-prefixed string at p; advances p past it.
std::string_view load_string(const uint8_t*& p) {
  uint64_t len = gguf_load<uint64_t>(p);
  std::string_view s(reinterpret_cast<const char*>(p + 8), len);
  p += 8 + len;
  return s;
}

std::string describe_type(const GgufKV& kv) {
  if (kv.type != GgufValueType::kArray) return std::string(gguf_value_type_name(kv.type));
  return fmt::format("array of {}", gguf_value_type_name(kv.elem_type));
}

Status wrong_type(const GgufKV& kv, std::string_view expected) {
  return invalid_argument(fmt::format("metadata '{}' at offset {} is {}, expected {}", kv.key,
                                      kv.offset, describe_type(kv), expected));
}

Status missing(std::string_view key) {
  return not_found(fmt::format("metadata '{}' not found", key));
}

// Quoted, with control characters escaped, cut (at a UTF-8 boundary) after max_bytes.
std::string quote(std::string_view s, size_t max_bytes) {
  size_t n = s.size();
  if (n > max_bytes) {
    n = max_bytes;
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  }
  std::string out = "\"";
  for (size_t i = 0; i < n; ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '"' || c == '\\')
      out += {'\\', static_cast<char>(c)};
    else if (c == '\n')
      out += "\\n";
    else if (c == '\t')
      out += "\\t";
    else if (c == '\r')
      out += "\\r";
    else if (c < 0x20 || c == 0x7f)
      out += fmt::format("\\x{:02x}", c);
    else
      out += static_cast<char>(c);
  }
  out += '"';
  if (n < s.size()) out += fmt::format("... ({} bytes)", s.size());
  return out;
}

// One value of scalar or string type at p; advances p past it.
std::string element_to_string(GgufValueType t, const uint8_t*& p, size_t max_string) {
  if (t == GgufValueType::kString) return quote(load_string(p), max_string);
  std::string out;
  if (gguf_is_integer(t))
    out = load_int(t, p).to_string();
  else if (t == GgufValueType::kFloat32)
    out = fmt::format("{}", gguf_load<float>(p));  // the float's shortest form, not the double's
  else if (t == GgufValueType::kFloat64)
    out = fmt::format("{}", gguf_load<double>(p));
  else if (t == GgufValueType::kBool)
    out = gguf_load<uint8_t>(p) ? "true" : "false";
  p += gguf_scalar_size(t);
  return out;
}

constexpr size_t kMaxStringBytes = 1024;
constexpr size_t kMaxElementStringBytes = 64;

}  // namespace

std::string_view gguf_value_type_name(GgufValueType t) {
  switch (t) {
    case GgufValueType::kUint8:
      return "uint8";
    case GgufValueType::kInt8:
      return "int8";
    case GgufValueType::kUint16:
      return "uint16";
    case GgufValueType::kInt16:
      return "int16";
    case GgufValueType::kUint32:
      return "uint32";
    case GgufValueType::kInt32:
      return "int32";
    case GgufValueType::kFloat32:
      return "float32";
    case GgufValueType::kBool:
      return "bool";
    case GgufValueType::kString:
      return "string";
    case GgufValueType::kArray:
      return "array";
    case GgufValueType::kUint64:
      return "uint64";
    case GgufValueType::kInt64:
      return "int64";
    case GgufValueType::kFloat64:
      return "float64";
  }
  return "unknown";
}

int64_t GgufTensor::elements() const {
  if (dims.empty()) return 0;
  int64_t n = 1;
  for (int64_t d : dims) n *= d;  // the parser checked that this cannot overflow
  return n;
}

Result<uint64_t> GgufFile::get_uint(std::string_view key) const {
  const GgufKV* kv = find(key);
  if (!kv) return missing(key);
  if (!gguf_is_integer(kv->type)) return wrong_type(*kv, "an integer");
  IntValue v = load_int(kv->type, kv->data);
  if (v.negative)
    return invalid_argument(
        fmt::format("metadata '{}' at offset {} is {}, expected a "
                    "non-negative integer",
                    kv->key, kv->offset, v.to_string()));
  return v.magnitude;
}

Result<int64_t> GgufFile::get_int(std::string_view key) const {
  const GgufKV* kv = find(key);
  if (!kv) return missing(key);
  if (!gguf_is_integer(kv->type)) return wrong_type(*kv, "an integer");
  IntValue v = load_int(kv->type, kv->data);
  std::optional<int64_t> i = to_int64(v);
  if (!i)
    return invalid_argument(
        fmt::format("metadata '{}' at offset {} is {}, which does not fit int64", kv->key,
                    kv->offset, v.to_string()));
  return *i;
}

Result<double> GgufFile::get_float(std::string_view key) const {
  const GgufKV* kv = find(key);
  if (!kv) return missing(key);
  if (!is_float(kv->type)) return wrong_type(*kv, "a float");
  return load_float(kv->type, kv->data);
}

Result<bool> GgufFile::get_bool(std::string_view key) const {
  const GgufKV* kv = find(key);
  if (!kv) return missing(key);
  if (kv->type != GgufValueType::kBool) return wrong_type(*kv, "a bool");
  return gguf_load<uint8_t>(kv->data) != 0;
}

Result<std::string_view> GgufFile::get_string(std::string_view key) const {
  const GgufKV* kv = find(key);
  if (!kv) return missing(key);
  if (kv->type != GgufValueType::kString) return wrong_type(*kv, "a string");
  const uint8_t* p = kv->data;
  return load_string(p);
}

Result<std::vector<std::string_view>> GgufFile::get_string_array(std::string_view key) const {
  const GgufKV* kv = find(key);
  if (!kv) return missing(key);
  if (kv->type != GgufValueType::kArray || kv->elem_type != GgufValueType::kString)
    return wrong_type(*kv, "an array of strings");
  std::vector<std::string_view> out;
  out.reserve(kv->count);  // the parser bounded count by the file size
  const uint8_t* p = kv->data;
  for (uint64_t i = 0; i < kv->count; ++i) out.push_back(load_string(p));
  return out;
}

Result<std::vector<float>> GgufFile::get_float_array(std::string_view key) const {
  const GgufKV* kv = find(key);
  if (!kv) return missing(key);
  if (kv->type != GgufValueType::kArray || !is_float(kv->elem_type))
    return wrong_type(*kv, "an array of floats");
  std::vector<float> out(kv->count);
  const uint64_t step = gguf_scalar_size(kv->elem_type);
  for (uint64_t i = 0; i < kv->count; ++i)
    out[i] = static_cast<float>(load_float(kv->elem_type, kv->data + i * step));
  return out;
}

Result<std::vector<int64_t>> GgufFile::get_int_array(std::string_view key) const {
  const GgufKV* kv = find(key);
  if (!kv) return missing(key);
  if (kv->type != GgufValueType::kArray || !gguf_is_integer(kv->elem_type))
    return wrong_type(*kv, "an array of integers");
  std::vector<int64_t> out(kv->count);
  const uint64_t step = gguf_scalar_size(kv->elem_type);
  for (uint64_t i = 0; i < kv->count; ++i) {
    IntValue v = load_int(kv->elem_type, kv->data + i * step);
    std::optional<int64_t> x = to_int64(v);
    if (!x)
      return invalid_argument(
          fmt::format("metadata '{}' at offset {}: element {} is {}, which does not fit int64",
                      kv->key, kv->offset, i, v.to_string()));
    out[i] = *x;
  }
  return out;
}

Result<uint64_t> GgufFile::get_uint_or(std::string_view key, uint64_t fallback) const {
  if (!find(key)) return fallback;
  return get_uint(key);
}

Result<double> GgufFile::get_float_or(std::string_view key, double fallback) const {
  if (!find(key)) return fallback;
  return get_float(key);
}

std::string GgufFile::value_to_string(const GgufKV& kv, size_t max_elems) const {
  const uint8_t* p = kv.data;
  if (kv.type != GgufValueType::kArray) return element_to_string(kv.type, p, kMaxStringBytes);
  std::string out = "[";
  const uint64_t shown = std::min<uint64_t>(kv.count, max_elems);
  for (uint64_t i = 0; i < shown; ++i) {
    if (i) out += ", ";
    out += element_to_string(kv.elem_type, p, kMaxElementStringBytes);
  }
  if (shown < kv.count)
    return out + fmt::format("{}...] ({} x {})", shown ? ", " : "", kv.count,
                             gguf_value_type_name(kv.elem_type));
  return out + "]";
}

}  // namespace chorus::model
