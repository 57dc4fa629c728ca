// Shingles and MinHash signatures for near-duplicate detection.
//
// A text's shingles are the hashes of its 2-grams and 3-grams of analyzer terms (text/analyzer.h:
// normalized, case-folded, stemmed), as a set (sorted, unique); a text of one term has that
// term as its only shingle. The MinHash signature of a shingle set S has `k` values,
//   sig[i] = min over x in S of ((x ^ salt_i) * mult_i) >> 32    (multiply-shift hashing)
// so that P(sig_a[i] == sig_b[i]) ~ Jaccard(S_a, S_b).
// Signing has a scalar reference kernel and an AVX2 one chosen at run time when the CPU has
// AVX2; both give bit-identical signatures (tests/trust/scores/min_hash_test.cc).
// Thread-safety: MinHasher is immutable after construction; shingle_hashes() is reentrant.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "text/analyzer.h"

namespace chorus::trust {

inline constexpr int kMaxMinHashes = 64;
using Signature = std::array<uint32_t, kMaxMinHashes>;  // first k entries used

// Replaces `out` with the sorted, unique shingle hashes of the tokens' terms.
void shingle_hashes(std::span<const text::Token> tokens, std::vector<uint64_t>* out);

// The signing kernels: sig[i] for i in [0, k) as above, over kMaxMinHashes salts and odd
// multipliers; entries from k on are left as they are. k in [1, kMaxMinHashes].
namespace minhash_kernels {
using SignFn = void (*)(const uint64_t* salt, const uint64_t* mult, int k,
                        std::span<const uint64_t> shingles, uint32_t* sig);
void sign_scalar(const uint64_t* salt, const uint64_t* mult, int k,
                 std::span<const uint64_t> shingles, uint32_t* sig);
// Requires AVX2 (see avx2_supported()).
void sign_avx2(const uint64_t* salt, const uint64_t* mult, int k,
               std::span<const uint64_t> shingles, uint32_t* sig);
bool avx2_supported();
}  // namespace minhash_kernels

class MinHasher {
 public:
  // k in [1, kMaxMinHashes]; larger k are clamped.
  explicit MinHasher(int k, uint64_t seed = 0x5eed);
  int k() const { return k_; }
  // Fills sig[0..k); an empty set gives all 0xffffffff.
  void sign(std::span<const uint64_t> shingles, Signature* sig) const;
  // Share of equal values among the first k: an estimate of the Jaccard similarity.
  double similarity(const Signature& a, const Signature& b) const {
    return similarity(a.data(), b.data());
  }
  // The same over the first k values of two arrays.
  double similarity(const uint32_t* a, const uint32_t* b) const;

 private:
  int k_;
  minhash_kernels::SignFn sign_;  // the fastest kernel this CPU runs
  std::array<uint64_t, kMaxMinHashes> salt_;
  std::array<uint64_t, kMaxMinHashes> mult_;  // odd
};

}  // namespace chorus::trust
