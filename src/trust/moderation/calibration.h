// Cross-validation folds, the macro-F1 decision threshold and Platt scaling for the moderation
// trainer. All of them see training data only: the trainer feeds them out-of-fold margins from
// k-fold cross-validation inside the training split.
#pragma once

#include <cstdint>
#include <vector>

namespace chorus::trust {

// Assigns rows[i] to a fold in 0..folds-1, stratified: the rows of each label are shuffled by a
// seeded RNG and dealt round-robin, so each fold gets about 1/folds of every class. `y[r]` is the
// label of row r (ids < num_labels); the result is indexed like `rows`.
std::vector<uint32_t> stratified_folds(const std::vector<int>& y, const std::vector<uint32_t>& rows,
                                       size_t num_labels, uint32_t folds, uint64_t seed);

// The threshold t on margins that maximizes the macro-F1 of the two classes when "m > t" is
// predicted positive (`positive[i]` is the truth of margin[i]); ties broken toward the middle
// of the best run of cuts, t halfway between two adjacent distinct margins. 0 when empty.
float macro_f1_threshold(const std::vector<float>& margin, const std::vector<bool>& positive);

// Platt scaling: a, b maximizing the likelihood of P(positive | m) = sigmoid(a (m - t) + b), by
// Newton's method. With fit_intercept false, b stays 0 (the decision point stays at t).
struct Platt {
  double a = 1, b = 0;
};
Platt fit_platt(const std::vector<float>& margin, const std::vector<bool>& positive, float t,
                bool fit_intercept);

// The stacking meta-learner: a logistic regression of positive[i] on the inputs x[k][i] (K <= 16
// inputs of equal length) with example weights weight[i] > 0, minimizing the weighted mean
// negative log-likelihood + l2/2 |a|^2 (the intercept not penalized) by Newton's method.
// Returns a_0..a_{K-1} then the intercept; all zero for no examples.
std::vector<double> fit_logistic(const std::vector<std::vector<float>>& x,
                                 const std::vector<bool>& positive,
                                 const std::vector<float>& weight, double l2);

}  // namespace chorus::trust
