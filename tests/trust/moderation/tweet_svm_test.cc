// Tweet normalization, cross-word character n-grams, naive-Bayes ratios, the SVM solver, the
// cross-validated threshold and calibration, and reading version 1 model files.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "trust/moderation/calibration.h"
#include "trust/moderation/linear_model.h"
#include "trust/moderation/linear_svm.h"
#include "trust/moderation/reseal.h"
#include "trust/moderation/trainer.h"
#include "trust/moderation/tweet_text.h"

namespace chorus::trust {
namespace {

TEST(TweetText, MentionsUrlsHashtagsEntitiesAndElongations) {
  EXPECT_EQ(normalize_tweet("@Alice_1 @bob.bsky.social hi"), "@user @user hi");
  EXPECT_EQ(normalize_tweet("see https://t.co/xYz?a=1 and www.Example.org/p now"),
            "see url and url now");
  EXPECT_EQ(normalize_tweet("#BuildTheWall #MAGAWomen #maga #MAGA2020 #no_more"),
            "#BuildTheWall build the wall #MAGAWomen maga women #maga #MAGA2020 maga 2020 "
            "#no_more no more");
  EXPECT_EQ(normalize_tweet("soooooo goooood!!!!! 😂😂😂😂"), "soo good!! 😂😂");
  EXPECT_EQ(normalize_tweet("a &amp; b &lt;3 &#128514; &#x41; &bogus; &#0; &#99999999;"),
            "a & b <3 😂 A &bogus; &#0; &#99999999;");
  EXPECT_EQ(normalize_tweet("ok \xff\xfe fine"), "ok  fine");
  // '@' or '#' inside a word is no mention or hashtag; e-mail stays.
  EXPECT_EQ(normalize_tweet("mail me@example.org c#sharp"), "mail me@example.org c#sharp");
  EXPECT_EQ(normalize_tweet(""), "");
  EXPECT_EQ(normalize_tweet("@"), "@");
}

TEST(TweetText, CharNgramTextFoldsCaseAndSpaces) {
  EXPECT_EQ(char_ngram_text("You  ARE\n\ta F*CK"), " you are a f*ck ");
  EXPECT_EQ(char_ngram_text(""), " ");
}

TEST(FeatureHasher, CrossWordCharNgramsCatchMaskedWordsAndBlocksAreBalanced) {
  FeatureConfig c{
      .hash_bits = 18, .tweet_normalize = true, .char_across_words = true, .block_normalize = true};
  FeatureHasher h(c);
  auto shared = [&](std::string_view a, std::string_view b) {
    SparseVector x = h.extract(a), y = h.extract(b);
    std::vector<uint32_t> common;
    std::set_intersection(x.index.begin(), x.index.end(), y.index.begin(), y.index.end(),
                          std::back_inserter(common));
    return common.size();
  };
  // Within-word n-grams never see "f*c"; across words they do.
  FeatureConfig within = c;
  within.char_across_words = false;
  FeatureHasher hw(within);
  SparseVector a = h.extract("f*ck"), b = h.extract("f*ckk");
  EXPECT_GT(shared("what the f*ck", "f*cking hell"), 3u);
  EXPECT_LT(hw.extract("f*ck").size(), a.size());
  EXPECT_FALSE(b.index.empty());
  // Elongations and mentions normalize to the same features.
  EXPECT_EQ(h.extract("@Alice soooooo cool").index, h.extract("@bob sooo cool").index);
  // Block normalization: the whole vector has unit norm.
  SparseVector v = h.extract("Stop it #StopTheHate you idiot 😡");
  double norm2 = 0;
  for (float x : v.value) norm2 += static_cast<double>(x) * x;
  EXPECT_NEAR(norm2, 1.0, 1e-3);  // the blocks may share a bucket, so only about 1
}

// Toy corpus: feature 0 only in positives, 1 only in negatives, 2 in both equally.
std::vector<SparseVector> toy_xs() {
  auto v = [](std::vector<uint32_t> idx) {
    SparseVector s;
    s.index = idx;
    s.value.assign(idx.size(), 1.0f);
    return s;
  };
  return {v({0, 2}), v({0, 2}), v({1, 2}), v({1, 2})};
}

TEST(NaiveBayes, LogCountRatiosOnToyCorpus) {
  const std::vector<SparseVector> xs = toy_xs();
  const std::vector<int8_t> y = {1, 1, -1, -1};
  const std::vector<uint32_t> rows = {0, 1, 2, 3};
  const std::vector<float> r = nb_log_ratios(xs, y, rows, 4, 1.0f);
  // p = alpha + counts = {3, 1, 3, 1} (sum 8), q = {1, 3, 3, 1} (sum 8).
  EXPECT_NEAR(r[0], std::log(3.0), 1e-6);
  EXPECT_NEAR(r[1], -std::log(3.0), 1e-6);
  EXPECT_NEAR(r[2], 0.0, 1e-6);
  EXPECT_NEAR(r[3], 0.0, 1e-6);
  const std::vector<float> s = nb_scale(r, 1.0f);
  EXPECT_NEAR(s[0], std::log(3.0), 1e-6);
  EXPECT_NEAR(s[1], std::log(3.0), 1e-6);
  EXPECT_NEAR(s[2], 0.0, 1e-6);
  // Only the rows given count: without row 1, p = {2, 1, 2, 1} (sum 6).
  const std::vector<float> r3 = nb_log_ratios(xs, y, {0, 2, 3}, 4, 1.0f);
  EXPECT_NEAR(r3[0], std::log(2.0 / 6.0) - std::log(1.0 / 8.0), 1e-6);
}

TEST(LinearSvm, SeparatesToyDataAndIgnoresUninformativeFeatureUnderNbScaling) {
  const std::vector<SparseVector> xs = toy_xs();
  const std::vector<int8_t> y = {1, 1, -1, -1};
  const std::vector<float> cost(4, 10.0f);
  const std::vector<uint32_t> rows = {0, 1, 2, 3};
  BinarySvm plain = train_binary_svm(xs, y, cost, rows, {}, 4, {});
  for (uint32_t r : rows) EXPECT_GT(y[r] * plain.margin(xs[r]), 0.5f) << r;
  const std::vector<float> scale = nb_scale(nb_log_ratios(xs, y, rows, 4), 1.0f);
  BinarySvm nb = train_binary_svm(xs, y, cost, rows, scale, 4, {});
  for (uint32_t r : rows) EXPECT_GT(y[r] * nb.margin(xs[r]), 0.5f) << r;
  EXPECT_EQ(nb.w[2], 0.0f);  // ratio 0: the shared feature carries no weight
  EXPECT_NE(plain.w[2], 0.0f);
  // Deterministic for a seed.
  BinarySvm again = train_binary_svm(xs, y, cost, rows, scale, 4, {});
  EXPECT_EQ(again.w, nb.w);
}

TEST(Calibration, MacroF1ThresholdPlattAndFolds) {
  // Positives at 0.5 and above except one at -2; negatives below 0.2: the best cut is between
  // 0.2 and 0.5 (macro-F1 of the other cuts is lower).
  const std::vector<float> m = {2.0f, 1.0f, 0.5f, -2.0f, 0.2f, 0.1f, -1.0f, -3.0f};
  const std::vector<bool> pos = {true, true, true, true, false, false, false, false};
  EXPECT_NEAR(macro_f1_threshold(m, pos), 0.35f, 1e-6);
  EXPECT_EQ(macro_f1_threshold({}, {}), 0.0f);
  Platt p = fit_platt(m, pos, 0.35f, false);
  EXPECT_GT(p.a, 0.1);
  EXPECT_EQ(p.b, 0.0);
  Platt q = fit_platt(m, pos, 0.0f, true);
  EXPECT_GT(q.a, 0.1);
  std::vector<int> y(100);
  std::vector<uint32_t> rows(100);
  for (uint32_t i = 0; i < 100; ++i) {
    y[i] = i < 30 ? 1 : 0;
    rows[i] = i;
  }
  const std::vector<uint32_t> fold = stratified_folds(y, rows, 2, 5, 3);
  for (uint32_t f = 0; f < 5; ++f) {
    int pos_in = 0, all = 0;
    for (uint32_t i = 0; i < 100; ++i) {
      if (fold[i] != f) continue;
      ++all;
      pos_in += y[i];
    }
    EXPECT_EQ(all, 20);
    EXPECT_EQ(pos_in, 6);
  }
}

Dataset toy_tweets() {
  Dataset d;
  d.labels = {"not-offensive", "offensive"};
  const char* ok[] = {"lovely day at the beach @user", "great game last night #GoTeam",
                      "thanks for sharing this url",   "coffee and a good book",
                      "happy birthday my friend!!!",   "the new album is soooo good",
                      "see you at the meeting",        "what a beautiful sunset"};
  const char* bad[] = {"you are a f*cking idiot @user",
                       "shut up you stupid clown",
                       "what an idiot lol",
                       "this moron has no clue",
                       "go to hell you loser",
                       "stupid stupid people",
                       "f*ck off already",
                       "such an idiot #StupidPeople"};
  for (const char* t : ok) d.add(t, 0);
  for (const char* t : bad) d.add(t, 1);
  return d;
}

TEST(Trainer, SvmWithNbAndCalibrationLearnsToyTweets) {
  TrainOptions o;
  o.features.hash_bits = 16;
  o.svm_c = 1.0f;
  o.nb_power = 1.0f;
  o.cv_folds = 4;
  const Dataset d = toy_tweets();
  TrainStats stats;
  Result<LinearModel> m = train_model(d, o, &stats);
  ASSERT_TRUE(m.is_ok()) << m.status().to_string();
  for (size_t i = 0; i < d.size(); ++i) {
    std::vector<float> p = m->predict(d.texts[i]);
    EXPECT_EQ(p[1] > p[0], d.y[i] == 1) << d.texts[i];
    EXPECT_NEAR(p[0] + p[1], 1.0f, 1e-5);
  }
  EXPECT_TRUE(std::isfinite(stats.threshold));
  Result<std::vector<int>> cv = cross_validate(d, o, 4, 1);
  ASSERT_TRUE(cv.is_ok());
  EXPECT_EQ(cv->size(), d.size());
  EXPECT_FALSE(cross_validate(d, o, 1, 1).is_ok());
  o.cv_folds = 1;
  EXPECT_FALSE(train_model(d, o).is_ok());
}

// A version 1 file (the previous format) still loads and scores; version 1 with a version 2
// flag is refused.
TEST(ModelFile, ReadsVersionOneFiles) {
  TrainOptions o;
  o.features = FeatureConfig{.hash_bits = 16};
  Result<LinearModel> m = train_model(toy_tweets(), o);
  ASSERT_TRUE(m.is_ok());
  std::string bytes = m->serialize();
  auto reseal = [](std::string b) { return testing::resealed(std::move(b)); };
  // magic, version; num_labels; 2 x (length + name); 4 x 4 bytes of n-gram fields; flags
  const size_t flags_at = 12 + 4 + (4 + 13) + (4 + 9) + 16;
  bytes.erase(bytes.size() - 8, 4);  // no kernel count before version 5
  bytes.erase(bytes.size() - 8, 4);  // no member count before version 3
  bytes.erase(flags_at + 12, 12);    // no block weights (after flags, hash_seed) before 4
  bytes[8] = 1;                      // version 1
  Result<LinearModel> v1 = LinearModel::parse(reseal(bytes));
  ASSERT_TRUE(v1.is_ok()) << v1.status().to_string();
  EXPECT_EQ(v1->predict("you stupid idiot"), m->predict("you stupid idiot"));
  bytes[flags_at] = static_cast<char>(bytes[flags_at] | 8);
  Status s = LinearModel::parse(reseal(bytes)).status();
  EXPECT_NE(s.message().find("flags at offset " + std::to_string(flags_at)), std::string::npos)
      << s.message();
}

}  // namespace
}  // namespace chorus::trust
