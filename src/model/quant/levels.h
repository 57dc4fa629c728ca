// Internal: unpacking of one block's integer levels, shared by the scalar reference
// dequantizers and the scalar reference dot products. The levels are exactly what blocks.h
// documents; scales and mins are applied by the callers.
#pragma once

#include <cstdint>
#include <cstring>

#include "model/quant/blocks.h"

namespace chorus::model {

// Q4_0: q[j] in [-8, 7].
inline void levels_q4_0(const block_q4_0& b, int8_t* q) {
  for (int j = 0; j < kQK / 2; ++j) {
    q[j] = static_cast<int8_t>((b.qs[j] & 0xf) - 8);
    q[j + kQK / 2] = static_cast<int8_t>((b.qs[j] >> 4) - 8);
  }
}

// Q4_1: q[j] in [0, 15].
inline void levels_q4_1(const block_q4_1& b, int8_t* q) {
  for (int j = 0; j < kQK / 2; ++j) {
    q[j] = static_cast<int8_t>(b.qs[j] & 0xf);
    q[j + kQK / 2] = static_cast<int8_t>(b.qs[j] >> 4);
  }
}

// Q5_0: q[j] in [-16, 15].
inline void levels_q5_0(const block_q5_0& b, int8_t* q) {
  uint32_t qh;
  std::memcpy(&qh, b.qh, 4);  // little-endian hosts (x86-64)
  for (int j = 0; j < kQK / 2; ++j) {
    q[j] = static_cast<int8_t>(((b.qs[j] & 0xf) | (((qh >> j) & 1u) << 4)) - 16);
    q[j + kQK / 2] = static_cast<int8_t>(((b.qs[j] >> 4) | (((qh >> (j + 16)) & 1u) << 4)) - 16);
  }
}

// Q4_K (qh == nullptr, q in [0, 15]) and Q5_K (q in [0, 31]): the 256 levels in element order.
inline void levels_k(const uint8_t* qs, const uint8_t* qh, int8_t* q) {
  for (int c = 0; c < 4; ++c) {
    for (int l = 0; l < 32; ++l) {
      int lo = qs[32 * c + l] & 0xf, hi = qs[32 * c + l] >> 4;
      if (qh) {
        lo |= ((qh[l] >> (2 * c)) & 1) << 4;
        hi |= ((qh[l] >> (2 * c + 1)) & 1) << 4;
      }
      q[64 * c + l] = static_cast<int8_t>(lo);
      q[64 * c + 32 + l] = static_cast<int8_t>(hi);
    }
  }
}

// Q6_K: q in [-32, 31], element order.
inline void levels_q6_K(const block_q6_K& b, int8_t* q) {
  for (int h = 0; h < 2; ++h, q += 128) {
    const uint8_t* ql = b.ql + 64 * h;
    const uint8_t* qh = b.qh + 32 * h;
    for (int l = 0; l < 32; ++l) {
      q[l] = static_cast<int8_t>(((ql[l] & 0xf) | (((qh[l] >> 0) & 3) << 4)) - 32);
      q[l + 32] = static_cast<int8_t>(((ql[l + 32] & 0xf) | (((qh[l] >> 2) & 3) << 4)) - 32);
      q[l + 64] = static_cast<int8_t>(((ql[l] >> 4) | (((qh[l] >> 4) & 3) << 4)) - 32);
      q[l + 96] = static_cast<int8_t>(((ql[l + 32] >> 4) | (((qh[l] >> 6) & 3) << 4)) - 32);
    }
  }
}

}  // namespace chorus::model
