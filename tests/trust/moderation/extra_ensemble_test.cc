// Auxiliary training data (spec parsing, label mapping, extras train but are never scored), the
// NB-SVM + embedding ensemble (training, save/load round trip) and reading version 2 and 3 model
// files.
#include <gtest/gtest.h>

#include "support/temp_dir.h"
#include "trust/moderation/extra_data.h"
#include "trust/moderation/linear_model.h"
#include "trust/moderation/reseal.h"
#include "trust/moderation/trainer.h"

namespace chorus::trust {
namespace {

Dataset offensive_labels() {
  Dataset d;
  d.labels = {"not-offensive", "offensive"};
  return d;
}

Dataset davidson_like() {
  Dataset d;
  d.labels = {"hate", "offensive", "neither"};
  d.add("hateful words here", 0);
  d.add("a rude word", 1);
  d.add("a calm sentence", 2);
  return d;
}

TEST(ExtraData, ParsesFormatPathWeightAndMap) {
  Result<ExtraSpec> s = parse_extra_spec("davidson:/data/labeled_data.csv");
  ASSERT_TRUE(s.is_ok()) << s.status().to_string();
  EXPECT_EQ(s->format, "davidson");
  EXPECT_EQ(s->path, "/data/labeled_data.csv");
  EXPECT_EQ(s->weight, 1.0f);
  s = parse_extra_spec("tweeteval:C:/x/hate:0.25:not-hate=-,hate=offensive");
  ASSERT_TRUE(s.is_ok()) << s.status().to_string();
  EXPECT_EQ(s->path, "C:/x/hate");
  EXPECT_EQ(s->weight, 0.25f);
  EXPECT_EQ(s->mapping, "not-hate=-,hate=offensive");
  for (const char* bad : {"davidson", "xml:file", "csv:", "csv:f:0", "csv:f:-1", "csv:f:1e9"}) {
    Status st = parse_extra_spec(bad).status();
    EXPECT_FALSE(st.is_ok()) << bad;
    EXPECT_NE(st.message().find("extra data"), std::string::npos) << st.message();
  }
}

TEST(ExtraData, DefaultMappingUsesNamesThenBenignness) {
  const std::vector<std::string> to = {"not-offensive", "offensive"};
  Result<std::vector<int>> m = map_labels({"hate", "offensive", "neither"}, to, "");
  ASSERT_TRUE(m.is_ok()) << m.status().to_string();
  EXPECT_EQ(*m, (std::vector<int>{1, 1, 0}));
  m = map_labels({"not-hate", "hate"}, to, "not-hate=-");
  ASSERT_TRUE(m.is_ok());
  EXPECT_EQ(*m, (std::vector<int>{-1, 1}));
  m = map_labels({"a", "b"}, to, "a=offensive , b = not-offensive");
  ASSERT_TRUE(m.is_ok()) << m.status().to_string();
  EXPECT_EQ(*m, (std::vector<int>{1, 0}));
  // Three target labels, two of them non-benign: "spam" has no default counterpart.
  Status st = map_labels({"spam", "ok"}, {"ok", "hate", "sexual"}, "").status();
  EXPECT_NE(st.message().find("\"spam\" has no counterpart"), std::string::npos) << st.message();
  EXPECT_FALSE(map_labels({"a"}, to, "zzz=offensive").is_ok());
  EXPECT_FALSE(map_labels({"a"}, to, "a=zzz").is_ok());
  EXPECT_FALSE(map_labels({"a"}, to, "a").is_ok());
}

TEST(ExtraData, AppendsWeightedExtrasAfterThePrimaryExamples) {
  Dataset d = offensive_labels();
  d.add("primary one", 0);
  d.add("primary two", 1);
  ASSERT_TRUE(add_extra(&d, davidson_like(), 0.5f, "").is_ok());
  EXPECT_EQ(d.size(), 5u);
  EXPECT_EQ(d.extras, 3u);
  EXPECT_EQ(d.primary_size(), 2u);
  EXPECT_EQ(d.y, (std::vector<int>{0, 1, 1, 1, 0}));
  EXPECT_EQ(d.weight, (std::vector<float>{1, 1, 0.5f, 0.5f, 0.5f}));
  EXPECT_FALSE(add_extra(&d, davidson_like(), 0.0f, "").is_ok());
}

TEST(ExtraData, LoadsFromFileAndNamesTheSpecInErrors) {
  chorus::testing::TempDir dir;
  Env* env = Env::posix();
  ASSERT_TRUE(env->write_file_atomic(dir.file("d.csv"),
                                     ",count,hate_speech,offensive_language,neither,class,tweet\n"
                                     "0,3,0,3,0,1,rude\n1,3,0,0,3,2,calm\n")
                  .is_ok());
  Dataset d = offensive_labels();
  d.add("x", 0);
  ASSERT_TRUE(load_extra(env, {"davidson", dir.file("d.csv"), 2.0f, ""}, &d).is_ok());
  EXPECT_EQ(d.extras, 2u);
  EXPECT_EQ(d.y, (std::vector<int>{0, 1, 0}));
  Status st = load_extra(env, {"davidson", dir.file("missing.csv"), 1.0f, ""}, &d);
  EXPECT_NE(st.message().find("missing.csv"), std::string::npos) << st.message();
}

Dataset toy(size_t copies) {
  Dataset d = offensive_labels();
  const char* ok[] = {"lovely day at the beach",  "great game last night",  "coffee and a book",
                      "happy birthday my friend", "see you at the meeting", "a beautiful sunset"};
  const char* bad[] = {"you are a f*cking idiot", "shut up you stupid clown",
                       "what an idiot",           "this moron has no clue",
                       "go to hell you loser",    "stupid stupid people"};
  for (size_t c = 0; c < copies; ++c) {
    for (const char* t : ok) d.add(std::string(t) + " " + std::to_string(c), 0);
    for (const char* t : bad) d.add(std::string(t) + " " + std::to_string(c), 1);
  }
  return d;
}

TrainOptions ensemble_options() {
  TrainOptions o;
  o.features.hash_bits = 16;
  o.cv_folds = 3;
  o.ensemble_weight = 0.5f;
  o.embedding = {.dim = 8, .hidden = 4, .bits = 12, .epochs = 5, .learning_rate = 0.5f};
  return o;
}

TEST(Ensemble, TrainsSavesAndLoadsWithIdenticalScores) {
  const Dataset d = toy(3);
  Result<LinearModel> m = train_model(d, ensemble_options());
  ASSERT_TRUE(m.is_ok()) << m.status().to_string();
  ASSERT_TRUE(m->member().has_value());
  EXPECT_NE(m->member_scale(), 0.0f);
  for (size_t i = 0; i < d.size(); ++i) {
    const std::vector<float> p = m->predict(d.texts[i]);
    EXPECT_EQ(p[1] > p[0], d.y[i] == 1) << d.texts[i];
  }
  chorus::testing::TempDir dir;
  ASSERT_TRUE(m->save(Env::posix(), dir.file("m.bin")).is_ok());
  Result<LinearModel> back = LinearModel::load(Env::posix(), dir.file("m.bin"));
  ASSERT_TRUE(back.is_ok()) << back.status().to_string();
  ASSERT_TRUE(back->member().has_value());
  for (const char* t : {"you stupid idiot", "a lovely morning", "", "!!!"}) {
    EXPECT_EQ(back->predict(t), m->predict(t)) << t;
  }
  EXPECT_EQ(back->serialize(), m->serialize());
  // The same seed gives the same bytes; the member changes the scores.
  EXPECT_EQ(train_model(d, ensemble_options())->serialize(), m->serialize());
  TrainOptions alone = ensemble_options();
  alone.ensemble_weight = 0;
  Result<LinearModel> svm = train_model(d, alone);
  ASSERT_TRUE(svm.is_ok());
  EXPECT_FALSE(svm->member().has_value());
  EXPECT_NE(svm->predict("you stupid idiot"), m->predict("you stupid idiot"));
}

TEST(Ensemble, RefusesBadOptions) {
  const Dataset d = toy(1);
  TrainOptions o = ensemble_options();
  o.ensemble_weight = 1.0f;
  EXPECT_FALSE(train_model(d, o).is_ok());
  o = ensemble_options();
  o.embedding.bits = 23;
  EXPECT_FALSE(train_model(d, o).is_ok());
  o = ensemble_options();
  o.embedding.dim = 0;
  EXPECT_FALSE(train_model(d, o).is_ok());
}

TEST(Extras, TrainEveryFoldButAreNeverScored) {
  Dataset d = toy(2);
  Dataset extra = offensive_labels();
  extra.add("idiot clown moron", 1);
  extra.add("sunny beach coffee", 0);
  ASSERT_TRUE(add_extra(&d, extra, 0.5f, "").is_ok());
  TrainOptions o;
  o.features.hash_bits = 16;
  o.cv_folds = 3;
  Result<std::vector<int>> cv = cross_validate(d, o, 3, 1);
  ASSERT_TRUE(cv.is_ok()) << cv.status().to_string();
  EXPECT_EQ(cv->size(), d.primary_size());
  Result<LinearModel> with = train_model(d, o);
  Result<LinearModel> without = train_model(toy(2), o);
  ASSERT_TRUE(with.is_ok() && without.is_ok());
  EXPECT_NE(with->predict("idiot clown"), without->predict("idiot clown"));
  // Only extras, or a weight that is not positive: refused.
  Dataset only = offensive_labels();
  ASSERT_TRUE(add_extra(&only, extra, 1.0f, "").is_ok());
  EXPECT_FALSE(train_model(only, o).is_ok());
  d.weight[0] = 0;
  EXPECT_FALSE(train_model(d, o).is_ok());
}

// A corpus whose rude words the target data never shows: "jerk", "creep", "slob", ...
Dataset aux_corpus() {
  Dataset d = offensive_labels();
  const char* rude[] = {"jerk", "creep", "slob", "stupid", "idiot"};
  const char* kind[] = {"friend", "sunset", "garden", "coffee", "beach"};
  for (int c = 0; c < 6; ++c) {
    for (const char* w : rude) d.add(std::string("you ") + w + " " + std::to_string(c), 1);
    for (const char* w : kind) d.add(std::string("the ") + w + " " + std::to_string(c), 0);
  }
  return d;
}

TEST(AuxModels, AnAuxModelsWordsReachTheTargetModelThroughItsLearnedWeight) {
  TrainOptions o;
  o.features.hash_bits = 16;
  o.features.vector_weight = 0;  // no word clusters: each model would learn its own
  o.cv_folds = 3;
  auto aux = std::make_shared<const LinearModel>(*train_model(aux_corpus(), o));
  TrainOptions with = o;
  with.aux_models = {aux};
  with.aux_scale = 1.0f;
  Result<LinearModel> m = train_model(toy(2), with);
  ASSERT_TRUE(m.is_ok()) << m.status().to_string();
  Result<LinearModel> plain = train_model(toy(2), o);
  ASSERT_TRUE(plain.is_ok());
  // "jerk" and "creep" are only in the aux corpus: the stacked model leans rude on them, more
  // than the model without the aux feature does; the aux weights are folded in (no member).
  for (const char* t : {"jerk creep", "slob jerk"}) {
    EXPECT_GT(m->predict(t)[1], plain->predict(t)[1] + 0.05f) << t;
  }
  EXPECT_FALSE(m->member().has_value());
  // cross_validate runs with aux models too.
  Result<std::vector<int>> cv = cross_validate(toy(2), with, 3, 1);
  ASSERT_TRUE(cv.is_ok()) << cv.status().to_string();
  // A different feature configuration, a member, a bad scale or three labels: refused.
  TrainOptions other = with;
  other.features.hash_bits = 17;
  EXPECT_FALSE(train_model(toy(2), other).is_ok());
  other = with;
  other.aux_scale = 0;
  EXPECT_FALSE(train_model(toy(2), other).is_ok());
  other = with;
  other.aux_models = {
      std::make_shared<const LinearModel>(*train_model(toy(2), ensemble_options()))};
  EXPECT_FALSE(train_model(toy(2), other).is_ok());
  EXPECT_FALSE(train_model(davidson_like(), with).is_ok());
}

std::string reseal(std::string b) {
  return testing::resealed(std::move(b));
}

TEST(ModelFile, VersionTwoAndThreeFilesLoadAndBadMemberSectionsAreRefused) {
  TrainOptions o;
  o.features.hash_bits = 16;
  o.features.vector_weight = 0;  // no clusters section: the layout of versions 2 and 3
  o.cv_folds = 3;
  Result<LinearModel> m = train_model(toy(1), o);
  ASSERT_TRUE(m.is_ok());
  const std::string v5 = m->serialize();
  EXPECT_EQ(v5[8], 5);
  // Version 4: without the u32 kernel count before the checksum.
  std::string v4 = v5.substr(0, v5.size() - 8) + v5.substr(v5.size() - 4);
  v4[8] = 4;
  // A version 3 file: the same bytes without the three f32 block weights after hash_seed
  // (labels "not-offensive" and "offensive": hash_seed ends at 12 + 4 + 17 + 13 + 20 + 8).
  const size_t weights_at = 12 + 4 + (4 + 13) + (4 + 9) + 20 + 8;
  std::string v3 = v4.substr(0, weights_at) + v4.substr(weights_at + 12);
  v3[8] = 3;
  Result<LinearModel> three = LinearModel::parse(reseal(v3));
  ASSERT_TRUE(three.is_ok()) << three.status().to_string();
  EXPECT_EQ(three->predict("you stupid idiot"), m->predict("you stupid idiot"));
  EXPECT_EQ(three->serialize(), v5);
  // A version 2 file: version 3 without the u32 member count.
  std::string v2 = v3.substr(0, v3.size() - 8) + v3.substr(v3.size() - 4);
  v2[8] = 2;
  Result<LinearModel> old = LinearModel::parse(reseal(v2));
  ASSERT_TRUE(old.is_ok()) << old.status().to_string();
  EXPECT_EQ(old->predict("you stupid idiot"), m->predict("you stupid idiot"));
  std::string future = v5;
  future[8] = 6;
  Status st = LinearModel::parse(reseal(future)).status();
  EXPECT_NE(st.message().find("version at offset 8 is 6"), std::string::npos) << st.message();
  // Flag bit 6 (cluster bigrams) is refused in a version 3 file.
  std::string flags = v3;
  flags[weights_at - 12] = static_cast<char>(flags[weights_at - 12] | 64);
  st = LinearModel::parse(reseal(flags)).status();
  EXPECT_NE(st.message().find("flags at offset " + std::to_string(weights_at - 12)),
            std::string::npos)
      << st.message();
  // members = 2
  std::string bad = v5;
  bad[bad.size() - 12] = 2;
  st = LinearModel::parse(reseal(bad)).status();
  EXPECT_NE(st.message().find("members at offset " + std::to_string(v5.size() - 12)),
            std::string::npos)
      << st.message();
  // An ensemble file cut inside its member section.
  Result<LinearModel> e = train_model(toy(2), ensemble_options());
  ASSERT_TRUE(e.is_ok());
  const std::string full = e->serialize();
  st = LinearModel::parse(reseal(full.substr(0, full.size() - 40))).status();
  EXPECT_FALSE(st.is_ok());
  EXPECT_NE(st.message().find("embedding"), std::string::npos) << st.message();
}

}  // namespace
}  // namespace chorus::trust
