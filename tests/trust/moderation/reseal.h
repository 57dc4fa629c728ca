// Test helper for damaged model files: the bytes with their trailing masked CRC-32C recomputed,
// so that a deliberately broken field reaches the structural checks (linear_model.h).
#pragma once

#include <string>

#include "base/crc32c.h"

namespace chorus::trust::testing {

inline std::string resealed(std::string b) {
  b.resize(b.size() - 4);
  const uint32_t crc = crc32c::mask(crc32c::value(b));
  for (int i = 0; i < 4; ++i) b.push_back(static_cast<char>((crc >> (8 * i)) & 0xff));
  return b;
}

}  // namespace chorus::trust::testing
