// Binary linear SVMs and naive-Bayes feature scaling for the moderation trainer (trainer.h).
//
// train_binary_svm minimizes  1/2 |w|^2 + 1/2 b^2 + sum_i C_i max(0, 1 - y_i (w . s(x_i) + b))^2
// (L2-regularized squared hinge, the bias regularized like a feature of value 1) by dual
// coordinate descent (Hsieh et al., ICML 2008): each visit to example i solves for its dual
// variable in closed form. Examples are visited in a seeded random order each epoch; training
// stops when the projected-gradient spread of an epoch falls below `tolerance` or after
// `max_epochs`. s(x) = scale o x (element-wise; no scaling when `scale` is empty); the returned
// weights have the scale folded in, so they apply to unscaled vectors. Deterministic given the
// inputs and the seed.
//
// nb_log_ratios gives each bucket's naive-Bayes log-count ratio (Wang & Manning 2012, "NBSVM"):
// r_j = ln((alpha + p_j) / |alpha + p|_1) - ln((alpha + q_j) / |alpha + q|_1), where p and q count
// the positive and negative examples with feature j present (binarized). nb_scale turns these
// into feature scales |r_j|^power: features that do not tell the classes apart are shrunk.
#pragma once

#include <cstdint>
#include <vector>

#include "trust/moderation/features.h"

namespace chorus::trust {

struct BinarySvm {
  std::vector<float> w;  // [buckets]
  float bias = 0;
  float margin(const SparseVector& x) const {
    double s = bias;
    for (size_t i = 0; i < x.size(); ++i) s += static_cast<double>(w[x.index[i]]) * x.value[i];
    return static_cast<float>(s);
  }
};

struct BinarySvmOptions {
  uint32_t max_epochs = 100;
  double tolerance = 0.1;
  uint64_t seed = 1;
};

// Trains on xs[r] for r in rows; y[r] is +1 or -1 and cost[r] > 0 its C_i. Indices in xs are
// < buckets.
BinarySvm train_binary_svm(const std::vector<SparseVector>& xs, const std::vector<int8_t>& y,
                           const std::vector<float>& cost, const std::vector<uint32_t>& rows,
                           const std::vector<float>& scale, uint32_t buckets,
                           const BinarySvmOptions& options);

// Log-count ratios over xs[r], r in rows, with add-alpha smoothing; [buckets].
std::vector<float> nb_log_ratios(const std::vector<SparseVector>& xs, const std::vector<int8_t>& y,
                                 const std::vector<uint32_t>& rows, uint32_t buckets,
                                 float alpha = 1.0f);
// |r_j|^power for each ratio (power > 0).
std::vector<float> nb_scale(const std::vector<float>& ratios, float power);

}  // namespace chorus::trust
