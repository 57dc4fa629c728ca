// EmbeddingClassifier: a fastText-style text classifier (Joulin et al. 2017, "Bag of Tricks")
// over the same hashed features as the LinearModel (features.h), used as the second member of
// the moderation ensemble (linear_model.h).
//
// Each feature bucket b has an embedding row E[b mod 2^bits] (dim floats). A text's hidden vector
// is the mean of its features' rows weighted by their values, h = sum_i v_i E[b_i] / sum_i v_i
// [dim]; with hidden > 0 a tanh layer follows, z = tanh(H h + hb) [hidden], else z = h; logits =
// O z + ob [labels]. Training (train()) minimizes the class- and example-weighted softmax loss by
// SGD over seeded shuffles with a learning rate decaying linearly to 0 (as fastText does); E
// starts at zero (rows no training text touched stay zero, so unseen features add nothing), O
// and H at small seeded uniform values. Deterministic for a seed (single-threaded).
//
// File section (inside the model file, version 3; see linear_model.h): u32 labels, u32 dim
// (1..256), u32 hidden (0..256), u32 bits (8..22), f32 H[hidden][dim], f32 hb[hidden],
// f32 O[labels][hidden or dim], f32 ob[labels], u32 rows, rows x { u32 bucket (strictly
// increasing, < 2^bits), f32[dim] } (non-zero rows only).
// Thread-safety: a trained or parsed classifier is immutable; logits() is const.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/status.h"
#include "trust/moderation/binary_io.h"
#include "trust/moderation/features.h"

namespace chorus::trust {

// Defaults: the best member of `moderation_bench --cv` on TweetEval offensive train (alone 0.703
// out-of-fold macro-F1; lr 0.2 x 5 epochs was weaker, a 16-unit tanh layer 0.650).
struct EmbeddingOptions {
  uint32_t dim = 16;
  uint32_t hidden = 0;  // 0: fastText (logits linear in the mean embedding)
  uint32_t bits = 18;   // 2^bits embedding rows
  uint32_t epochs = 10;
  float learning_rate = 2.0f;
  uint64_t seed = 1;
};

// One training run: vectors, label ids, per-example loss weights (class x example weight) and
// the rows to train on.
struct EmbeddingTrainSet {
  const std::vector<SparseVector>& xs;
  const std::vector<int>& y;
  const std::vector<float>& cost;
  const std::vector<uint32_t>& rows;
};

class EmbeddingClassifier {
 public:
  EmbeddingClassifier(size_t num_labels, uint32_t dim, uint32_t hidden, uint32_t bits);

  static EmbeddingClassifier train(const EmbeddingTrainSet& d, size_t num_labels,
                                   const EmbeddingOptions& o);

  size_t num_labels() const { return num_labels_; }
  // Logits (size num_labels) for an extracted feature vector; all zero-input texts give ob.
  void logits(const SparseVector& x, float* out) const;

  void serialize(std::string* out) const;
  // Reads the section written by serialize(); errors name the field and offset.
  static Result<EmbeddingClassifier> parse(binary_io::Reader& r);

 private:
  struct Work;  // per-call buffers of the forward and backward pass
  void forward(const SparseVector& x, Work& w) const;
  void sgd_step(const SparseVector& x, int y, float cost, float lr, Work& w);
  uint32_t out_in() const { return hidden_ ? hidden_ : dim_; }
  float* emb(uint32_t bucket) { return &emb_[static_cast<size_t>(bucket & mask_) * dim_]; }
  const float* emb(uint32_t bucket) const {
    return &emb_[static_cast<size_t>(bucket & mask_) * dim_];
  }

  size_t num_labels_;
  uint32_t dim_, hidden_, bits_, mask_;
  std::vector<float> emb_;    // [2^bits][dim]
  std::vector<float> h_w_;    // [hidden][dim]
  std::vector<float> h_b_;    // [hidden]
  std::vector<float> out_w_;  // [labels][out_in()]
  std::vector<float> out_b_;  // [labels]
};

}  // namespace chorus::trust
