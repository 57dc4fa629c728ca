#include "trust/scores/min_hash.h"

#include <algorithm>

#include "base/hash.h"

namespace chorus::trust {

void shingle_hashes(std::span<const text::Token> terms, std::vector<uint64_t>* out) {
  out->clear();
  const size_t n = terms.size();
  if (n == 0) return;
  uint64_t h[3] = {0, 0, 0};  // hashes of the last three terms, h[2] newest
  if (n == 1) {
    out->push_back(hash64(terms[0].term));
    return;
  }
  for (size_t i = 0; i < n; ++i) {
    h[0] = h[1];
    h[1] = h[2];
    h[2] = hash64(terms[i].term);
    if (i >= 1) out->push_back(mix64(h[1] * 0x9e3779b97f4a7c15ull + h[2]));
    if (i >= 2)
      out->push_back(
          mix64((h[0] * 0xc2b2ae3d27d4eb4full + h[1]) * 0x9e3779b97f4a7c15ull + h[2] + 3));
  }
  std::sort(out->begin(), out->end());
  out->erase(std::unique(out->begin(), out->end()), out->end());
}

MinHasher::MinHasher(int k, uint64_t seed) : k_(std::clamp(k, 1, kMaxMinHashes)) {
  uint64_t x = seed;
  for (int i = 0; i < kMaxMinHashes; ++i) {
    x += 0x9e3779b97f4a7c15ull;
    salt_[i] = mix64(x);
    x += 0x9e3779b97f4a7c15ull;
    mult_[i] = mix64(x) | 1;
  }
}

void MinHasher::sign(std::span<const uint64_t> shingles, Signature* sig) const {
  sig->fill(0xffffffffu);
  uint32_t* s = sig->data();
  for (uint64_t x : shingles) {
    for (int i = 0; i < k_; ++i) {
      uint32_t v = static_cast<uint32_t>(((x ^ salt_[i]) * mult_[i]) >> 32);
      s[i] = std::min(s[i], v);
    }
  }
}

double MinHasher::similarity(const uint32_t* a, const uint32_t* b) const {
  int eq = 0;
  for (int i = 0; i < k_; ++i) eq += a[i] == b[i];
  return static_cast<double>(eq) / k_;
}

}  // namespace chorus::trust
