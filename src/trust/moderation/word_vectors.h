// Distributional word vectors learned from unlabeled text, for the moderation classifier's word
// clusters (word_clusters.h).
//
// learn_word_vectors(texts): each text is normalized like the classifier's input (tweet_text.h
// normalize_tweet, then the analyzer without stemming, stopwords kept); the `max_vocab` most
// frequent terms seen at least `min_count` times form the vocabulary (ties by term bytes). Pairs
// of vocabulary terms at most `window` positions apart (out-of-vocabulary terms are skipped, not
// closed up) are counted symmetrically with weight 1 / distance. Each count becomes its positive
// pointwise mutual information with a smoothed context distribution (Levy, Goldberg and Dagan
// 2015): max(0, ln(n_wc * sum_c' n_c'^alpha / (n_w * n_c^alpha))). The PPMI matrix A [V][V] is
// factored by a randomized truncated SVD (Halko, Martinsson and Tropp 2011): a seeded Gaussian
// sketch of `dim + oversample` columns, `power_iterations` rounds of A / A^T with modified
// Gram-Schmidt in between, then the eigen-decomposition (cyclic Jacobi) of the small Gram
// matrix. A word's vector is its row of U_dim Sigma_dim^eigen_power, scaled to unit L2 norm
// (a row of zeros stays zero).
// `counts` and `tokens` give word frequencies (for SIF weights in word_clusters.h).
// Deterministic for a seed (single-threaded). Cost: O(tokens x window) to count, O(nnz(A) x
// (dim + oversample) x (2 power_iterations + 2)) for the SVD.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace chorus::trust {

struct WordVectorOptions {
  uint32_t min_count = 3;
  uint32_t max_vocab = 30000;
  uint32_t window = 4;
  uint32_t dim = 64;
  uint32_t oversample = 16;
  uint32_t power_iterations = 2;
  float context_alpha = 0.75f;
  float eigen_power = 0.5f;
  uint64_t seed = 1;
};

struct WordVectors {
  std::vector<std::string> words;  // the vocabulary, most frequent first
  std::vector<uint32_t> counts;    // [words] occurrences in the texts
  uint64_t tokens = 0;             // terms in the texts, vocabulary or not
  uint32_t dim = 0;
  std::vector<float> vectors;  // [words][dim], unit rows
  const float* row(size_t i) const { return &vectors[i * dim]; }
};

// The analyzer terms of a text as the classifier sees them (normalize_tweet + analyzer).
std::vector<std::string> cluster_terms(std::string_view text);

WordVectors learn_word_vectors(const std::vector<std::string>& texts, const WordVectorOptions& o);

}  // namespace chorus::trust
