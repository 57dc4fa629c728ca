// Conversions between float and the 16-bit float formats of GGUF tensors.
//
// fp16 is IEEE binary16; bf16 is the top half of an IEEE binary32. Conversions to 16 bits round
// to nearest, ties to even; NaN stays NaN (quiet), overflow becomes infinity for fp16. The scalar
// functions are the reference; the row functions use F16C/AVX2 when the CPU has it and give
// bit-identical results. Thread-safe, no state.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>

namespace chorus::model {

inline float fp16_to_fp32(uint16_t h) {
  const uint32_t sign = static_cast<uint32_t>(h & 0x8000u) << 16;
  const uint32_t em = h & 0x7fffu;
  if (em >= 0x7c00u) return std::bit_cast<float>(sign | 0x7f800000u | ((em & 0x3ffu) << 13));
  if (em >= 0x0400u) return std::bit_cast<float>(sign | ((em << 13) + 0x38000000u));
  const float v = static_cast<float>(em) * 0x1.0p-24f;  // subnormal: em units of 2^-24
  return std::bit_cast<float>(sign | std::bit_cast<uint32_t>(v));
}

inline uint16_t fp32_to_fp16(float f) {
  const uint32_t x = std::bit_cast<uint32_t>(f);
  const uint16_t sign = static_cast<uint16_t>((x >> 16) & 0x8000u);
  uint32_t ax = x & 0x7fffffffu;
  if (ax > 0x7f800000u) return sign | 0x7e00u;   // NaN
  if (ax >= 0x477ff000u) return sign | 0x7c00u;  // rounds to >= 65520: infinity
  if (ax < 0x38800000u) {
    // Below 2^-14 the result is subnormal: adding 0.5 (ulp 2^-24) rounds to the half's unit.
    const float r = std::bit_cast<float>(ax) + 0.5f;
    return sign | static_cast<uint16_t>(std::bit_cast<uint32_t>(r) - 0x3f000000u);
  }
  const uint32_t odd = (ax >> 13) & 1u;
  ax += 0xc8000000u + 0x0fffu + odd;  // rebias exponent 127 -> 15, round to nearest even
  return sign | static_cast<uint16_t>(ax >> 13);
}

inline float bf16_to_fp32(uint16_t h) {
  return std::bit_cast<float>(static_cast<uint32_t>(h) << 16);
}

inline uint16_t fp32_to_bf16(float f) {
  const uint32_t x = std::bit_cast<uint32_t>(f);
  if ((x & 0x7fffffffu) > 0x7f800000u) return static_cast<uint16_t>((x >> 16) | 0x40u);  // NaN
  return static_cast<uint16_t>((x + 0x7fffu + ((x >> 16) & 1u)) >> 16);
}

// Row conversions of n elements; src and dst must not overlap.
void fp16_to_fp32_row(const uint16_t* src, float* dst, int64_t n);
void fp32_to_fp16_row(const float* src, uint16_t* dst, int64_t n);
void bf16_to_fp32_row(const uint16_t* src, float* dst, int64_t n);
void fp32_to_bf16_row(const float* src, uint16_t* dst, int64_t n);

}  // namespace chorus::model
