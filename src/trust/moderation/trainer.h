// Training of a LinearModel, by one of two solvers:
//
// kSvm (default): one-vs-rest linear SVMs (linear_svm.h: L2-regularized squared hinge by dual
//   coordinate descent), one per label, or a single one for two labels. Example i costs
//   C * class_weight[y_i]. With nb_power > 0 each classifier's features are scaled by their
//   naive-Bayes log-count ratio |r|^nb_power (NBSVM), learned on the training examples. With
//   cv_folds >= 2, k-fold cross-validation *inside the training data* gives out-of-fold margins;
//   for two labels they choose the decision threshold that maximizes macro-F1 and the slope of
//   a Platt sigmoid through it, for more labels a Platt sigmoid (slope and intercept) per label.
//   Everything folds into the LinearModel's weights and biases: two labels score -s/2 and s/2,
//   s = a (margin - t), so P(label 1) = sigmoid(s) and the argmax is the tuned decision.
//   With more than two labels kSvm falls back to kSoftmaxSgd over the version 1 features
//   (tweet_normalize, char_across_words, block_normalize and the version 4 blocks off) unless
//   `svm_multiclass` is set: on Davidson one-vs-rest SVMs lowered hate recall (0.44 -> 0.25) and
//   took 10x longer.
// kSoftmaxSgd: multinomial logistic regression by AdaGrad-SGD with L2. Each epoch visits the
//   examples in a seeded random order; for one example with features x, probabilities p and
//   label y the loss is class_weight[y] * -log p_y, and each touched weight w[j][c] takes a step
//   -lr / sqrt(G[j][c]) * g with g = cw * (p_c - [c == y]) * x_j + l2 * w[j][c] (G accumulates
//   g^2; L2 is applied to the weights an example touches).
// Class weights are (n / (k * n_c))^class_weight_power: 0 = none, 1 = fully balanced classes.
// The same data, options and seed give bit-identical weights (single-threaded).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>

#include "trust/moderation/dataset.h"
#include "trust/moderation/embedding_model.h"
#include "trust/moderation/linear_model.h"
#include "trust/moderation/vector_kernel.h"
#include "trust/moderation/word_clusters.h"

namespace chorus::trust {

enum class Solver : uint8_t { kSvm, kSoftmaxSgd };

struct TrainOptions {
  // Defaults chosen by `moderation_bench DATA --cv` (5-fold cross-validation on the training
  // splits of TweetEval hate/offensive and Davidson's 80% training part), never on val/test.
  // The vector block (word vectors learned from unlabeled text, see features.h) at weight 0.6:
  // +0.005 offensive / +0.002 hate out-of-fold macro-F1 over 3 / 2 fold seeds.
  FeatureConfig features{.tweet_normalize = true,
                         .char_across_words = true,
                         .block_normalize = true,
                         .vector_weight = 0.6f};
  Solver solver = Solver::kSvm;
  float class_weight_power = 0.5f;
  uint64_t seed = 1;
  // kSvm
  float svm_c = 1.0f;
  float nb_power = 1.0f;
  float nb_alpha = 1.0f;  // add-alpha smoothing of the naive-Bayes counts (linear_svm.h), > 0
  uint32_t svm_max_epochs = 100;
  uint32_t cv_folds = 5;        // 0: no threshold or calibration (s = margin)
  bool svm_multiclass = false;  // use kSvm with more than two labels too
  // Ensemble (kSvm, two labels, cv_folds >= 2): with ensemble_weight w in (0, 1) an
  // EmbeddingClassifier (`embedding`) is trained beside the NB-SVM; the inner cross-validation
  // gives both members' out-of-fold scores, each is mapped to log-odds by its own Platt sigmoid,
  // and the decision score is (1 - w) x the NB-SVM's + w x the member's, thresholded and
  // calibrated as above. 0: the NB-SVM alone.
  float ensemble_weight = 0.0f;
  EmbeddingOptions embedding;
  // Word clusters for the cluster block (features.cluster_weight > 0): learned beforehand from
  // unlabeled text (learn_word_clusters) and shared, or, when null, learned by train_model /
  // cross_validate from the training texts (all of them, labels unused) with `cluster_options`.
  // The model carries them in its file.
  std::shared_ptr<const WordClusters> clusters;
  WordClusterOptions cluster_options;
  // Stacked models of other corpora (kSvm, two labels): each a two-label LinearModel with this
  // model's feature configuration and clusters and no member, trained on another data set with
  // its labels mapped onto this one's. Its margin s1 - s0 on a text, times `aux_scale`, joins
  // the text's features as one dense feature (NB scale 1), so the SVM learns how far to trust
  // it; that weight then folds the aux model's weights into this model's, so classifying costs
  // nothing more and the file carries nothing more.
  std::vector<std::shared_ptr<const LinearModel>> aux_models;
  float aux_scale = 0.3f;
  // Stacking (kSvm, two labels, cv_folds >= 2, no aux models or ensemble member; ignored with
  // more labels). With stack_blocks, one NB-SVM per feature block (features.h FeatureBlock:
  // words, characters, the dense blocks; IDF must be off) instead of one over their sum. With
  // kernel.features > 0 (the vector block on), a VectorKernel member (vector_kernel.h) on the
  // mean word vector beside them (or beside the one NB-SVM). The inner cross-validation gives
  // every member's out-of-fold margins; a logistic regression on them (L2 `stack_l2`) is the
  // meta-learner, and its score is thresholded and calibrated as above. The linear members'
  // weighted sum folds into the model's weights (a bucket shared by two blocks then mixes their
  // weights, as hashing collisions do); the kernel member travels in the model file.
  bool stack_blocks = false;
  bool stack_joint = false;  // with stack_blocks: the NB-SVM over the whole vector joins them
  float stack_l2 = 1e-3f;
  KernelOptions kernel;
  // kSoftmaxSgd
  uint32_t epochs = 5;
  float learning_rate = 0.1f;
  float l2 = 1e-6f;
  bool average = false;  // final weights = mean of the weights at the end of each epoch
};

struct TrainStats {
  double seconds_features = 0;  // feature extraction
  double seconds_sgd = 0;       // the solver (all epochs, cross-validation included)
  double last_epoch_loss = 0;   // kSoftmaxSgd: mean weighted loss of the last epoch
  float threshold = 0;          // kSvm, two labels: the decision threshold on the margin
};

// Trains on `data` (at least one primary example, labels in range, weights > 0; extra examples
// weigh in training but not in the threshold or calibration). `on_epoch` (optional, kSoftmaxSgd)
// is told the 1-based epoch and its mean loss. `clock_ns` (optional) reads a monotonic clock for
// the stats.
Result<LinearModel> train_model(const Dataset& data, const TrainOptions& options,
                                TrainStats* stats = nullptr,
                                const std::function<void(uint32_t, double)>& on_epoch = {},
                                Env* env = nullptr);

// The word clusters `options` need (its cluster or vector block on), learned from `texts` with
// options.cluster_options (vectors kept for the vector block); null when neither block is on.
Result<std::shared_ptr<const WordClusters>> learn_clusters_for(
    const TrainOptions& options, const std::vector<std::string>& texts);

// Labels predicted for every primary example of `data` (Dataset::primary_size()) by k-fold
// cross-validation (stratified, seeded by `seed`): each fold is predicted by a model trained on
// the other folds and all extra examples with `options` (whose own cv_folds then run inside
// those folds). Features are extracted once. For choosing options on training data without
// touching held-out data.
Result<std::vector<int>> cross_validate(const Dataset& data, const TrainOptions& options,
                                        uint32_t folds, uint64_t seed);

}  // namespace chorus::trust
