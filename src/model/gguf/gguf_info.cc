#include "model/gguf/gguf_info.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <map>
#include <nlohmann/json.hpp>

#include "model/gguf/gguf_value_size.h"
#include "model/quant/ggml_types.h"

namespace chorus::model {
namespace {

using Json = nlohmann::ordered_json;

std::string_view type_name(uint32_t type) {
  const GgmlTypeInfo* info = ggml_type_info(type);
  return info ? info->name : "?";
}

// Parameters (elements) over all tensors, and bytes by ggml type id.
struct Totals {
  uint64_t parameters = 0;
  std::map<uint32_t, uint64_t> bytes_by_type;
};

Totals totals(const GgufFile& f) {
  Totals t;
  for (const GgufTensor& x : f.tensors()) {
    t.parameters += static_cast<uint64_t>(x.elements());
    t.bytes_by_type[x.type] += x.nbytes;
  }
  return t;
}

// The double nearest to the float's shortest decimal form, so that 1e-5f prints as 1e-05 rather
// than 9.999999747378752e-06.
Json float32_json(float v) {
  if (!std::isfinite(v)) return nullptr;
  return std::strtod(fmt::format("{}", v).c_str(), nullptr);
}

Json scalar_json(const GgufFile& f, const GgufKV& kv) {
  switch (kv.type) {
    case GgufValueType::kUint8:
      return gguf_load<uint8_t>(kv.data);
    case GgufValueType::kInt8:
      return gguf_load<int8_t>(kv.data);
    case GgufValueType::kUint16:
      return gguf_load<uint16_t>(kv.data);
    case GgufValueType::kInt16:
      return gguf_load<int16_t>(kv.data);
    case GgufValueType::kUint32:
      return gguf_load<uint32_t>(kv.data);
    case GgufValueType::kInt32:
      return gguf_load<int32_t>(kv.data);
    case GgufValueType::kUint64:
      return gguf_load<uint64_t>(kv.data);
    case GgufValueType::kInt64:
      return gguf_load<int64_t>(kv.data);
    case GgufValueType::kFloat32:
      return float32_json(gguf_load<float>(kv.data));
    case GgufValueType::kFloat64:
      return gguf_load<double>(kv.data);
    case GgufValueType::kBool:
      return gguf_load<uint8_t>(kv.data) != 0;
    case GgufValueType::kString:
      return std::string(*f.get_string(kv.key));
    case GgufValueType::kArray:
      break;
  }
  return {
      {"type", "array"}, {"elem_type", gguf_value_type_name(kv.elem_type)}, {"count", kv.count}};
}

}  // namespace

std::string gguf_info_text(const GgufFile& f) {
  std::string out = fmt::format("GGUF v{}, alignment {}, data section at offset {}, {} bytes\n",
                                f.version(), f.alignment(), f.data_offset(), f.file_size());
  out += fmt::format("metadata ({} keys):\n", f.metadata().size());
  for (const GgufKV& kv : f.metadata()) {
    const std::string type =
        kv.type == GgufValueType::kArray
            ? fmt::format("{}[{}]", gguf_value_type_name(kv.elem_type), kv.count)
            : std::string(gguf_value_type_name(kv.type));
    out += fmt::format("  {:<40} {:<14} {}\n", kv.key, type, f.value_to_string(kv));
  }
  out += fmt::format("tensors ({}):\n", f.tensors().size());
  for (const GgufTensor& t : f.tensors())
    out += fmt::format("  {:<40} {:<5} {:<22} {:>12} bytes  offset {}\n", t.name, type_name(t.type),
                       fmt::format("[{}]", fmt::join(t.dims, ", ")), t.nbytes, t.offset);
  const Totals tot = totals(f);
  out += fmt::format("parameters: {}\n", tot.parameters);
  out += "bytes by type:";
  if (tot.bytes_by_type.empty()) out += " none";
  for (const auto& [type, bytes] : tot.bytes_by_type)
    out += fmt::format(" {} {}", type_name(type), bytes);
  return out + "\n";
}

std::string gguf_info_json(const GgufFile& f) {
  Json metadata = Json::object();
  for (const GgufKV& kv : f.metadata()) metadata[kv.key] = scalar_json(f, kv);
  Json tensors = Json::array();
  for (const GgufTensor& t : f.tensors())
    tensors.push_back({{"name", t.name},
                       {"type", type_name(t.type)},
                       {"dims", t.dims},
                       {"bytes", t.nbytes},
                       {"offset", t.offset}});
  const Totals tot = totals(f);
  Json by_type = Json::object();
  for (const auto& [type, bytes] : tot.bytes_by_type) by_type[std::string(type_name(type))] = bytes;
  Json doc = {{"version", f.version()},
              {"alignment", f.alignment()},
              {"data_offset", f.data_offset()},
              {"metadata", std::move(metadata)},
              {"tensors", std::move(tensors)},
              {"parameters", tot.parameters},
              {"bytes_by_type", std::move(by_type)},
              {"file_bytes", f.file_size()}};
  return doc.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace chorus::model
