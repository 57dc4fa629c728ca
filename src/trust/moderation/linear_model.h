// LinearModel: the moderation model: a linear classifier over hashed n-gram features, optionally
// ensembled with a second member (an EmbeddingClassifier, embedding_model.h) over the same
// features, and its versioned binary file.
//
// Weights are a dense row-major matrix [buckets][num_labels] (float) plus a bias [num_labels];
// class scores are W^T x + b (+ member_scale x the member's logits when there is a member;
// +- kernel_scale / 2 x the kernel member's margin, vector_kernel.h) and probabilities their
// softmax.
//
// File format (little-endian), version 5 (versions 1-4 are read too: the same layout without the
// later fields; version 1 has flags bits 0-2 only, versions 2 and 3 bits 0-5, version 4 bits
// 0-6):
//   magic "CHRSMODL" (8 bytes), u32 version
//   u32 num_labels (2..256), then per label: u32 length (1..256) + UTF-8 bytes
//   u32 hash_bits (16..24), u32 word_ngram_max (1..4), u32 char_ngram_min, u32 char_ngram_max
//   (0, or min..8 with min >= 1), u32 flags (bit 0 sublinear tf, bit 1 L2 normalize, bit 2 IDF,
//   bit 3 tweet normalization, bit 4 character n-grams across words, bit 5 block normalization,
//   bit 6 cluster bigrams, bit 7 vector max pooling), u64 hash_seed
//   version 4: f32 cluster_weight (0..4), f32 shape_weight (0..4) (features.h); with
//     cluster_weight > 0 the WordClusters section (word_clusters.h)
//   only with the IDF flag: f32 unseen (> 0), u32 n, then n x { u32 bucket (strictly increasing),
//     f32 idf (> 0) } for the buckets whose weight differs from `unseen`
//   f32 bias[num_labels]
//   u32 rows, then rows x { u32 bucket (strictly increasing, < 2^hash_bits), f32[num_labels] }
//     (only buckets with a non-zero weight are stored)
//   version 3: u32 members (0 or 1); with 1: f32 member_scale, then the EmbeddingClassifier
//     section (embedding_model.h) with the same num_labels
//   version 5: u32 kernels (0 or 1; 1 only with two labels and the vector block on); with 1:
//     f32 kernel_scale, then the VectorKernel section (vector_kernel.h) with dim equal to the
//     word clusters' vector dim
//   u32 masked CRC-32C of every byte before it
// 2^hash_bits x num_labels is limited to 2^25 weights (the matrix is held densely in memory).
// load() refuses a file whose magic, version, field range, length or checksum is wrong, naming
// the field and its byte offset. Thread-safety: a loaded model is immutable; scoring is const.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/env.h"
#include "base/status.h"
#include "trust/moderation/embedding_model.h"
#include "trust/moderation/features.h"
#include "trust/moderation/vector_kernel.h"

namespace chorus::trust {

inline constexpr uint32_t kModelVersion = 5;     // written
inline constexpr uint32_t kMinModelVersion = 1;  // oldest read

class LinearModel {
 public:
  LinearModel(FeatureConfig config, std::vector<std::string> labels);

  const std::vector<std::string>& labels() const { return labels_; }
  size_t num_labels() const { return labels_.size(); }
  const FeatureConfig& config() const { return hasher_.config(); }
  const FeatureHasher& hasher() const { return hasher_; }
  FeatureHasher& mutable_hasher() { return hasher_; }

  // Probabilities per label (sum 1) for a text or an extracted feature vector.
  std::vector<float> predict(std::string_view text) const;
  std::vector<float> predict(const SparseVector& x) const;
  // Raw class scores W^T x + b (+ member_scale x member logits) into `scores` (size num_labels).
  void scores(const SparseVector& x, float* scores) const;

  // The ensemble's second member (none by default); its labels must be this model's.
  const std::optional<EmbeddingClassifier>& member() const { return member_; }
  float member_scale() const { return member_scale_; }
  void set_member(EmbeddingClassifier member, float scale) {
    member_.emplace(std::move(member));
    member_scale_ = scale;
  }

  // The kernel member over the vector block (vector_kernel.h; two labels only, none by
  // default): its margin times `scale` adds to the score difference s1 - s0, half to each.
  const std::optional<VectorKernel>& kernel() const { return kernel_; }
  float kernel_scale() const { return kernel_scale_; }
  void set_kernel(VectorKernel kernel, float scale) {
    kernel_.emplace(std::move(kernel));
    kernel_scale_ = scale;
  }

  // Mutable access for the trainer: row `bucket` has num_labels() weights.
  float* row(uint32_t bucket) { return &weights_[static_cast<size_t>(bucket) * labels_.size()]; }
  const float* row(uint32_t bucket) const {
    return &weights_[static_cast<size_t>(bucket) * labels_.size()];
  }
  float* bias() { return bias_.data(); }
  const float* bias() const { return bias_.data(); }
  // The whole matrix, buckets() * num_labels() floats (row-major), for whole-model updates.
  std::vector<float>& weights() { return weights_; }
  std::vector<float>& biases() { return bias_; }

  std::string serialize() const;
  // `verify_checksum` = false is for fuzzing the structural checks only.
  static Result<LinearModel> parse(std::string_view bytes, bool verify_checksum = true);
  Status save(Env* env, const std::string& path) const;
  static Result<LinearModel> load(Env* env, const std::string& path);

 private:
  std::vector<std::string> labels_;
  FeatureHasher hasher_;
  std::vector<float> weights_;  // [buckets][num_labels]
  std::vector<float> bias_;     // [num_labels]
  std::optional<EmbeddingClassifier> member_;
  float member_scale_ = 0;
  std::optional<VectorKernel> kernel_;
  float kernel_scale_ = 0;
};

// Softmax in place over n scores (max-shifted, so large scores do not overflow).
void softmax(float* scores, size_t n);

}  // namespace chorus::trust
