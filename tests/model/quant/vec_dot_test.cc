// vec_dot: every variant against the scalar reference, and the reference against a double dot
// product of the dequantized rows. Tolerance: |a - b| <= kRelTol * sum |w_i * x_i| (the scale of
// float rounding under any summation order) plus a tiny absolute floor.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "quant_test_util.h"

namespace chorus::model {
namespace {

using testing::block_size;
using testing::type_name;

constexpr double kRelTol = 1e-5;

// Row lengths for a type: one block, a few blocks, a model-sized row; float types also get
// lengths that exercise the vector tails.
std::vector<int64_t> lengths(GgmlType type) {
  const int64_t bs = block_size(type);
  if (bs == 1) return {1, 7, 8, 31, 33, 100, 256, 4096};
  return {bs, 2 * bs, 3 * bs, 4096, 4096 + bs, 11008};
}

struct Case {
  std::vector<uint8_t> w;   // weight row
  std::vector<uint8_t> xq;  // activation row in the vec_dot type
  testing::DotRef ref;      // double dot of the dequantized rows
};

// Weights either quantized from Gaussian data or random bytes with sane scales.
Case make_case(Rng& rng, GgmlType type, int64_t n, bool random_bits) {
  Case c;
  if (random_bits) {
    c.w = testing::random_row_bytes(rng, type, n);
  } else {
    const auto wf = testing::normal_row(rng, n, 0.05f);
    c.w.resize(type_row_bytes(type, n));
    EXPECT_TRUE(quantize_row_ref(type, wf.data(), c.w.data(), n).is_ok());
  }
  c.xq = testing::activation_ref(type, testing::normal_row(rng, n, 3.0f));
  c.ref = testing::float_dot(testing::dequantized(type, c.w.data(), n),
                             testing::dequantized(type_traits(type)->vec_dot_type, c.xq.data(), n));
  return c;
}

TEST(VecDotTest, TraitsPairWeightsWithActivationTypes) {
  EXPECT_EQ(type_traits(GgmlType::Q4_0)->vec_dot_type, GgmlType::Q8_0);
  EXPECT_EQ(type_traits(GgmlType::Q4_1)->vec_dot_type, GgmlType::Q8_0);
  EXPECT_EQ(type_traits(GgmlType::Q5_0)->vec_dot_type, GgmlType::Q8_0);
  EXPECT_EQ(type_traits(GgmlType::Q8_0)->vec_dot_type, GgmlType::Q8_0);
  EXPECT_EQ(type_traits(GgmlType::Q4_K)->vec_dot_type, GgmlType::Q8_K);
  EXPECT_EQ(type_traits(GgmlType::Q5_K)->vec_dot_type, GgmlType::Q8_K);
  EXPECT_EQ(type_traits(GgmlType::Q6_K)->vec_dot_type, GgmlType::Q8_K);
  EXPECT_EQ(type_traits(GgmlType::F16)->vec_dot_type, GgmlType::F32);
  EXPECT_EQ(type_traits(GgmlType::BF16)->vec_dot_type, GgmlType::F32);
  EXPECT_EQ(type_traits(GgmlType::Q2_K), nullptr);
  EXPECT_EQ(type_traits(GgmlType::Q8_K)->vec_dot, nullptr);
  for (GgmlType t : testing::weight_types()) {
    const TypeTraits* tr = type_traits(t);
    ASSERT_NE(tr, nullptr) << type_name(t);
    EXPECT_NE(tr->vec_dot, nullptr) << type_name(t);
    EXPECT_EQ(tr->vec_dot, vec_dot_for(t, best_kernel_isa())) << type_name(t);
    EXPECT_EQ(static_cast<int64_t>(tr->type_size),
              ggml_type_info(static_cast<uint32_t>(t))->type_size);
  }
}

TEST(VecDotTest, ReferenceMatchesDequantizedDot) {
  Rng rng(11);
  for (GgmlType type : testing::weight_types()) {
    const VecDotFn ref = vec_dot_for(type, KernelIsa::kScalar);
    for (int64_t n : lengths(type)) {
      for (bool random_bits : {false, true}) {
        const Case c = make_case(rng, type, n, random_bits);
        const double got = ref(n, c.w.data(), c.xq.data());
        EXPECT_NEAR(got, c.ref.dot, 2 * kRelTol * c.ref.abs + 1e-6)
            << type_name(type) << " n=" << n << " random_bits=" << random_bits;
      }
    }
  }
}

TEST(VecDotTest, Avx2MatchesReference) {
  if (!cpu_supports(KernelIsa::kAvx2)) GTEST_SKIP() << "CPU has no AVX2+FMA+F16C";
  Rng rng(12);
  for (GgmlType type : testing::weight_types()) {
    const VecDotFn ref = vec_dot_for(type, KernelIsa::kScalar);
    const VecDotFn fast = vec_dot_for(type, KernelIsa::kAvx2);
    ASSERT_NE(fast, nullptr) << type_name(type);
    for (int64_t n : lengths(type)) {
      for (int trial = 0; trial < 3; ++trial) {
        const Case c = make_case(rng, type, n, trial > 0);
        const double want = ref(n, c.w.data(), c.xq.data());
        const double got = fast(n, c.w.data(), c.xq.data());
        ASSERT_NEAR(got, want, kRelTol * c.ref.abs + 1e-6)
            << type_name(type) << " n=" << n << " trial=" << trial;
      }
    }
  }
}

// Extreme levels everywhere: every weight at its largest magnitude against activations at
// +-127 (the int16 pair sums of maddubs are closest to saturation here).
TEST(VecDotTest, ExtremeLevelsDoNotOverflow) {
  Rng rng(13);
  for (GgmlType type : testing::weight_types()) {
    if (block_size(type) == 1) continue;
    const int64_t n = 4096;
    std::vector<float> w(n), x(n);
    for (int64_t i = 0; i < n; ++i) {
      w[i] = (i % 3 == 0) ? -1.0f : 1.0f;
      x[i] = (i % 5 == 0) ? -1.0f : 1.0f;
    }
    std::vector<uint8_t> wq(type_row_bytes(type, n));
    ASSERT_TRUE(quantize_row_ref(type, w.data(), wq.data(), n).is_ok());
    const auto xq = testing::activation_ref(type, x);
    const auto ref =
        testing::float_dot(testing::dequantized(type, wq.data(), n),
                           testing::dequantized(type_traits(type)->vec_dot_type, xq.data(), n));
    for (KernelIsa isa : {KernelIsa::kScalar, KernelIsa::kAvx2}) {
      const VecDotFn f = vec_dot_for(type, isa);
      if (!f) continue;
      EXPECT_NEAR(f(n, wq.data(), xq.data()), ref.dot, kRelTol * ref.abs)
          << type_name(type) << " " << kernel_isa_name(isa);
    }
  }
}

}  // namespace
}  // namespace chorus::model
