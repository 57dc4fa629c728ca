#include "trust/scores/min_hash.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "base/hash.h"

namespace chorus::trust {
namespace {

// Salts and multipliers as MinHasher draws them, for calling the kernels directly.
struct Params {
  std::array<uint64_t, kMaxMinHashes> salt, mult;
  explicit Params(uint64_t seed) {
    std::mt19937_64 rng(seed);
    for (int i = 0; i < kMaxMinHashes; ++i) salt[i] = rng(), mult[i] = rng() | 1;
  }
};

// A signature computed the obvious way, one value at a time.
uint32_t expected_value(const Params& p, int i, const std::vector<uint64_t>& shingles) {
  uint32_t best = 0xffffffffu;
  for (uint64_t x : shingles) {
    const uint64_t product = (x ^ p.salt[i]) * p.mult[i];
    best = std::min(best, static_cast<uint32_t>(product >> 32));
  }
  return best;
}

std::vector<uint64_t> random_shingles(std::mt19937_64& rng, size_t n) {
  std::vector<uint64_t> s(n);
  for (auto& x : s) x = rng();
  // Values whose products carry across the 32-bit halves and edge patterns.
  if (n > 2) s[0] = ~uint64_t{0}, s[1] = 0, s[2] = 0xffffffffull;
  return s;
}

TEST(MinHashKernels, ScalarMatchesDefinition) {
  Params p(7);
  std::mt19937_64 rng(1);
  for (size_t n : {1, 2, 5, 40}) {
    auto shingles = random_shingles(rng, n);
    std::vector<uint32_t> sig(kMaxMinHashes, 0x12345678u);
    minhash_kernels::sign_scalar(p.salt.data(), p.mult.data(), 48, shingles, sig.data());
    for (int i = 0; i < 48; ++i) EXPECT_EQ(sig[i], expected_value(p, i, shingles)) << i;
    for (int i = 48; i < kMaxMinHashes; ++i) EXPECT_EQ(sig[i], 0x12345678u) << "past k";
  }
}

TEST(MinHashKernels, Avx2MatchesScalarForEveryK) {
  if (!minhash_kernels::avx2_supported()) GTEST_SKIP() << "no AVX2 on this CPU";
  std::mt19937_64 rng(2);
  for (int k = 1; k <= kMaxMinHashes; ++k) {
    Params p(100 + k);
    for (size_t n : {0, 1, 3, 17, 64}) {
      auto shingles = random_shingles(rng, n);
      std::vector<uint32_t> want(kMaxMinHashes, 0xabcdef01u), got(kMaxMinHashes, 0xabcdef01u);
      minhash_kernels::sign_scalar(p.salt.data(), p.mult.data(), k, shingles, want.data());
      minhash_kernels::sign_avx2(p.salt.data(), p.mult.data(), k, shingles, got.data());
      ASSERT_EQ(got, want) << "k=" << k << " n=" << n;
    }
  }
}

TEST(MinHasher, EmptySetAndUnusedEntriesAreAllOnes) {
  MinHasher h(20);
  Signature sig;
  sig.fill(0);
  h.sign({}, &sig);
  for (uint32_t v : sig) EXPECT_EQ(v, 0xffffffffu);
  const std::vector<uint64_t> one = {hash64("word")};
  h.sign(one, &sig);
  for (int i = 20; i < kMaxMinHashes; ++i) EXPECT_EQ(sig[i], 0xffffffffu);
  EXPECT_NE(sig[0], 0xffffffffu);
}

TEST(MinHasher, SimilarityTracksOverlap) {
  MinHasher h(64);
  std::vector<uint64_t> a, b;
  for (uint64_t i = 0; i < 100; ++i) a.push_back(mix64(i + 1));
  b = a;
  for (uint64_t i = 0; i < 100; ++i) b[i] = i < 50 ? a[i] : mix64(i + 1000);
  Signature sa, sb;
  h.sign(a, &sa);
  h.sign(b, &sb);
  EXPECT_DOUBLE_EQ(h.similarity(sa, sa), 1.0);
  const double s = h.similarity(sa, sb);  // Jaccard 50 / 150
  EXPECT_GT(s, 0.1);
  EXPECT_LT(s, 0.6);
}

}  // namespace
}  // namespace chorus::trust
