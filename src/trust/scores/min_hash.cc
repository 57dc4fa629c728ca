#include "trust/scores/min_hash.h"

#include <algorithm>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

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

namespace minhash_kernels {

void sign_scalar(const uint64_t* salt, const uint64_t* mult, int k,
                 std::span<const uint64_t> shingles, uint32_t* sig) {
  std::fill(sig, sig + k, 0xffffffffu);
  for (uint64_t x : shingles) {
    for (int i = 0; i < k; ++i) {
      uint32_t v = static_cast<uint32_t>(((x ^ salt[i]) * mult[i]) >> 32);
      sig[i] = std::min(sig[i], v);
    }
  }
}

#if defined(__x86_64__)

// Four values per 64-bit lane group. Bits 32..63 of the 64-bit product a * m are
//   hi32(lo32(a) * lo32(m)) + lo32(a) * hi32(m) + hi32(a) * lo32(m)   (mod 2^32),
// three 32x32->64 multiplies (vpmuludq); the sum's low 32 bits in each lane are the value, and
// an unsigned 32-bit min over all lanes keeps the even (low) halves exact.
__attribute__((target("avx2"))) void sign_avx2(const uint64_t* salt, const uint64_t* mult, int k,
                                               std::span<const uint64_t> shingles, uint32_t* sig) {
  alignas(32) uint32_t lanes[8];
  const __m256i even = _mm256_setr_epi32(0, 2, 4, 6, 1, 3, 5, 7);
  for (int g = 0; g < k; g += 4) {  // salt and mult hold kMaxMinHashes (a multiple of 4)
    const __m256i s = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(salt + g));
    const __m256i m = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(mult + g));
    const __m256i m_hi = _mm256_srli_epi64(m, 32);
    __m256i lo = _mm256_set1_epi32(-1);
    for (uint64_t x : shingles) {
      const __m256i a = _mm256_xor_si256(_mm256_set1_epi64x(static_cast<int64_t>(x)), s);
      const __m256i p0 = _mm256_srli_epi64(_mm256_mul_epu32(a, m), 32);
      const __m256i p1 = _mm256_mul_epu32(a, m_hi);
      const __m256i p2 = _mm256_mul_epu32(_mm256_srli_epi64(a, 32), m);
      lo = _mm256_min_epu32(lo, _mm256_add_epi64(p0, _mm256_add_epi64(p1, p2)));
    }
    _mm256_store_si256(reinterpret_cast<__m256i*>(lanes), _mm256_permutevar8x32_epi32(lo, even));
    std::copy(lanes, lanes + std::min(4, k - g), sig + g);
  }
}

bool avx2_supported() {
  return __builtin_cpu_supports("avx2");
}

#else

void sign_avx2(const uint64_t* salt, const uint64_t* mult, int k,
               std::span<const uint64_t> shingles, uint32_t* sig) {
  sign_scalar(salt, mult, k, shingles, sig);
}

bool avx2_supported() {
  return false;
}

#endif

}  // namespace minhash_kernels

static_assert(kMaxMinHashes % 4 == 0, "the AVX2 kernel reads salts and multipliers in fours");

MinHasher::MinHasher(int k, uint64_t seed)
    : k_(std::clamp(k, 1, kMaxMinHashes)),
      sign_(minhash_kernels::avx2_supported() ? minhash_kernels::sign_avx2
                                              : minhash_kernels::sign_scalar) {
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
  sign_(salt_.data(), mult_.data(), k_, shingles, sig->data());
}

double MinHasher::similarity(const uint32_t* a, const uint32_t* b) const {
  int eq = 0;
  for (int i = 0; i < k_; ++i) eq += a[i] == b[i];
  return static_cast<double>(eq) / k_;
}

}  // namespace chorus::trust
