// Training of a LinearModel: multinomial logistic regression by AdaGrad-SGD with L2.
//
// Each epoch visits the examples in a seeded random order; for one example with features x,
// probabilities p and label y the loss is class_weight[y] * -log p_y, and each touched weight
// w[j][c] takes a step  -lr / sqrt(G[j][c]) * g  with g = cw * (p_c - [c == y]) * x_j + l2 *
// w[j][c] (G accumulates g^2; L2 is applied to the weights an example touches). Class weights are
// (n / (k * n_c))^class_weight_power: 0 = no weighting, 1 = fully balanced classes.
// The same data, options and seed give bit-identical weights (single-threaded).
#pragma once

#include <cstdint>
#include <functional>

#include "trust/moderation/dataset.h"
#include "trust/moderation/linear_model.h"

namespace chorus::trust {

struct TrainOptions {
  FeatureConfig features;
  // Defaults chosen by `moderation_bench DATA --tune` on dev splits carved out of the training
  // data (TweetEval hate/offensive train, Davidson's 80% training part), never on val/test.
  uint32_t epochs = 5;
  float learning_rate = 0.1f;
  float l2 = 1e-6f;
  float class_weight_power = 0.5f;
  bool average = false;  // final weights = mean of the weights at the end of each epoch
  uint64_t seed = 1;
};

struct TrainStats {
  double seconds_features = 0;  // feature extraction
  double seconds_sgd = 0;       // all epochs
  double last_epoch_loss = 0;   // mean weighted loss of the last epoch
};

// Trains on `data` (at least one example, labels in range). `on_epoch` (optional) is told the
// 1-based epoch and its mean loss. `clock_ns` (optional) reads a monotonic clock for the stats.
Result<LinearModel> train_model(const Dataset& data, const TrainOptions& options,
                                TrainStats* stats = nullptr,
                                const std::function<void(uint32_t, double)>& on_epoch = {},
                                Env* env = nullptr);

}  // namespace chorus::trust
