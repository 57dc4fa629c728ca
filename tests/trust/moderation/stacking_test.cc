// Per-block stacking and the kernel member (issue #7, fourth round): feature blocks, the
// logistic meta-learner, random Fourier features, stacked training, max-pooled vectors and the
// version 5 model file that carries the kernel member.
#include <gtest/gtest.h>

#include <cmath>

#include "base/random.h"
#include "trust/moderation/calibration.h"
#include "trust/moderation/linear_model.h"
#include "trust/moderation/reseal.h"
#include "trust/moderation/trainer.h"

namespace chorus::trust {
namespace {

// Insults and animals in two kinds of sentence (labels 1 and 0), seeded.
Dataset stacking_toy() {
  const std::vector<std::string> animals = {"cat", "dog", "horse", "goat", "sheep", "cow"};
  const std::vector<std::string> insults = {"idiot", "moron", "clown", "loser", "fool", "twit"};
  Rng rng(9);
  Dataset d;
  d.labels = {"not-offensive", "offensive"};
  for (int i = 0; i < 120; ++i) {
    d.add("the " + rng.pick(animals) + " ran to the barn with the " + rng.pick(animals), 0);
    d.add("you are a " + rng.pick(insults) + " and everyone knows it " + rng.pick(animals), 1);
  }
  return d;
}

TrainOptions stacking_options() {
  TrainOptions o;
  o.features.hash_bits = 16;
  o.features.vector_weight = 0.6f;
  o.cv_folds = 3;
  o.cluster_options.vectors.dim = 8;
  o.cluster_options.vectors.oversample = 4;
  o.cluster_options.sizes = {2, 4};
  o.stack_blocks = true;
  o.kernel = {.features = 64, .gamma = 2.0f};
  return o;
}

TEST(FeatureHasher, BlocksSumToTheExtractedVector) {
  Result<LinearModel> m = train_model(stacking_toy(), stacking_options());
  ASSERT_TRUE(m.is_ok()) << m.status().to_string();
  const FeatureHasher plain(FeatureConfig{.hash_bits = 16});
  for (const FeatureHasher* h : {&m->hasher(), &plain}) {
    for (const char* t : {"you are a twit", "the goat ran", "", "!!!", "\xff zebra"}) {
      const FeatureBlocks b = h->extract_blocks(t);
      const SparseVector sum = sparse_sum(sparse_sum(b[kWordBlock], b[kCharBlock]), b[kDenseBlock]);
      const SparseVector x = h->extract(t);
      EXPECT_EQ(sum.index, x.index) << t;
      EXPECT_EQ(sum.value, x.value) << t;
    }
  }
  // With the vector block on, a text of known terms has all three blocks.
  const FeatureBlocks b = m->hasher().extract_blocks("you are a twit");
  for (const SparseVector& v : b) EXPECT_GT(v.size(), 0u);
}

TEST(Calibration, LogisticMetaLearnerRecoversCoefficients) {
  Rng rng(4);
  std::vector<std::vector<float>> x(2);
  std::vector<bool> pos;
  std::vector<float> w;
  for (int i = 0; i < 20000; ++i) {
    const double a = 2 * rng.uniform() - 1, b = 2 * rng.uniform() - 1;
    x[0].push_back(static_cast<float>(a));
    x[1].push_back(static_cast<float>(b));
    pos.push_back(rng.uniform() < 1 / (1 + std::exp(-(3 * a - 2 * b + 0.5))));
    w.push_back(1.0f);
  }
  const std::vector<double> beta = fit_logistic(x, pos, w, 0);
  ASSERT_EQ(beta.size(), 3u);
  EXPECT_NEAR(beta[0], 3.0, 0.2);
  EXPECT_NEAR(beta[1], -2.0, 0.2);
  EXPECT_NEAR(beta[2], 0.5, 0.1);
  // A strong penalty shrinks the coefficients; no examples give zeros.
  EXPECT_LT(std::fabs(fit_logistic(x, pos, w, 10)[0]), 0.5);
  EXPECT_EQ(fit_logistic({{}}, {}, {}, 0), (std::vector<double>{0, 0}));
}

TEST(VectorKernel, RandomFeaturesApproximateTheGaussianKernel) {
  const VectorKernel k(4, 4096, 1.5f, 3);
  const float v[4] = {1, 0, 0, 0}, u[4] = {0.6f, 0.8f, 0, 0};
  std::vector<float> zv(4096), zu(4096);
  k.lift(v, zv.data());
  k.lift(u, zu.data());
  double dot = 0, self = 0;
  for (size_t i = 0; i < zv.size(); ++i) {
    dot += static_cast<double>(zv[i]) * zu[i];
    self += static_cast<double>(zv[i]) * zv[i];
  }
  const double d2 = 0.4 * 0.4 + 0.8 * 0.8;
  EXPECT_NEAR(dot, std::exp(-1.5 * 1.5 * d2 / 2), 0.05);
  EXPECT_NEAR(self, 1.0, 0.05);
  // The same seed draws the same features; another seed others.
  std::vector<float> again(4096), other(4096);
  VectorKernel(4, 4096, 1.5f, 3).lift(v, again.data());
  VectorKernel(4, 4096, 1.5f, 4).lift(v, other.data());
  EXPECT_EQ(again, zv);
  EXPECT_NE(other, zv);
}

TEST(Stacking, TrainsDeterministicallyAndTheFileCarriesTheKernel) {
  const Dataset d = stacking_toy();
  Result<LinearModel> m = train_model(d, stacking_options());
  ASSERT_TRUE(m.is_ok()) << m.status().to_string();
  ASSERT_TRUE(m->kernel().has_value());
  EXPECT_EQ(m->kernel()->dim(), 8u);
  size_t right = 0;
  for (size_t i = 0; i < d.size(); ++i) {
    const std::vector<float> p = m->predict(d.texts[i]);
    right += (p[1] > p[0]) == (d.y[i] == 1);
  }
  EXPECT_EQ(right, d.size());
  const std::string bytes = m->serialize();
  EXPECT_EQ(bytes[8], 5);
  Result<LinearModel> back = LinearModel::parse(bytes);
  ASSERT_TRUE(back.is_ok()) << back.status().to_string();
  ASSERT_TRUE(back->kernel().has_value());
  for (const char* t : {"you are a twit", "the goat ran", "", "ZEBRA!!!", "\xff"}) {
    EXPECT_EQ(back->predict(t), m->predict(t)) << t;  // bit-identical
  }
  EXPECT_EQ(back->serialize(), bytes);
  EXPECT_EQ(train_model(d, stacking_options())->serialize(), bytes);  // deterministic
  // The kernel member moves the scores; stacking alone carries no kernel.
  TrainOptions no_kernel = stacking_options();
  no_kernel.kernel.features = 0;
  Result<LinearModel> s = train_model(d, no_kernel);
  ASSERT_TRUE(s.is_ok());
  EXPECT_FALSE(s->kernel().has_value());
  EXPECT_NE(s->predict("you are a twit"), m->predict("you are a twit"));
  // The joint NB-SVM as one more member changes the weights.
  TrainOptions joint = no_kernel;
  joint.stack_joint = true;
  Result<LinearModel> j = train_model(d, joint);
  ASSERT_TRUE(j.is_ok());
  EXPECT_NE(j->predict("you are a twit"), s->predict("you are a twit"));
}

TEST(Stacking, MaxPooledVectorsDoubleTheVectorBlockAndRoundTrip) {
  TrainOptions o = stacking_options();
  o.features.vector_max_pool = true;
  Result<LinearModel> m = train_model(stacking_toy(), o);
  ASSERT_TRUE(m.is_ok()) << m.status().to_string();
  EXPECT_EQ(m->hasher().vector_buckets().size(), 16u);
  const SparseVector x = m->hasher().extract_blocks("you are a twit")[kDenseBlock];
  double n2 = 0;
  for (float v : x.value) n2 += static_cast<double>(v) * v;
  EXPECT_NEAR(std::sqrt(n2), 0.6, 1e-3);
  Result<LinearModel> back = LinearModel::parse(m->serialize());
  ASSERT_TRUE(back.is_ok()) << back.status().to_string();
  EXPECT_TRUE(back->config().vector_max_pool);
  EXPECT_EQ(back->predict("you are a twit"), m->predict("you are a twit"));
}

TEST(Stacking, RefusesOptionsItCannotHonour) {
  const Dataset d = stacking_toy();
  TrainOptions o = stacking_options();
  o.features.vector_weight = 0;  // the kernel needs the vector block
  EXPECT_FALSE(train_model(d, o).is_ok());
  o = stacking_options();
  o.kernel.gamma = 0;
  EXPECT_FALSE(train_model(d, o).is_ok());
  o = stacking_options();
  o.kernel.features = kMaxKernelFeatures + 1;
  EXPECT_FALSE(train_model(d, o).is_ok());
  o = stacking_options();
  o.features.idf = true;
  EXPECT_FALSE(train_model(d, o).is_ok());
  o = stacking_options();
  o.cv_folds = 0;
  EXPECT_FALSE(train_model(d, o).is_ok());
  o = stacking_options();
  o.ensemble_weight = 0.3f;
  EXPECT_FALSE(train_model(d, o).is_ok());
}

TEST(ModelFile, VersionFiveKernelSectionIsCheckedAndVersionFourStillLoads) {
  TrainOptions o = stacking_options();
  Result<LinearModel> m = train_model(stacking_toy(), o);
  ASSERT_TRUE(m.is_ok());
  const std::string bytes = m->serialize();
  // The kernel section: u32 kernels, f32 scale, u32 dim, u32 features, f32 gamma, u64 seed,
  // f32 bias, f32 w[64], then the checksum.
  const size_t kernels_at = bytes.size() - 4 - (4 + 4 + 4 + 4 + 4 + 8 + 4 + 64 * 4);
  ASSERT_EQ(bytes[kernels_at], 1);
  auto error = [](const std::string& b) {
    return LinearModel::parse(testing::resealed(b)).status();
  };
  std::string b = bytes;
  b[kernels_at] = 2;
  EXPECT_NE(error(b).message().find("kernels at offset " + std::to_string(kernels_at) + " is 2"),
            std::string::npos)
      << error(b).message();
  b = bytes;
  b[kernels_at + 8] = 9;  // dim 9, the vectors have 8
  EXPECT_NE(error(b).message().find("kernel dim at offset " + std::to_string(kernels_at + 8)),
            std::string::npos)
      << error(b).message();
  b = bytes;
  b[kernels_at + 13] = 0x20;  // features 8192 + 64
  EXPECT_NE(error(b).message().find("kernel features at offset"), std::string::npos)
      << error(b).message();
  b = bytes;
  const float zero = 0;
  b.replace(kernels_at + 16, 4, reinterpret_cast<const char*>(&zero), 4);
  EXPECT_NE(error(b).message().find("kernel gamma at offset " + std::to_string(kernels_at + 16) +
                                    " is not in (0, 100]"),
            std::string::npos)
      << error(b).message();
  EXPECT_NE(error(bytes.substr(0, kernels_at + 40) + "1234").message().find("kernel weights"),
            std::string::npos);
  // A model without the vector block cannot carry a kernel.
  TrainOptions plain;
  plain.features.hash_bits = 16;
  plain.features.vector_weight = 0;
  plain.cv_folds = 3;
  Result<LinearModel> p = train_model(stacking_toy(), plain);
  ASSERT_TRUE(p.is_ok());
  std::string pb = p->serialize();
  pb[pb.size() - 8] = 1;
  EXPECT_NE(error(pb).message().find("no vector block"), std::string::npos) << error(pb).message();
  // A version 4 file: without the kernel count; flag bit 7 is refused there.
  const std::string v5 = p->serialize();
  std::string v4 = v5.substr(0, v5.size() - 8) + v5.substr(v5.size() - 4);
  v4[8] = 4;
  Result<LinearModel> four = LinearModel::parse(testing::resealed(v4));
  ASSERT_TRUE(four.is_ok()) << four.status().to_string();
  EXPECT_EQ(four->predict("you are a twit"), p->predict("you are a twit"));
  EXPECT_EQ(four->serialize(), v5);
  const size_t flags_at = 12 + 4 + (4 + 13) + (4 + 9) + 16;
  v4[flags_at] = static_cast<char>(v4[flags_at] | 0x80);
  EXPECT_NE(error(v4).message().find("flags at offset " + std::to_string(flags_at)),
            std::string::npos)
      << error(v4).message();
  // Random damage in the kernel section, checksum not verified: an error or a model.
  Rng rng(12);
  for (int i = 0; i < 300; ++i) {
    std::string d = bytes;
    d[kernels_at + rng.below(d.size() - kernels_at)] = static_cast<char>(rng.below(256));
    if (i % 3 == 0) d.resize(kernels_at + rng.below(d.size() - kernels_at));
    Result<LinearModel> r = LinearModel::parse(d, /*verify_checksum=*/false);
    if (r.is_ok()) (void)r->predict("you are a twit");
  }
}

}  // namespace
}  // namespace chorus::trust
