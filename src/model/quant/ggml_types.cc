#include "model/quant/ggml_types.h"

#include <array>
#include <cctype>
#include <string>

namespace chorus::model {
namespace {

constexpr std::array kTypes = {
    GgmlTypeInfo{GgmlType::F32, "F32", 1, 4, true},
    GgmlTypeInfo{GgmlType::F16, "F16", 1, 2, true},
    GgmlTypeInfo{GgmlType::Q4_0, "Q4_0", 32, 18, true},
    GgmlTypeInfo{GgmlType::Q4_1, "Q4_1", 32, 20, true},
    GgmlTypeInfo{GgmlType::Q5_0, "Q5_0", 32, 22, true},
    GgmlTypeInfo{GgmlType::Q5_1, "Q5_1", 32, 24, false},
    GgmlTypeInfo{GgmlType::Q8_0, "Q8_0", 32, 34, true},
    GgmlTypeInfo{GgmlType::Q8_1, "Q8_1", 32, 36, false},
    GgmlTypeInfo{GgmlType::Q2_K, "Q2_K", 256, 84, false},
    GgmlTypeInfo{GgmlType::Q3_K, "Q3_K", 256, 110, false},
    GgmlTypeInfo{GgmlType::Q4_K, "Q4_K", 256, 144, true},
    GgmlTypeInfo{GgmlType::Q5_K, "Q5_K", 256, 176, true},
    GgmlTypeInfo{GgmlType::Q6_K, "Q6_K", 256, 210, true},
    GgmlTypeInfo{GgmlType::Q8_K, "Q8_K", 256, 292, false},
    GgmlTypeInfo{GgmlType::I8, "I8", 1, 1, false},
    GgmlTypeInfo{GgmlType::I16, "I16", 1, 2, false},
    GgmlTypeInfo{GgmlType::I32, "I32", 1, 4, false},
    GgmlTypeInfo{GgmlType::I64, "I64", 1, 8, false},
    GgmlTypeInfo{GgmlType::F64, "F64", 1, 8, false},
    GgmlTypeInfo{GgmlType::BF16, "BF16", 1, 2, true},
};

}  // namespace

const GgmlTypeInfo* ggml_type_info(uint32_t type_id) {
  for (const auto& t : kTypes)
    if (static_cast<uint32_t>(t.type) == type_id) return &t;
  return nullptr;
}

std::optional<GgmlType> ggml_type_from_name(std::string_view name) {
  std::string up;
  for (char c : name) up += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (up == "Q4_K_M" || up == "Q4_K_S") up = "Q4_K";
  if (up == "Q5_K_M" || up == "Q5_K_S") up = "Q5_K";
  for (const auto& t : kTypes)
    if (t.name == up) return t.type;
  return std::nullopt;
}

std::optional<uint64_t> ggml_row_bytes(uint32_t type_id, uint64_t n) {
  const GgmlTypeInfo* t = ggml_type_info(type_id);
  if (!t || n % t->block_size != 0) return std::nullopt;
  return n / t->block_size * t->type_size;
}

}  // namespace chorus::model
