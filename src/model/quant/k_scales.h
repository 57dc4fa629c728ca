// The 6-bit scale/min packing of Q4_K and Q5_K (12 bytes for 8 scales and 8 mins).
//
// Sub-blocks 0-3 keep their scale and min in the low 6 bits of bytes 0-3 and 4-7; sub-blocks 4-7
// keep their low 4 bits in the nibbles of bytes 8-11 (scale low, min high) and their top 2 bits in
// the top 2 bits of bytes 0-3 (scale) and 4-7 (min).
#pragma once

#include <cstdint>

namespace chorus::model {

// sc[s], mn[s] in [0, 63] for s in [0, 8).
inline void unpack_k_scales(const uint8_t* q, uint8_t* sc, uint8_t* mn) {
  for (int s = 0; s < 4; ++s) {
    sc[s] = q[s] & 63;
    mn[s] = q[s + 4] & 63;
  }
  for (int s = 4; s < 8; ++s) {
    sc[s] = static_cast<uint8_t>((q[s + 4] & 0xf) | ((q[s - 4] >> 6) << 4));
    mn[s] = static_cast<uint8_t>((q[s + 4] >> 4) | ((q[s] >> 6) << 4));
  }
}

// Inverse of unpack_k_scales; sc[s], mn[s] must be in [0, 63].
inline void pack_k_scales(const uint8_t* sc, const uint8_t* mn, uint8_t* q) {
  for (int s = 0; s < 4; ++s) {
    q[s] = static_cast<uint8_t>((sc[s] & 63) | ((sc[s + 4] >> 4) << 6));
    q[s + 4] = static_cast<uint8_t>((mn[s] & 63) | ((mn[s + 4] >> 4) << 6));
    q[s + 8] = static_cast<uint8_t>((sc[s + 4] & 0xf) | ((mn[s + 4] & 0xf) << 4));
  }
}

}  // namespace chorus::model
