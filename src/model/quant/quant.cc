// The per-type traits table, run-time kernel selection and the checked public entry points.
#include "model/quant/quant.h"

#include <cstdlib>
#include <string_view>

#include <cpuid.h>

#include <array>
#include <string>

#include "model/quant/kernels.h"

namespace chorus::model {
namespace {

using namespace kernels;

// Every variant of one weight type's dot product; nullptr where a variant does not exist.
struct Variants {
  VecDotFn scalar;
  VecDotFn avx2;
};

struct TypeEntry {
  GgmlType type;
  ToFloatFn to_float;
  FromFloatFn from_float_ref;
  GgmlType vec_dot_type;
  Variants dot;
};

constexpr std::array kEntries = {
    TypeEntry{GgmlType::F32,
              dequantize_f32,
              quantize_f32,
              GgmlType::F32,
              {vec_dot_f32_ref, vec_dot_f32_avx2}},
    TypeEntry{GgmlType::F16,
              dequantize_f16,
              quantize_f16,
              GgmlType::F32,
              {vec_dot_f16_ref, vec_dot_f16_avx2}},
    TypeEntry{GgmlType::BF16,
              dequantize_bf16,
              quantize_bf16,
              GgmlType::F32,
              {vec_dot_bf16_ref, vec_dot_bf16_avx2}},
    TypeEntry{GgmlType::Q4_0,
              dequantize_q4_0,
              quantize_q4_0,
              GgmlType::Q8_0,
              {vec_dot_q4_0_ref, vec_dot_q4_0_avx2}},
    TypeEntry{GgmlType::Q4_1,
              dequantize_q4_1,
              quantize_q4_1,
              GgmlType::Q8_0,
              {vec_dot_q4_1_ref, vec_dot_q4_1_avx2}},
    TypeEntry{GgmlType::Q5_0,
              dequantize_q5_0,
              quantize_q5_0,
              GgmlType::Q8_0,
              {vec_dot_q5_0_ref, vec_dot_q5_0_avx2}},
    TypeEntry{GgmlType::Q8_0,
              dequantize_q8_0,
              quantize_q8_0,
              GgmlType::Q8_0,
              {vec_dot_q8_0_ref, vec_dot_q8_0_avx2}},
    TypeEntry{GgmlType::Q4_K,
              dequantize_q4_K,
              quantize_q4_K,
              GgmlType::Q8_K,
              {vec_dot_q4_K_ref, vec_dot_q4_K_avx2}},
    TypeEntry{GgmlType::Q5_K,
              dequantize_q5_K,
              quantize_q5_K,
              GgmlType::Q8_K,
              {vec_dot_q5_K_ref, vec_dot_q5_K_avx2}},
    TypeEntry{GgmlType::Q6_K,
              dequantize_q6_K,
              quantize_q6_K,
              GgmlType::Q8_K,
              {vec_dot_q6_K_ref, vec_dot_q6_K_avx2}},
    TypeEntry{GgmlType::Q8_K, dequantize_q8_K, quantize_q8_K, GgmlType::Q8_K, {nullptr, nullptr}},
};

const TypeEntry* find_entry(GgmlType type) {
  for (const auto& e : kEntries)
    if (e.type == type) return &e;
  return nullptr;
}

// The activation quantizer of a vec_dot type at a given variant level.
FromFloatFn act_quantizer(GgmlType act_type, KernelIsa isa) {
  const bool avx2 = isa >= KernelIsa::kAvx2;
  switch (act_type) {
    case GgmlType::Q8_0:
      return avx2 ? quantize_q8_0_avx2 : quantize_q8_0;
    case GgmlType::Q8_K:
      return avx2 ? quantize_q8_K_avx2 : quantize_q8_K;
    default:
      return find_entry(act_type)->from_float_ref;
  }
}

// Built once, on first use, for the CPU found at run time.
struct TraitsTable {
  std::array<TypeTraits, kEntries.size()> traits;
  TraitsTable() {
    const KernelIsa isa = best_kernel_isa();
    for (size_t i = 0; i < kEntries.size(); ++i) {
      const TypeEntry& e = kEntries[i];
      const GgmlTypeInfo* info = ggml_type_info(static_cast<uint32_t>(e.type));
      traits[i] = TypeTraits{e.type,
                             info->block_size,
                             info->type_size,
                             e.to_float,
                             e.from_float_ref,
                             e.vec_dot_type,
                             act_quantizer(e.vec_dot_type, isa),
                             vec_dot_for(e.type, isa)};
    }
  }
};

Status check_row(GgmlType type, int64_t n, const char* what) {
  const GgmlTypeInfo* info = ggml_type_info(static_cast<uint32_t>(type));
  if (!find_entry(type) || !info)
    return invalid_argument(std::string(what) + ": unsupported tensor type " +
                            std::to_string(static_cast<uint32_t>(type)));
  if (n < 0 || n % info->block_size != 0)
    return invalid_argument(std::string(what) + ": row of " + std::to_string(n) +
                            " elements is not a multiple of the " + std::string(info->name) +
                            " block size " + std::to_string(info->block_size));
  return Status::ok();
}

}  // namespace

const char* kernel_isa_name(KernelIsa isa) {
  switch (isa) {
    case KernelIsa::kScalar:
      return "scalar";
    case KernelIsa::kAvx2:
      return "avx2";
    case KernelIsa::kAvx512:
      return "avx512";
  }
  return "?";
}

namespace {
// CPUID.1:ECX.F16C[bit 29]; clang's __builtin_cpu_supports does not know "f16c".
bool cpu_has_f16c() {
  unsigned a = 0, b = 0, c = 0, d = 0;
  return __get_cpuid(1, &a, &b, &c, &d) && (c & bit_F16C) != 0;
}
}  // namespace

bool cpu_supports(KernelIsa isa) {
  switch (isa) {
    case KernelIsa::kScalar:
      return true;
    case KernelIsa::kAvx2: {
      static const bool ok =
          __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && cpu_has_f16c();
      return ok;
    }
    case KernelIsa::kAvx512:
      return false;  // no AVX-512 variants are built yet
  }
  return false;
}

namespace kernels {
bool cpu_has_avx512_vnni() {
  static const bool ok = [] {
    const char* cap = std::getenv("CHORUS_KERNELS");  // "avx2": run as on an AVX2-only CPU
    if (cap != nullptr && std::string_view(cap) == "avx2") return false;
    return cpu_supports(KernelIsa::kAvx2) && __builtin_cpu_supports("avx512f") &&
           __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512vnni");
  }();
  return ok;
}
}  // namespace kernels

KernelIsa best_kernel_isa() {
  return cpu_supports(KernelIsa::kAvx2) ? KernelIsa::kAvx2 : KernelIsa::kScalar;
}

const TypeTraits* type_traits(GgmlType type) {
  static const TraitsTable table;
  for (const auto& t : table.traits)
    if (t.type == type) return &t;
  return nullptr;
}

VecDotFn vec_dot_for(GgmlType type, KernelIsa isa) {
  const TypeEntry* e = find_entry(type);
  if (!e || !cpu_supports(isa)) return nullptr;
  switch (isa) {
    case KernelIsa::kScalar:
      return e->dot.scalar;
    case KernelIsa::kAvx2:
      return e->dot.avx2;
    case KernelIsa::kAvx512:
      return nullptr;
  }
  return nullptr;
}

size_t type_row_bytes(GgmlType type, int64_t n) {
  const GgmlTypeInfo* info = ggml_type_info(static_cast<uint32_t>(type));
  return static_cast<size_t>(n / info->block_size) * info->type_size;
}

Status dequantize_row(GgmlType type, const void* src, float* dst, int64_t n) {
  CHORUS_RETURN_IF_ERROR(check_row(type, n, "dequantize_row"));
  find_entry(type)->to_float(src, dst, n);
  return Status::ok();
}

Status quantize_row_ref(GgmlType type, const float* src, void* dst, int64_t n) {
  CHORUS_RETURN_IF_ERROR(check_row(type, n, "quantize_row_ref"));
  find_entry(type)->from_float_ref(src, dst, n);
  return Status::ok();
}

void fp16_to_fp32_row(const uint16_t* src, float* dst, int64_t n) {
  if (cpu_supports(KernelIsa::kAvx2)) return fp16_to_fp32_row_avx2(src, dst, n);
  for (int64_t i = 0; i < n; ++i) dst[i] = fp16_to_fp32(src[i]);
}

void fp32_to_fp16_row(const float* src, uint16_t* dst, int64_t n) {
  if (cpu_supports(KernelIsa::kAvx2)) return fp32_to_fp16_row_avx2(src, dst, n);
  for (int64_t i = 0; i < n; ++i) dst[i] = fp32_to_fp16(src[i]);
}

void bf16_to_fp32_row(const uint16_t* src, float* dst, int64_t n) {
  if (cpu_supports(KernelIsa::kAvx2)) return bf16_to_fp32_row_avx2(src, dst, n);
  for (int64_t i = 0; i < n; ++i) dst[i] = bf16_to_fp32(src[i]);
}

void fp32_to_bf16_row(const float* src, uint16_t* dst, int64_t n) {
  for (int64_t i = 0; i < n; ++i) dst[i] = fp32_to_bf16(src[i]);
}

}  // namespace chorus::model
