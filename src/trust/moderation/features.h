// FeatureHasher: text -> a sparse, L2-normalized vector of hashed n-gram features.
//
// Features, from the analyzer's normalized terms (Unicode folding, Arabic normalization, no
// stemming, stopwords kept):
//   word n-grams   every term and every run of up to `word_ngram_max` adjacent terms
//   char n-grams   for word and hashtag terms, the character (code point) n-grams of
//                  "<" term ">" with lengths char_ngram_min..char_ngram_max (within the word);
//                  with `char_across_words`, instead the n-grams of the whole text as
//                  char_ngram_text() gives it (tweet_text.h), spaces and punctuation included
//                  ("f*ck", "a$$", "you are")
// With `tweet_normalize` the text is first rewritten by normalize_tweet() (tweet_text.h: @user,
// url, hashtag words, HTML entities, squeezed elongations).
// Each feature is hashed (XXH3, seeded with `hash_seed`) into 2^hash_bits buckets; collisions add.
// Values: term frequency, or 1 + ln(tf) when `sublinear_tf`; times the bucket's inverse document
// frequency when `idf` (ln((1 + N) / (1 + df)) + 1 over the N training texts, fitted by
// fit_idf); the vector is then scaled to unit L2 norm when `l2_normalize` (with
// `block_normalize`, the word block and the character block are each scaled to norm 1/sqrt(2),
// so that neither dominates: the model then averages a word model and a character model). Texts
// longer than kMaxFeatureTextBytes are cut at a character boundary first; invalid UTF-8 bytes are
// skipped. An empty text gives an empty vector.
// Two optional blocks (model file version 4), each L2-normalized to its own weight and added to
// the vector above (off when the weight is 0):
//   cluster block  (`cluster_weight`) for every term found in the word clusters (set_clusters,
//                  word_clusters.h), one feature per cluster level: (level, cluster id); with
//                  `cluster_bigrams`, also (level, id of the previous term, id) for adjacent
//                  terms that are both found; no clusters set: the block is empty
//   shape block    (`shape_weight`) the bucketed counts of shape_features.h (caps, '!', '?',
//                  mentions, URLs, hashtags, emoji, length)
//   vector block   (`vector_weight`) the mean of the word vectors the clusters carry
//                  (WordClusters::dim() > 0) over the terms found, dense: component j at bucket
//                  vector_buckets()[j]
// Thread-safety: extract() is const and may run on many threads at once.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string_view>
#include <utility>
#include <vector>

#include "text/analyzer.h"
#include "trust/moderation/word_clusters.h"

namespace chorus::trust {

inline constexpr size_t kMaxFeatureTextBytes = 64 * 1024;

struct FeatureConfig {
  uint32_t hash_bits = 20;  // 2^hash_bits buckets; 16..24
  uint32_t word_ngram_max = 2;
  uint32_t char_ngram_min = 2;
  uint32_t char_ngram_max = 5;  // 0 turns character n-grams off
  bool sublinear_tf = true;
  bool l2_normalize = true;
  bool idf = false;  // scale each bucket by its inverse document frequency (set_idf)
  // Model file version 2 (all false in a version 1 file, which then scores as before):
  bool tweet_normalize = false;
  bool char_across_words = false;
  bool block_normalize = false;
  uint64_t hash_seed = 0x6d6f646572617465ull;
  // Model file version 4 (0 / false in older files):
  float cluster_weight = 0;  // L2 norm of the cluster block, 0..4
  bool cluster_bigrams = false;
  float shape_weight = 0;   // L2 norm of the shape block, 0..4
  float vector_weight = 0;  // L2 norm of the vector block, 0..4
  // Model file version 5 (false in older files): the vector block also carries the
  // component-wise maximum of the term vectors (dim more components; mean and max together are
  // scaled to vector_weight).
  bool vector_max_pool = false;

  uint32_t buckets() const { return 1u << hash_bits; }
  bool operator==(const FeatureConfig&) const = default;
};

// Indices strictly increasing, each < buckets(); value[i] belongs to index[i].
struct SparseVector {
  std::vector<uint32_t> index;
  std::vector<float> value;
  size_t size() const { return index.size(); }
};

// a + b (both sorted by index; values of a shared index add).
SparseVector sparse_sum(const SparseVector& a, const SparseVector& b);
// The cells (bucket, value) as a sparse vector; values of a repeated bucket add.
SparseVector sparse_from_cells(std::vector<std::pair<uint32_t, float>> cells);

// The blocks of extract()'s vector, for training one model per block (trainer.h, stacking).
enum FeatureBlock : uint8_t {
  kWordBlock,   // word n-grams (without block_normalize, or with IDF: words and characters)
  kCharBlock,   // character n-grams (empty in those cases)
  kDenseBlock,  // the cluster, vector and shape blocks
  kNumFeatureBlocks
};
using FeatureBlocks = std::array<SparseVector, kNumFeatureBlocks>;
// Their sum: one vector as extract() gives it.
SparseVector sum_blocks(const FeatureBlocks& b);

class FeatureHasher {
 public:
  explicit FeatureHasher(FeatureConfig config);
  // The sum of extract_blocks(text).
  SparseVector extract(std::string_view text) const;
  // The blocks as extract() scales them; their sum is extract(text).
  FeatureBlocks extract_blocks(std::string_view text) const;
  const FeatureConfig& config() const { return config_; }

  // Fits the IDF table from the texts' feature vectors (extracted before any IDF is set).
  void fit_idf(const std::vector<SparseVector>& docs);
  // The IDF table: buckets() weights, or empty when config().idf is false. `unseen` is the weight
  // of buckets that no training text had.
  const std::vector<float>& idf() const { return idf_; }
  void set_idf(std::vector<float> idf) { idf_ = std::move(idf); }
  // Rescales an extracted vector by the IDF table and renormalizes it (what extract() does
  // when an IDF table is set); used by the trainer on vectors extracted before fitting.
  void apply_idf(SparseVector* v) const;

  // The word clusters of the cluster block (shared, immutable), or null.
  const std::shared_ptr<const WordClusters>& clusters() const { return clusters_; }
  void set_clusters(std::shared_ptr<const WordClusters> c);
  // The buckets of the dense vector block, one per vector component (empty when it is off).
  // With vector_max_pool, the mean's `dim` components come first, then the maximum's.
  const std::vector<uint32_t>& vector_buckets() const { return vector_buckets_; }

 private:
  void add_char_ngrams(std::string_view term, std::vector<uint32_t>* raw) const;
  void add_code_point_ngrams(std::string_view s, std::vector<uint32_t>* raw) const;
  void add_word_features(const std::vector<text::Token>& tokens, std::vector<uint32_t>* words,
                         std::vector<uint32_t>* chars) const;
  void add_cluster_features(const std::vector<text::Token>& tokens,
                            std::vector<uint32_t>* out) const;
  void add_vector_block(const std::vector<text::Token>& tokens, SparseVector* v) const;
  SparseVector extra_blocks(std::string_view raw, const std::vector<text::Token>& tokens) const;

  FeatureConfig config_;
  text::Analyzer analyzer_;
  std::vector<float> idf_;  // [buckets] or empty
  std::shared_ptr<const WordClusters> clusters_;
  std::vector<uint32_t> vector_buckets_;  // [clusters_->dim()] when the vector block is on
  SparseVector vector_block_;             // its distinct buckets, sorted, values 0
  std::vector<uint32_t> vector_slot_;     // [components]: the slot of component j in vector_block_
};

}  // namespace chorus::trust
