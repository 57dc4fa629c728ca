// Helpers shared by the quant tests: random rows, random valid blocks and float references.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

#include <gtest/gtest.h>

#include "base/random.h"
#include "model/quant/blocks.h"
#include "model/quant/quant.h"

namespace chorus::model::testing {

// The weight types the runtime computes with, in test order.
inline const std::vector<GgmlType>& weight_types() {
  static const std::vector<GgmlType> kTypes = {
      GgmlType::F32,  GgmlType::F16,  GgmlType::BF16, GgmlType::Q4_0, GgmlType::Q4_1,
      GgmlType::Q5_0, GgmlType::Q8_0, GgmlType::Q4_K, GgmlType::Q5_K, GgmlType::Q6_K};
  return kTypes;
}

inline const char* type_name(GgmlType t) {
  return ggml_type_info(static_cast<uint32_t>(t))->name.data();
}

inline int64_t block_size(GgmlType t) {
  return ggml_type_info(static_cast<uint32_t>(t))->block_size;
}

// n standard-normal floats times `scale`.
inline std::vector<float> normal_row(Rng& rng, int64_t n, float scale = 1.0f) {
  std::vector<float> v(static_cast<size_t>(n));
  for (auto& x : v) x = scale * static_cast<float>(rng.normal());
  return v;
}

// A row of n elements of `type` with uniformly random level bits and random moderate scales
// (|scale| in [2^-10, 2^-2]), so kernels see every bit pattern rather than only what the
// quantizers produce.
inline std::vector<uint8_t> random_row_bytes(Rng& rng, GgmlType type, int64_t n) {
  std::vector<uint8_t> bytes(type_row_bytes(type, n));
  for (auto& b : bytes) b = static_cast<uint8_t>(rng.next());
  auto half = [&rng]() {
    const float mag =
        std::ldexp(1.0f + static_cast<float>(rng.uniform()), -static_cast<int>(rng.range(2, 10)));
    return fp32_to_fp16(rng.chance(0.5) ? -mag : mag);
  };
  auto blocks = [&](auto* b, int64_t bs, auto fix) {
    for (int64_t i = 0; i < n / bs; ++i) fix(b[i]);
  };
  uint8_t* p = bytes.data();
  switch (type) {
    case GgmlType::F32:
      for (int64_t i = 0; i < n; ++i) {
        const float f = static_cast<float>(rng.normal());
        std::memcpy(p + 4 * i, &f, 4);
      }
      break;
    case GgmlType::F16:
    case GgmlType::BF16:
      for (int64_t i = 0; i < n; ++i) {
        const float f = static_cast<float>(rng.normal());
        const uint16_t h = type == GgmlType::F16 ? fp32_to_fp16(f) : fp32_to_bf16(f);
        std::memcpy(p + 2 * i, &h, 2);
      }
      break;
    case GgmlType::Q4_0:
      blocks(reinterpret_cast<block_q4_0*>(p), kQK, [&](auto& b) { b.d = half(); });
      break;
    case GgmlType::Q4_1:
      blocks(reinterpret_cast<block_q4_1*>(p), kQK, [&](auto& b) { b.d = half(), b.m = half(); });
      break;
    case GgmlType::Q5_0:
      blocks(reinterpret_cast<block_q5_0*>(p), kQK, [&](auto& b) { b.d = half(); });
      break;
    case GgmlType::Q8_0:
      blocks(reinterpret_cast<block_q8_0*>(p), kQK, [&](auto& b) { b.d = half(); });
      break;
    case GgmlType::Q4_K:
      blocks(reinterpret_cast<block_q4_K*>(p), kQK_K,
             [&](auto& b) { b.d = half(), b.dmin = half(); });
      break;
    case GgmlType::Q5_K:
      blocks(reinterpret_cast<block_q5_K*>(p), kQK_K,
             [&](auto& b) { b.d = half(), b.dmin = half(); });
      break;
    case GgmlType::Q6_K:
      blocks(reinterpret_cast<block_q6_K*>(p), kQK_K, [&](auto& b) { b.d = half(); });
      break;
    default:
      break;
  }
  return bytes;
}

inline std::vector<float> dequantized(GgmlType type, const void* row, int64_t n) {
  std::vector<float> out(static_cast<size_t>(n));
  EXPECT_TRUE(dequantize_row(type, row, out.data(), n).is_ok());
  return out;
}

// sum a*b in double, and sum |a*b| (the scale of rounding errors of any summation order).
struct DotRef {
  double dot = 0;
  double abs = 0;
};
inline DotRef float_dot(const std::vector<float>& a, const std::vector<float>& b) {
  DotRef r;
  for (size_t i = 0; i < a.size(); ++i) {
    r.dot += static_cast<double>(a[i]) * b[i];
    r.abs += std::fabs(static_cast<double>(a[i]) * b[i]);
  }
  return r;
}

// The activation row of a weight type, quantized with its reference quantizer.
inline std::vector<uint8_t> activation_ref(GgmlType weight_type, const std::vector<float>& x) {
  const TypeTraits* t = type_traits(weight_type);
  std::vector<uint8_t> out(type_row_bytes(t->vec_dot_type, static_cast<int64_t>(x.size())));
  EXPECT_TRUE(
      quantize_row_ref(t->vec_dot_type, x.data(), out.data(), static_cast<int64_t>(x.size()))
          .is_ok());
  return out;
}

}  // namespace chorus::model::testing
