// Features, training and the model file: a separable set is learned exactly, training is
// deterministic, a saved model scores identically after loading, damaged files are refused with
// the field that is wrong, and odd inputs (empty, huge, invalid UTF-8) still give probabilities.
#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

#include "support/temp_dir.h"
#include "trust/moderation/linear_model.h"
#include "trust/moderation/trainer.h"

namespace chorus::trust {
namespace {

Dataset separable() {
  Dataset d;
  d.labels = {"ok", "spam", "hate"};
  const char* ok[] = {"lovely weather in cairo today", "the match was great fun",
                      "reading a good book tonight",   "coffee with friends this morning",
                      "new photos from the trip",      "the concert starts at eight"};
  const char* spam[] = {"win free crypto now click",      "cheap pills buy now discount",
                        "click here free money giveaway", "buy followers cheap fast",
                        "limited offer click now win",    "free giveaway click link"};
  const char* hate[] = {"zorglings are vermin get out",     "all zorglings should leave",
                        "zorglings ruin everything vermin", "we hate zorglings",
                        "zorgling vermin everywhere",       "no zorglings allowed here"};
  for (const char* t : ok) d.add(t, 0);
  for (const char* t : spam) d.add(t, 1);
  for (const char* t : hate) d.add(t, 2);
  return d;
}

int argmax(const std::vector<float>& p) {
  return static_cast<int>(std::max_element(p.begin(), p.end()) - p.begin());
}

TrainOptions small_options() {
  TrainOptions o;
  o.features.hash_bits = 16;
  o.epochs = 20;
  o.learning_rate = 0.2f;
  return o;
}

TEST(FeatureHasher, SortedUniqueUnitNormVectors) {
  FeatureHasher h(FeatureConfig{.hash_bits = 16});
  SparseVector v = h.extract("Ignore the noise, the NOISE is loud! #Cairo @alice 🔥");
  ASSERT_GT(v.size(), 10u);
  double norm2 = 0;
  for (size_t i = 0; i < v.size(); ++i) {
    if (i > 0) {
      EXPECT_LT(v.index[i - 1], v.index[i]);
    }
    EXPECT_LT(v.index[i], 1u << 16);
    norm2 += v.value[i] * v.value[i];
  }
  EXPECT_NEAR(norm2, 1.0, 1e-5);
  EXPECT_EQ(h.extract("").size(), 0u);
  EXPECT_EQ(h.extract(" \n\t ,.!").size(), 0u);
}

TEST(FeatureHasher, CaseAndArabicSpellingVariantsShareFeatures) {
  FeatureHasher h(FeatureConfig{.hash_bits = 18});
  EXPECT_EQ(h.extract("Hello World").index, h.extract("hello world").index);
  // alef forms and teh marbuta normalize to the same word
  EXPECT_EQ(h.extract("أحمد في المدرسة").index, h.extract("احمد في المدرسه").index);
}

TEST(FeatureHasher, HugeAndInvalidTextIsBounded) {
  FeatureHasher h(FeatureConfig{.hash_bits = 16});
  std::string huge(kMaxFeatureTextBytes * 4, 'a');
  for (size_t i = 0; i < huge.size(); i += 7) huge[i] = ' ';
  SparseVector v = h.extract(huge);
  EXPECT_GT(v.size(), 0u);
  SparseVector bad = h.extract("ok \xff\xfe\xc3 word \xe2\x82");
  EXPECT_GT(bad.size(), 0u);
}

TEST(Trainer, SeparableSetReachesFullTrainingAccuracy) {
  const Dataset d = separable();
  Result<LinearModel> m = train_model(d, small_options());
  ASSERT_TRUE(m.is_ok()) << m.status().to_string();
  for (size_t i = 0; i < d.size(); ++i) {
    EXPECT_EQ(argmax(m->predict(d.texts[i])), d.y[i]) << d.texts[i];
  }
}

TEST(Trainer, SameSeedSameModelOtherSeedOtherModel) {
  const Dataset d = separable();
  TrainOptions o = small_options();
  std::string a = train_model(d, o)->serialize();
  std::string b = train_model(d, o)->serialize();
  EXPECT_EQ(a, b);
  o.seed = 99;
  EXPECT_NE(train_model(d, o)->serialize(), a);
}

TEST(Trainer, SoftmaxSgdSolverStillLearns) {
  const Dataset d = separable();
  TrainOptions o = small_options();
  o.solver = Solver::kSoftmaxSgd;
  Result<LinearModel> m = train_model(d, o);
  ASSERT_TRUE(m.is_ok()) << m.status().to_string();
  for (size_t i = 0; i < d.size(); ++i) {
    EXPECT_EQ(argmax(m->predict(d.texts[i])), d.y[i]) << d.texts[i];
  }
}

TEST(Trainer, ReportsEpochLossThatFalls) {
  std::vector<double> losses;
  TrainOptions o = small_options();
  o.solver = Solver::kSoftmaxSgd;
  ASSERT_TRUE(train_model(separable(), o, nullptr, [&](uint32_t, double loss) {
                losses.push_back(loss);
              }).is_ok());
  ASSERT_EQ(losses.size(), 20u);
  EXPECT_LT(losses.back(), losses.front() * 0.5);
}

TEST(Trainer, RejectsBadInput) {
  Dataset empty;
  empty.labels = {"a", "b"};
  EXPECT_FALSE(train_model(empty, small_options()).is_ok());
  Dataset bad = separable();
  bad.y[0] = 7;
  EXPECT_FALSE(train_model(bad, small_options()).is_ok());
  TrainOptions o = small_options();
  o.features.hash_bits = 30;
  EXPECT_FALSE(train_model(separable(), o).is_ok());
}

TEST(LinearModel, ProbabilitiesForOddInputs) {
  Result<LinearModel> m = train_model(separable(), small_options());
  ASSERT_TRUE(m.is_ok());
  for (std::string t : {std::string(), std::string("\xff\xff\xff"), std::string(200000, 'x')}) {
    std::vector<float> p = m->predict(t);
    ASSERT_EQ(p.size(), 3u);
    EXPECT_NEAR(std::accumulate(p.begin(), p.end(), 0.0), 1.0, 1e-5);
    for (float x : p) EXPECT_TRUE(std::isfinite(x));
  }
}

TEST(LinearModel, SaveLoadRoundTripGivesIdenticalScores) {
  TrainOptions o = small_options();
  o.features.idf = true;
  Result<LinearModel> m = train_model(separable(), o);
  ASSERT_TRUE(m.is_ok());
  chorus::testing::TempDir dir;
  ASSERT_TRUE(m->save(Env::posix(), dir.file("m.bin")).is_ok());
  Result<LinearModel> back = LinearModel::load(Env::posix(), dir.file("m.bin"));
  ASSERT_TRUE(back.is_ok()) << back.status().to_string();
  EXPECT_EQ(back->labels(), m->labels());
  EXPECT_EQ(back->config(), m->config());
  for (const char* t : {"win free crypto", "zorglings", "", "hello there friends", "مرحبا"}) {
    EXPECT_EQ(back->predict(t), m->predict(t)) << t;  // bit-identical
  }
  EXPECT_EQ(back->serialize(), m->serialize());
}

class ModelFileTest : public ::testing::Test {
 protected:
  void SetUp() override { bytes_ = train_model(separable(), small_options())->serialize(); }
  Status parse(const std::string& b) { return LinearModel::parse(b).status(); }
  std::string bytes_;
};

TEST_F(ModelFileTest, BadMagic) {
  std::string b = bytes_;
  b[0] = 'X';
  Status s = parse(b);
  EXPECT_EQ(s.code(), StatusCode::kCorruption);
  EXPECT_NE(s.message().find("magic"), std::string::npos) << s.message();
}

TEST_F(ModelFileTest, UnknownVersion) {
  std::string b = bytes_;
  b[8] = 9;
  Status s = parse(b);
  EXPECT_NE(s.message().find("version at offset 8 is 9"), std::string::npos) << s.message();
}

TEST_F(ModelFileTest, ChecksumMismatchAndTruncation) {
  std::string b = bytes_;
  b[b.size() / 2] ^= 0x40;
  Status s = parse(b);
  EXPECT_NE(s.message().find("checksum mismatch"), std::string::npos) << s.message();
  s = parse(bytes_.substr(0, bytes_.size() - 10));
  EXPECT_EQ(s.code(), StatusCode::kCorruption);
  s = parse(bytes_.substr(0, 10));
  EXPECT_NE(s.message().find("truncated"), std::string::npos) << s.message();
  EXPECT_FALSE(LinearModel::parse("").is_ok());
}

TEST_F(ModelFileTest, StructuralErrorsNameFieldAndOffset) {
  // Without the checksum the structural checks speak: num_labels at offset 12.
  std::string b = bytes_;
  b[12] = 1;
  Status s = LinearModel::parse(b, /*verify_checksum=*/false).status();
  EXPECT_NE(s.message().find("num_labels at offset 12 is 1"), std::string::npos) << s.message();
  EXPECT_TRUE(LinearModel::parse(bytes_, false).is_ok());
}

TEST_F(ModelFileTest, LoadMissingFileIsAnError) {
  Result<LinearModel> m = LinearModel::load(Env::posix(), "/nonexistent/model.bin");
  EXPECT_FALSE(m.is_ok());
}

}  // namespace
}  // namespace chorus::trust
