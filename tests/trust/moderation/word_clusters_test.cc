// Word vectors (PPMI + randomized SVD), word clusters (k-means, table, file section), the
// cluster, vector and shape feature blocks, and the version 4 model file that carries them.
#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

#include "base/random.h"
#include "trust/moderation/linear_model.h"
#include "trust/moderation/reseal.h"
#include "trust/moderation/shape_features.h"
#include "trust/moderation/trainer.h"
#include "trust/moderation/word_clusters.h"
#include "trust/moderation/word_vectors.h"

namespace chorus::trust {
namespace {

// Two families of words used in two kinds of sentence: animals with "the X ran to the barn"
// frames, insults with "you are a X and everyone knows" frames. Seeded, so the same every run.
const std::vector<std::string> kAnimals = {"cat", "dog", "horse", "goat", "sheep", "cow"};
const std::vector<std::string> kInsults = {"idiot", "moron", "clown", "loser", "fool", "twit"};

std::vector<std::string> two_family_corpus() {
  Rng rng(5);
  std::vector<std::string> texts;
  for (int i = 0; i < 600; ++i) {
    const std::string& a = rng.pick(kAnimals);
    const std::string& b = rng.pick(kAnimals);
    const std::string& x = rng.pick(kInsults);
    const std::string& y = rng.pick(kInsults);
    texts.push_back("the " + a + " ran to the barn with the " + b + " at dawn");
    texts.push_back("you are a " + x + " and everyone knows you are a " + y + " online");
  }
  return texts;
}

float cosine(const WordVectors& v, const std::string& a, const std::string& b) {
  size_t ia = 0, ib = 0;
  for (size_t i = 0; i < v.words.size(); ++i) {
    if (v.words[i] == a) ia = i;
    if (v.words[i] == b) ib = i;
  }
  return std::inner_product(v.row(ia), v.row(ia) + v.dim, v.row(ib), 0.0f);
}

WordClusterOptions small_cluster_options() {
  WordClusterOptions o;
  o.vectors.dim = 8;
  o.vectors.oversample = 4;
  o.sizes = {2, 4};
  o.keep_vectors = true;
  return o;
}

TEST(WordVectors, WordsOfOneFamilyAreCloserAndLearningIsDeterministic) {
  WordVectorOptions o;
  o.dim = 8;
  o.oversample = 4;
  const WordVectors v = learn_word_vectors(two_family_corpus(), o);
  ASSERT_EQ(v.dim, 8u);
  ASSERT_EQ(v.vectors.size(), v.words.size() * 8);
  EXPECT_GT(cosine(v, "cat", "goat"), cosine(v, "cat", "moron") + 0.3f);
  EXPECT_GT(cosine(v, "idiot", "twit"), cosine(v, "idiot", "sheep") + 0.3f);
  for (size_t i = 0; i < v.words.size(); ++i) {
    const float n = std::inner_product(v.row(i), v.row(i) + v.dim, v.row(i), 0.0f);
    EXPECT_NEAR(n, 1.0f, 1e-4) << v.words[i];
  }
  const WordVectors again = learn_word_vectors(two_family_corpus(), o);
  EXPECT_EQ(again.words, v.words);
  EXPECT_EQ(again.vectors, v.vectors);  // bit-identical
  // No text, or no term seen min_count times: no vocabulary, no vectors.
  EXPECT_TRUE(learn_word_vectors({}, o).words.empty());
  EXPECT_EQ(learn_word_vectors({"one lonely text"}, o).dim, 0u);
}

TEST(WordClusters, FamiliesShareAClusterAndTheTableRoundTrips) {
  Result<WordClusters> c = learn_word_clusters(two_family_corpus(), small_cluster_options());
  ASSERT_TRUE(c.is_ok()) << c.status().to_string();
  EXPECT_EQ(c->levels(), 2u);
  EXPECT_EQ(c->dim(), 8u);
  auto level0 = [&](const std::string& w) {
    const WordClusters::Ids* ids = c->find(cluster_term_hash(w));
    EXPECT_NE(ids, nullptr) << w;
    return ids ? (*ids)[0] : 99u;
  };
  for (const std::string& w : kAnimals) EXPECT_EQ(level0(w), level0("cat")) << w;
  for (const std::string& w : kInsults) EXPECT_EQ(level0(w), level0("idiot")) << w;
  EXPECT_NE(level0("cat"), level0("idiot"));
  EXPECT_EQ(c->find(cluster_term_hash("zebra")), nullptr);
  Result<WordClusters> again = learn_word_clusters(two_family_corpus(), small_cluster_options());
  ASSERT_TRUE(again.is_ok());
  EXPECT_TRUE(*again == *c);  // deterministic for a seed
  std::string bytes;
  c->serialize(&bytes);
  binary_io::Reader r(bytes);
  Result<WordClusters> back = WordClusters::parse(r);
  ASSERT_TRUE(back.is_ok()) << back.status().to_string();
  EXPECT_TRUE(*back == *c);
  EXPECT_EQ(r.offset(), bytes.size());
}

TEST(WordClusters, LevelsAreCutToTheVocabularyAndTinyCorporaGiveAnEmptyTable) {
  WordClusterOptions o = small_cluster_options();
  o.sizes = {4096, 3};
  Result<WordClusters> c = learn_word_clusters(two_family_corpus(), o);
  ASSERT_TRUE(c.is_ok()) << c.status().to_string();
  EXPECT_EQ(c->sizes(), (std::vector<uint32_t>{static_cast<uint32_t>(c->size()), 3u}));
  c = learn_word_clusters({"a lonely text"}, o);
  ASSERT_TRUE(c.is_ok()) << c.status().to_string();
  EXPECT_EQ(c->size(), 0u);
  EXPECT_EQ(c->find(cluster_term_hash("lonely")), nullptr);
}

TEST(WordClusters, BadOptionsAreRefused) {
  WordClusterOptions o = small_cluster_options();
  o.sizes = {};
  EXPECT_FALSE(learn_word_clusters(two_family_corpus(), o).is_ok());
  o.sizes = {1};
  EXPECT_FALSE(learn_word_clusters(two_family_corpus(), o).is_ok());
  o.sizes = {2, 2, 2, 2, 2};
  EXPECT_FALSE(learn_word_clusters(two_family_corpus(), o).is_ok());
  o = small_cluster_options();
  o.vectors.dim = 0;
  EXPECT_FALSE(learn_word_clusters(two_family_corpus(), o).is_ok());
}

// A section with one level of 4 clusters, no vectors and the given terms (hash, id).
std::string section(uint32_t levels, uint32_t size, uint32_t dim,
                    const std::vector<std::pair<uint64_t, uint32_t>>& terms) {
  std::string b;
  binary_io::put_u32(&b, levels);
  for (uint32_t l = 0; l < levels; ++l) binary_io::put_u32(&b, size);
  binary_io::put_u32(&b, dim);
  binary_io::put_u32(&b, static_cast<uint32_t>(terms.size()));
  for (const auto& [h, id] : terms) {
    binary_io::put_u64(&b, h);
    for (uint32_t l = 0; l < levels; ++l) binary_io::put_u32(&b, id);
    for (uint32_t j = 0; j < dim; ++j) binary_io::put_f32(&b, 0.5f);
  }
  return b;
}

std::string section_error(const std::string& b) {
  binary_io::Reader r(b);
  return WordClusters::parse(r).status().message();
}

TEST(WordClusters, BadSectionsNameFieldAndOffset) {
  EXPECT_EQ(section_error(section(1, 4, 0, {{1, 0}, {2, 3}})), "");
  EXPECT_NE(section_error(section(0, 4, 0, {})).find("cluster levels at offset 0 is 0"),
            std::string::npos);
  EXPECT_NE(section_error(section(5, 4, 0, {})).find("cluster levels at offset 0 is 5"),
            std::string::npos);
  EXPECT_NE(section_error(section(1, 1, 0, {})).find("cluster size at offset 4 is 1"),
            std::string::npos);
  EXPECT_NE(section_error(section(1, 4, 2000, {})).find("cluster vector dim at offset 8 is 2000"),
            std::string::npos);
  // Term entries start at 16: hash (8 bytes) then the id.
  EXPECT_NE(section_error(section(1, 4, 0, {{1, 4}})).find("cluster id at offset 24 is 4"),
            std::string::npos);
  EXPECT_NE(section_error(section(1, 4, 0, {{2, 0}, {2, 1}}))
                .find("cluster term hash at offset 28 is not above"),
            std::string::npos);
  std::string cut = section(1, 4, 3, {{1, 0}});
  cut.resize(cut.size() - 2);
  EXPECT_NE(section_error(cut).find("truncated at cluster entries"), std::string::npos);
  std::string nan = section(1, 4, 1, {{1, 0}});
  const uint32_t bits = 0x7fc00000;
  nan.replace(nan.size() - 4, 4, reinterpret_cast<const char*>(&bits), 4);
  EXPECT_NE(section_error(nan).find("cluster vector at offset 28 is not a finite"),
            std::string::npos);
}

TEST(FeatureBlocks, RareWordsShareClusterFeaturesAndShapeSeesCaps) {
  auto clusters = std::make_shared<const WordClusters>(
      *learn_word_clusters(two_family_corpus(), small_cluster_options()));
  FeatureConfig c{.tweet_normalize = true, .char_across_words = true, .block_normalize = true};
  c.hash_bits = 16;
  c.cluster_weight = 0.5f;
  FeatureHasher h(c);
  h.set_clusters(clusters);
  auto shared = [&](const std::string& a, const std::string& b) {
    const SparseVector x = h.extract(a), y = h.extract(b);
    size_t n = 0;
    for (uint32_t i : x.index) n += std::count(y.index.begin(), y.index.end(), i);
    return n;
  };
  // "twit" and "moron" share their cluster buckets (2 levels), "twit" and "goat" do not.
  EXPECT_GE(shared("twit", "moron"), 2u);
  EXPECT_LT(shared("twit", "goat"), shared("twit", "moron"));
  FeatureConfig without = c;
  without.cluster_weight = 0;
  EXPECT_EQ(FeatureHasher(without).extract("twit").size() + 2, h.extract("twit").size());

  FeatureConfig s = c;
  s.cluster_weight = 0;
  s.shape_weight = 0.3f;
  FeatureHasher shape(s);
  FeatureHasher no_shape(FeatureConfig{.hash_bits = 16,
                                       .tweet_normalize = true,
                                       .char_across_words = true,
                                       .block_normalize = true});
  EXPECT_EQ(no_shape.extract("YOU ARE AN IDIOT!!!").index,
            no_shape.extract("you are an idiot!!!").index);
  EXPECT_NE(shape.extract("YOU ARE AN IDIOT!!!").index, shape.extract("you are an idiot!!!").index);
  std::vector<uint32_t> ids;
  std::vector<text::Token> none;
  add_shape_features("", none, 1, 0xffff, &ids);
  EXPECT_EQ(ids.size(), 10u);  // one per indicator, even for an empty text
}

TEST(FeatureBlocks, VectorBlockIsTheMeanWordVectorAtFixedBuckets) {
  auto clusters = std::make_shared<const WordClusters>(
      *learn_word_clusters(two_family_corpus(), small_cluster_options()));
  FeatureConfig c{.hash_bits = 16, .char_ngram_max = 0};
  c.vector_weight = 0.5f;
  FeatureHasher h(c);
  h.set_clusters(clusters);
  ASSERT_EQ(h.vector_buckets().size(), 8u);
  const SparseVector x = h.extract("zebra"), y = h.extract("idiot zebra");
  EXPECT_EQ(x.size(), 1u);  // the word alone: no known term, no vector block
  double in_block = 0;
  for (size_t i = 0; i < y.size(); ++i) {
    if (std::count(h.vector_buckets().begin(), h.vector_buckets().end(), y.index[i])) {
      in_block += y.value[i] * y.value[i];
    }
  }
  EXPECT_NEAR(std::sqrt(in_block), 0.5, 1e-3);
}

Dataset rude_or_kind() {
  Dataset d;
  d.labels = {"not-offensive", "offensive"};
  const std::vector<std::string> texts = two_family_corpus();
  for (size_t i = 0; i < 200; ++i) d.add(texts[i], static_cast<int>(i % 2));
  return d;
}

TrainOptions block_options() {
  TrainOptions o;
  o.features.hash_bits = 16;
  o.cv_folds = 3;
  o.features.cluster_weight = 0.5f;
  o.features.vector_weight = 0.5f;
  o.features.shape_weight = 0.2f;
  o.features.cluster_bigrams = true;
  o.cluster_options = small_cluster_options();
  return o;
}

TEST(FeatureBlocks, TrainingLearnsClustersAndTheFileCarriesThem) {
  Result<LinearModel> m = train_model(rude_or_kind(), block_options());
  ASSERT_TRUE(m.is_ok()) << m.status().to_string();
  ASSERT_NE(m->hasher().clusters(), nullptr);  // learned from the training texts
  EXPECT_EQ(m->hasher().clusters()->dim(), 8u);
  const std::string bytes = m->serialize();
  EXPECT_EQ(bytes[8], 5);
  Result<LinearModel> back = LinearModel::parse(bytes);
  ASSERT_TRUE(back.is_ok()) << back.status().to_string();
  EXPECT_EQ(back->config(), m->config());
  EXPECT_TRUE(*back->hasher().clusters() == *m->hasher().clusters());
  for (const char* t : {"you are a twit", "the goat ran", "", "ZEBRA!!!", "\xff"}) {
    EXPECT_EQ(back->predict(t), m->predict(t)) << t;  // bit-identical
  }
  EXPECT_EQ(back->serialize(), bytes);
  Result<LinearModel> again = train_model(rude_or_kind(), block_options());
  ASSERT_TRUE(again.is_ok());
  EXPECT_EQ(again->serialize(), bytes);  // deterministic for a seed
  TrainOptions bad = block_options();
  bad.features.cluster_weight = 5;
  EXPECT_FALSE(train_model(rude_or_kind(), bad).is_ok());
}

using testing::resealed;

TEST(FeatureBlocks, BadWeightsAreRefusedAndDamagedFilesNeverCrash) {
  Result<LinearModel> m = train_model(rude_or_kind(), block_options());
  ASSERT_TRUE(m.is_ok());
  const std::string bytes = m->serialize();
  // Labels "not-offensive" (13) and "offensive" (9): hash_seed ends at 12 + 4 + 17 + 13 + 20 + 8.
  const size_t weights_at = 12 + 4 + (4 + 13) + (4 + 9) + 20 + 8;
  std::string b = bytes;
  const float five = 5.0f;
  b.replace(weights_at + 4, 4, reinterpret_cast<const char*>(&five), 4);
  Status st = LinearModel::parse(resealed(b)).status();
  EXPECT_NE(st.message().find("shape_weight at offset " + std::to_string(weights_at + 4) +
                              " is not in [0, 4]"),
            std::string::npos)
      << st.message();
  // Flag bit 8 is unknown.
  b = bytes;
  b[weights_at - 11] = 1;
  st = LinearModel::parse(resealed(b)).status();
  EXPECT_NE(st.message().find("flags at offset"), std::string::npos) << st.message();
  // Cut inside the clusters section.
  st = LinearModel::parse(resealed(bytes.substr(0, weights_at + 40))).status();
  EXPECT_FALSE(st.is_ok());
  // Random damage and truncation, checksum not verified: an error or a model, never a crash.
  Rng rng(11);
  for (int i = 0; i < 300; ++i) {
    std::string d = bytes;
    const size_t at = weights_at + rng.below(std::min<size_t>(d.size() - weights_at, 4000));
    d[at] = static_cast<char>(rng.below(256));
    if (i % 3 == 0) d.resize(weights_at + rng.below(d.size() - weights_at));
    Result<LinearModel> r = LinearModel::parse(d, /*verify_checksum=*/false);
    if (r.is_ok()) (void)r->predict("you are a twit");
  }
}

}  // namespace
}  // namespace chorus::trust
