// Fast non-cryptographic 64-bit hashing (XXH3) for terms, shingles and ids.
#pragma once

#include <cstdint>
#include <string_view>

namespace chorus {

uint64_t hash64(std::string_view data, uint64_t seed = 0);
uint64_t hash64(const void* data, size_t n, uint64_t seed = 0);

// A strong 64-bit mixer (splitmix64 finalizer) for integer keys.
constexpr uint64_t mix64(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ull;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebull;
  x ^= x >> 31;
  return x;
}

}  // namespace chorus
