// On-disk block layouts of the GGUF/ggml quantized types, byte for byte.
//
// Every struct is a plain aggregate of bytes and 16-bit halves (no padding); sizeof() is pinned
// by static_assert so that a row of n elements is exactly (n / kBlock) * sizeof(block) bytes in a
// mapped file. Halves (`d`, `dmin`, `m`) are IEEE binary16 bit patterns stored little-endian.
// Element i of a block dequantizes as documented per struct; dequantize.cc implements exactly
// these formulas.
#pragma once

#include <cstdint>

namespace chorus::model {

inline constexpr int kQK = 32;           // elements per block of the legacy types (Q4_0 ... Q8_0)
inline constexpr int kQK_K = 256;        // elements per super-block of the K-quants
inline constexpr int kKScaleBytes = 12;  // packed 6-bit scales/mins of Q4_K and Q5_K

// x[j] = d * ((qs[j] & 15) - 8), x[j + 16] = d * ((qs[j] >> 4) - 8), j in [0, 16).
struct block_q4_0 {
  uint16_t d;
  uint8_t qs[kQK / 2];
};
static_assert(sizeof(block_q4_0) == 18);

// x[j] = d * (qs[j] & 15) + m, x[j + 16] = d * (qs[j] >> 4) + m.
struct block_q4_1 {
  uint16_t d;
  uint16_t m;
  uint8_t qs[kQK / 2];
};
static_assert(sizeof(block_q4_1) == 20);

// qh is a little-endian 32-bit mask holding the fifth bit of element j at bit j:
// x[j] = d * (((qs[j] & 15) | bit(j) << 4) - 16), x[j + 16] = d * (((qs[j] >> 4) | bit(j+16) << 4)
// - 16).
struct block_q5_0 {
  uint16_t d;
  uint8_t qh[4];
  uint8_t qs[kQK / 2];
};
static_assert(sizeof(block_q5_0) == 22);

// x[j] = d * qs[j].
struct block_q8_0 {
  uint16_t d;
  int8_t qs[kQK];
};
static_assert(sizeof(block_q8_0) == 34);

// Super-block of 8 sub-blocks of 32. Sub-block s has a 6-bit scale sc[s] and min mn[s] packed in
// `scales` (see unpack_k_scales in k_scales.h); x = d * sc[s] * q - dmin * mn[s], with the 4-bit q
// of sub-blocks 2c and 2c+1 in the low and high nibbles of qs[32c .. 32c + 31].
struct block_q4_K {
  uint16_t d;
  uint16_t dmin;
  uint8_t scales[kKScaleBytes];
  uint8_t qs[kQK_K / 2];
};
static_assert(sizeof(block_q4_K) == 144);

// As block_q4_K with a fifth bit: element l of sub-block s takes bit s of qh[l] (l in [0, 32)) as
// its value 16.
struct block_q5_K {
  uint16_t d;
  uint16_t dmin;
  uint8_t scales[kKScaleBytes];
  uint8_t qh[kQK_K / 8];
  uint8_t qs[kQK_K / 2];
};
static_assert(sizeof(block_q5_K) == 176);

// 16 sub-blocks of 16 with signed 8-bit scales; 6-bit q stored as 4 low bits in ql and 2 high bits
// in qh; x = d * scales[s] * (q - 32). Within each half h (128 elements; ql + 64h, qh + 32h), for
// l in [0, 32): element l takes ql[l] & 15 and qh[l] bits 0-1; l + 32 takes ql[l + 32] & 15 and
// bits 2-3; l + 64 takes ql[l] >> 4 and bits 4-5; l + 96 takes ql[l + 32] >> 4 and bits 6-7.
struct block_q6_K {
  uint8_t ql[kQK_K / 2];
  uint8_t qh[kQK_K / 4];
  int8_t scales[kQK_K / 16];
  uint16_t d;
};
static_assert(sizeof(block_q6_K) == 210);

// Eight Q4_0 rows interleaved (the runtime's repacked layout, never on disk): block i of rows
// 8g .. 8g + 7. d[j] is row j's scale; qs[32 * c + 4 * j + k] is byte 4c + k of row j's qs, so one
// 32-byte load holds the same 4 bytes (elements 4c .. 4c+3 low, 16+4c .. 16+4c+3 high) of 8 rows.
struct block_q4_0x8 {
  uint16_t d[8];
  uint8_t qs[8 * kQK / 2];
};
static_assert(sizeof(block_q4_0x8) == 8 * sizeof(block_q4_0));

// Eight Q8_0 rows interleaved the same way: d[j] is row j's scale; qs[32 * c + 4 * j + k] is
// element 4c + k of row j (c in [0, 8)), so one 32-byte load holds 4 elements of 8 rows.
struct block_q8_0x8 {
  uint16_t d[8];
  int8_t qs[8 * kQK];
};
static_assert(sizeof(block_q8_0x8) == 8 * sizeof(block_q8_0));

// Eight Q4_K rows interleaved, scales and mins unpacked to bytes (the runtime's repacked layout,
// never on disk): super-block i of rows 8g .. 8g + 7. d[j], dmin[j] are row j's; sub-blocks 2p and
// 2p + 1 of row j have scales[16p + 2j], scales[16p + 2j + 1] and mins at the same places (in
// [0, 63]); qs[32 * c + 4 * j + k] is byte 4c + k of row j's qs (c in [0, 32)), so one 32-byte
// load holds the same 4 bytes of 8 rows. 32 bytes (2.8%) larger than 8 block_q4_K.
struct block_q4_Kx8 {
  uint16_t d[8];
  uint16_t dmin[8];
  uint8_t scales[64];
  uint8_t mins[64];
  uint8_t qs[8 * kQK_K / 2];
};
static_assert(sizeof(block_q4_Kx8) == 8 * sizeof(block_q4_K) + 32);

// Eight Q6_K rows interleaved (size unchanged), levels regrouped so that a kernel extracts them
// with few shifts: d[j] is row j's scale; sub-blocks 2p and 2p + 1 of row j have scales[16p + 2j],
// scales[16p + 2j + 1]. For half h (in [0, 2)) and run k (in [0, 8)), the three 32-byte vectors
// at q + 96 * (8h + k) + 32e (e in [0, 3)) hold at byte 4j + b: v_e | ((v_3 >> 2e) & 3) << 6,
// where v_u is row j's stored level (0..63, value + 32) of element 128h + 32u + 4k + b.
struct block_q6_Kx8 {
  uint16_t d[8];
  int8_t scales[128];
  uint8_t q[8 * kQK_K * 6 / 8];
};
static_assert(sizeof(block_q6_Kx8) == 8 * sizeof(block_q6_K));

// Activation type of the K-quant dot products: x = d * qs, bsums[g] = sum of qs[16g .. 16g + 15].
struct block_q8_K {
  float d;
  int8_t qs[kQK_K];
  int16_t bsums[kQK_K / 16];
};
static_assert(sizeof(block_q8_K) == 292);

}  // namespace chorus::model
