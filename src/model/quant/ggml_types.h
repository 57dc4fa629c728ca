// Tensor element types as numbered in GGUF files (ggml's type ids), with their block geometry.
// A row of n elements of a block type occupies (n / block_size) * type_size bytes; n must be a
// multiple of block_size.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace chorus::model {

enum class GgmlType : uint32_t {
  F32 = 0,
  F16 = 1,
  Q4_0 = 2,
  Q4_1 = 3,
  Q5_0 = 6,
  Q5_1 = 7,
  Q8_0 = 8,
  Q8_1 = 9,
  Q2_K = 10,
  Q3_K = 11,
  Q4_K = 12,
  Q5_K = 13,
  Q6_K = 14,
  Q8_K = 15,
  I8 = 24,
  I16 = 25,
  I32 = 26,
  I64 = 27,
  F64 = 28,
  BF16 = 30,
};

struct GgmlTypeInfo {
  GgmlType type;
  std::string_view name;  // "F32", "Q4_K", ...
  uint32_t block_size;    // elements per block (1 for plain types)
  uint32_t type_size;     // bytes per block
  bool supported;         // the runtime can compute with it
};

// Geometry of a type id read from a file, or nullptr when the id is unknown.
const GgmlTypeInfo* ggml_type_info(uint32_t type_id);
// Parses "Q4_K" / "q4_k" / "F16"...; also the file-type mixes "Q4_K_M" and "Q5_K_M" map to their
// main type.
std::optional<GgmlType> ggml_type_from_name(std::string_view name);

// Bytes of a row of n elements; nullopt when n is not a multiple of the block size or the type is
// unknown.
std::optional<uint64_t> ggml_row_bytes(uint32_t type_id, uint64_t n);

}  // namespace chorus::model
