#include "trust/moderation/trainer.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>
#include <optional>

#include "base/random.h"
#include "trust/moderation/calibration.h"
#include "trust/moderation/linear_svm.h"

namespace chorus::trust {
namespace {

constexpr uint64_t kCvFoldSalt = 0x63765f666f6c6473ull;
constexpr uint64_t kAuxSalt = 0x6175785f6d6f64ull;
constexpr uint64_t kKernelSalt = 0x6b65726e656cull;

// Examples of one training run: vectors, label ids, example weights (Dataset::weight_of), the
// primary rows to train on (cross-validated inside for calibration) and the extra rows (trained
// on in every fold, never scored).
struct TrainSet {
  const std::vector<SparseVector>& xs;
  const std::vector<int>& y;
  const std::vector<float>& w;
  const std::vector<uint32_t>& rows;
  const std::vector<uint32_t>& extra;
  // With stack_blocks: xs split by feature block ([block][row]), else null.
  const std::array<std::vector<SparseVector>, kNumFeatureBlocks>* blocks = nullptr;
};

// The vectors of every text and, with stack_blocks, the same split by block.
struct Extracted {
  std::vector<SparseVector> xs;
  std::array<std::vector<SparseVector>, kNumFeatureBlocks> blocks;
};

// rows followed by extra.
std::vector<uint32_t> with_extra(std::vector<uint32_t> rows, const std::vector<uint32_t>& extra) {
  rows.insert(rows.end(), extra.begin(), extra.end());
  return rows;
}

std::vector<float> class_weights(const TrainSet& d, size_t k, float power) {
  std::vector<double> count(k, 0);
  double n = 0;
  for (uint32_t r : with_extra(d.rows, d.extra)) {
    count[static_cast<size_t>(d.y[r])] += d.w[r];
    n += d.w[r];
  }
  std::vector<float> w(k, 1.0f);
  for (size_t c = 0; c < k; ++c) {
    if (count[c] == 0) continue;
    const double balanced = n / (static_cast<double>(k) * count[c]);
    w[c] = static_cast<float>(std::pow(balanced, power));
  }
  return w;
}

Status check(const Dataset& data, const TrainOptions& o) {
  if (data.size() == 0) return invalid_argument("no training examples");
  if (data.labels.size() < 2) return invalid_argument("training needs at least two labels");
  if (data.y.size() != data.texts.size()) return internal_error("dataset texts/labels differ");
  if (!data.weight.empty() && data.weight.size() != data.size()) {
    return internal_error("dataset texts/weights differ");
  }
  if (data.extras >= data.size()) return invalid_argument("no primary training examples");
  for (size_t i = 0; i < data.size(); ++i) {
    if (data.y[i] < 0 || data.y[i] >= static_cast<int>(data.labels.size())) {
      return invalid_argument("example " + std::to_string(i) + " has label id " +
                              std::to_string(data.y[i]) + " out of range");
    }
    if (!(data.weight_of(i) > 0) || !std::isfinite(data.weight_of(i))) {
      return invalid_argument("example " + std::to_string(i) + " has a weight that is not > 0");
    }
  }
  if (o.features.hash_bits < 16 || o.features.hash_bits > 24) {
    return invalid_argument("hash_bits must be 16..24");
  }
  for (float w : {o.features.cluster_weight, o.features.shape_weight, o.features.vector_weight}) {
    if (!(w >= 0 && w <= 4)) {
      return invalid_argument("cluster_weight, shape_weight and vector_weight must be in [0, 4]");
    }
  }
  if (o.solver == Solver::kSoftmaxSgd &&
      (o.epochs == 0 || !(o.learning_rate > 0) || !(o.l2 >= 0))) {
    return invalid_argument("epochs, learning_rate must be positive and l2 non-negative");
  }
  if (!(o.ensemble_weight >= 0 && o.ensemble_weight < 1)) {
    return invalid_argument("ensemble_weight must be in [0, 1)");
  }
  const EmbeddingOptions& e = o.embedding;
  if (o.ensemble_weight > 0 &&
      (e.dim < 1 || e.dim > 256 || e.hidden > 256 || e.bits < 8 || e.bits > 22 ||
       (uint64_t{1} << e.bits) * e.dim > (uint64_t{1} << 25) || e.epochs == 0 ||
       !(e.learning_rate > 0))) {
    return invalid_argument(
        "embedding: dim 1..256, hidden 0..256, bits 8..22 (2^bits x dim <= 2^25), epochs and "
        "learning_rate positive");
  }
  const KernelOptions& k = o.kernel;
  if (k.features > 0 && (k.features > kMaxKernelFeatures || !(k.gamma > 0 && k.gamma <= 100) ||
                         !(k.svm_c > 0) || !(o.features.vector_weight > 0))) {
    return invalid_argument(
        "kernel: features 0..4096, gamma in (0, 100], svm_c positive, and the vector block on");
  }
  if ((o.stack_blocks || k.features > 0) &&
      (o.cv_folds < 2 || !o.aux_models.empty() || o.ensemble_weight > 0 || o.features.idf ||
       !(o.stack_l2 >= 0))) {
    return invalid_argument(
        "stacking needs cv_folds >= 2, no aux models, no ensemble member, IDF off and "
        "stack_l2 >= 0");
  }
  if (o.solver == Solver::kSvm && (!(o.svm_c > 0) || !(o.nb_power >= 0) || !(o.nb_alpha > 0) ||
                                   o.svm_max_epochs == 0 || o.cv_folds == 1)) {
    return invalid_argument(
        "svm_c, nb_alpha and svm_max_epochs must be positive, nb_power non-negative, "
        "cv_folds 0 or at least 2");
  }
  return Status::ok();
}

// One AdaGrad step on one example; returns its weighted loss.
double sgd_step(LinearModel& m, std::vector<float>& g2, std::vector<float>& bias_g2,
                const SparseVector& x, int y, float cw, const TrainOptions& o, float* p) {
  const size_t k = m.num_labels();
  m.scores(x, p);
  softmax(p, k);
  const double loss = -cw * std::log(std::max(p[y], 1e-12f));
  for (size_t c = 0; c < k; ++c) p[c] = cw * (p[c] - (static_cast<int>(c) == y ? 1.0f : 0.0f));
  for (size_t i = 0; i < x.size(); ++i) {
    float* w = m.row(x.index[i]);
    float* g = &g2[static_cast<size_t>(x.index[i]) * k];
    for (size_t c = 0; c < k; ++c) {
      const float grad = p[c] * x.value[i] + o.l2 * w[c];
      g[c] += grad * grad;
      w[c] -= o.learning_rate * grad / std::sqrt(g[c] + 1e-8f);
    }
  }
  float* b = m.bias();
  for (size_t c = 0; c < k; ++c) {
    bias_g2[c] += p[c] * p[c];
    b[c] -= o.learning_rate * p[c] / std::sqrt(bias_g2[c] + 1e-8f);
  }
  return loss;
}

void train_sgd(const TrainSet& d, const TrainOptions& o,
               const std::function<void(uint32_t, double)>& on_epoch, LinearModel& model,
               TrainStats* stats) {
  const size_t k = model.num_labels();
  const std::vector<float> cw = class_weights(d, k, o.class_weight_power);
  std::vector<float> g2(static_cast<size_t>(o.features.buckets()) * k, 0.0f);
  std::vector<float> bias_g2(k, 0.0f), p(k);
  std::vector<uint32_t> order = with_extra(d.rows, d.extra);
  Rng rng(o.seed);
  double epoch_loss = 0;
  std::vector<float> avg_w, avg_b;
  if (o.average) {
    avg_w.assign(model.weights().size(), 0.0f);
    avg_b.assign(k, 0.0f);
  }
  for (uint32_t e = 1; e <= o.epochs; ++e) {
    for (size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng.below(i)]);
    epoch_loss = 0;
    for (uint32_t i : order) {
      epoch_loss += sgd_step(model, g2, bias_g2, d.xs[i], d.y[i], cw[d.y[i]] * d.w[i], o, p.data());
    }
    epoch_loss /= static_cast<double>(order.size());
    if (on_epoch) on_epoch(e, epoch_loss);
    if (o.average) {
      for (size_t j = 0; j < avg_w.size(); ++j) avg_w[j] += model.weights()[j];
      for (size_t c = 0; c < k; ++c) avg_b[c] += model.biases()[c];
    }
  }
  if (o.average) {
    const float inv = 1.0f / static_cast<float>(o.epochs);
    for (size_t j = 0; j < avg_w.size(); ++j) model.weights()[j] = avg_w[j] * inv;
    for (size_t c = 0; c < k; ++c) model.biases()[c] = avg_b[c] * inv;
  }
  if (stats) stats->last_epoch_loss = epoch_loss;
}

// The bucket of aux model k's margin feature.
uint32_t aux_bucket(const TrainOptions& o, size_t k) {
  return static_cast<uint32_t>(mix64(o.features.hash_seed ^ kAuxSalt ^ k)) &
         (o.features.buckets() - 1);
}

// The aux models' margins (times aux_scale) added to copies of `xs`.
std::vector<SparseVector> with_aux(const std::vector<SparseVector>& xs, const TrainOptions& o) {
  std::vector<SparseVector> out;
  out.reserve(xs.size());
  for (const SparseVector& x : xs) {
    std::vector<std::pair<uint32_t, float>> cells;
    for (size_t k = 0; k < o.aux_models.size(); ++k) {
      float s[2];
      o.aux_models[k]->scores(x, s);
      cells.emplace_back(aux_bucket(o, k), o.aux_scale * (s[1] - s[0]));
    }
    out.push_back(sparse_sum(x, sparse_from_cells(std::move(cells))));
  }
  return out;
}

// Folds the aux features' learned weights into `svm`: the margin w_aux . x of aux model k, times
// the SVM's weight for it, becomes part of the SVM's own weights and bias.
void fold_aux(const TrainOptions& o, BinarySvm* svm) {
  for (size_t k = 0; k < o.aux_models.size(); ++k) {
    const LinearModel& a = *o.aux_models[k];
    const double c = static_cast<double>(svm->w[aux_bucket(o, k)]) * o.aux_scale;
    for (uint32_t j = 0; j < o.features.buckets(); ++j) {
      svm->w[j] += static_cast<float>(c * (a.row(j)[1] - a.row(j)[0]));
    }
    svm->bias += static_cast<float>(c * (a.bias()[1] - a.bias()[0]));
  }
}

// One one-vs-rest SVM: label `positive` against the rest, on `rows`.
BinarySvm train_ovr(const TrainSet& d, const std::vector<int8_t>& pm,
                    const std::vector<float>& cost, const std::vector<uint32_t>& rows,
                    const TrainOptions& o) {
  const uint32_t buckets = o.features.buckets();
  std::vector<float> scale;
  if (o.nb_power > 0) {
    scale = nb_scale(nb_log_ratios(d.xs, pm, rows, buckets, o.nb_alpha), o.nb_power);
    // Dense components are present in every text, so their presence ratio says nothing.
    FeatureHasher h(o.features);
    h.set_clusters(o.clusters);
    for (uint32_t b : h.vector_buckets()) scale[b] = 1.0f;
    for (size_t k = 0; k < o.aux_models.size(); ++k) scale[aux_bucket(o, k)] = 1.0f;
  }
  return train_binary_svm(d.xs, pm, cost, rows, scale, buckets,
                          {.max_epochs = o.svm_max_epochs, .seed = o.seed});
}

bool ensemble(const TrainOptions& o, bool binary) {
  return binary && o.ensemble_weight > 0 && o.cv_folds >= 2;
}

// The ensemble member on xs[rows]; its loss weights are class weight x example weight.
EmbeddingClassifier train_member(const TrainSet& d, const std::vector<float>& loss_w,
                                 const std::vector<uint32_t>& rows, const TrainOptions& o) {
  EmbeddingOptions eo = o.embedding;
  eo.seed = o.seed;
  return EmbeddingClassifier::train({d.xs, d.y, loss_w, rows}, 2, eo);
}

float member_margin(const EmbeddingClassifier& m, const SparseVector& x) {
  float l[2];
  m.logits(x, l);
  return l[1] - l[0];
}

// A learner trains on rows and returns a scorer of rows (a margin per row id).
using Scorer = std::function<float(uint32_t)>;
using Learner = std::function<Scorer(const std::vector<uint32_t>&)>;

// Out-of-fold scores of cross-validation inside d.rows (fold[i] is the fold of d.rows[i]; the
// extra rows train every fold), in fold order: fold 0's rows in d.rows order, then fold 1's...
std::vector<float> oof_scores(const TrainSet& d, const std::vector<uint32_t>& fold, uint32_t folds,
                              const Learner& learn) {
  std::vector<float> out;
  for (uint32_t f = 0; f < folds; ++f) {
    std::vector<uint32_t> in;
    for (size_t i = 0; i < d.rows.size(); ++i) {
      if (fold[i] != f) in.push_back(d.rows[i]);
    }
    in.insert(in.end(), d.extra.begin(), d.extra.end());
    const Scorer score = learn(in);
    for (size_t i = 0; i < d.rows.size(); ++i) {
      if (fold[i] == f) out.push_back(score(d.rows[i]));
    }
  }
  return out;
}

// d.rows in the order of oof_scores.
std::vector<uint32_t> oof_rows(const TrainSet& d, const std::vector<uint32_t>& fold,
                               uint32_t folds) {
  std::vector<uint32_t> out;
  for (uint32_t f = 0; f < folds; ++f) {
    for (size_t i = 0; i < d.rows.size(); ++i) {
      if (fold[i] == f) out.push_back(d.rows[i]);
    }
  }
  return out;
}

// The NB-SVM on d's vectors as a learner.
Learner svm_learner(const TrainSet& d, const std::vector<int8_t>& pm,
                    const std::vector<float>& cost, const TrainOptions& o) {
  return [&d, &pm, &cost, &o](const std::vector<uint32_t>& in) -> Scorer {
    auto svm = std::make_shared<const BinarySvm>(train_ovr(d, pm, cost, in, o));
    return [svm, &xs = d.xs](uint32_t r) { return svm->margin(xs[r]); };
  };
}

// Out-of-fold scores inside d.rows: the SVM's margins and, with `loss_w`, the member's logit
// differences.
struct OutOfFold {
  std::vector<float> svm, member;
  std::vector<bool> positive;
};

OutOfFold out_of_fold(const TrainSet& d, const std::vector<int8_t>& pm,
                      const std::vector<float>& cost, const std::vector<float>* loss_w,
                      const std::vector<uint32_t>& fold, const TrainOptions& o) {
  OutOfFold oof;
  oof.svm = oof_scores(d, fold, o.cv_folds, svm_learner(d, pm, cost, o));
  if (loss_w) {
    oof.member = oof_scores(d, fold, o.cv_folds, [&](const std::vector<uint32_t>& in) -> Scorer {
      auto m = std::make_shared<const EmbeddingClassifier>(train_member(d, *loss_w, in, o));
      return [m, &xs = d.xs](uint32_t r) { return member_margin(*m, xs[r]); };
    });
  }
  for (uint32_t r : oof_rows(d, fold, o.cv_folds)) oof.positive.push_back(pm[r] > 0);
  return oof;
}

// The decision score u = svm_a x margin + member_a x member margin + offset, its threshold t and
// the Platt sigmoid through t; the final score is platt.a (u - t) + platt.b.
struct Decision {
  double svm_a = 1, member_a = 0, offset = 0;
  float t = 0;
  Platt platt;
};

// Fits the Decision on out-of-fold scores: with a member, each member's scores become log-odds
// by its own Platt sigmoid and are mixed (1 - w) : w; the threshold (two labels) maximizes the
// out-of-fold macro-F1.
Decision decide(const OutOfFold& oof, bool binary, float w) {
  Decision d;
  std::vector<float> u = oof.svm;
  if (!oof.member.empty()) {
    const Platt ps = fit_platt(oof.svm, oof.positive, 0, /*fit_intercept=*/true);
    const Platt pm = fit_platt(oof.member, oof.positive, 0, /*fit_intercept=*/true);
    d.svm_a = (1 - w) * ps.a;
    d.member_a = w * pm.a;
    d.offset = (1 - w) * ps.b + w * pm.b;
    for (size_t i = 0; i < u.size(); ++i) {
      u[i] = static_cast<float>(d.svm_a * oof.svm[i] + d.member_a * oof.member[i] + d.offset);
    }
  }
  d.t = binary ? macro_f1_threshold(u, oof.positive) : 0.0f;
  d.platt = fit_platt(u, oof.positive, d.t, /*fit_intercept=*/!binary);
  return d;
}

// Per-row loss weights (class weight x example weight; 0 outside the training rows) and SVM costs
// (C x loss weight).
struct Costs {
  std::vector<float> loss_w, cost;
};

Costs costs(const TrainSet& d, const std::vector<float>& cw, float c) {
  Costs out{std::vector<float>(d.xs.size(), 0.0f), std::vector<float>(d.xs.size(), 0.0f)};
  for (uint32_t r : with_extra(d.rows, d.extra)) {
    out.loss_w[r] = cw[static_cast<size_t>(d.y[r])] * d.w[r];
    out.cost[r] = c * out.loss_w[r];
  }
  return out;
}

// The kernel member's lifted features z of every row (dense, indices 0..D-1), for a member of
// `dim` inputs read from d.xs.
std::vector<SparseVector> lifted(const TrainSet& d, const VectorKernel& k, const TrainOptions& o) {
  FeatureHasher h(o.features);
  h.set_clusters(o.clusters);
  std::vector<SparseVector> zs(d.xs.size());
  std::vector<float> v(k.dim());
  for (uint32_t r : with_extra(d.rows, d.extra)) {
    zs[r].index.resize(k.features());
    std::iota(zs[r].index.begin(), zs[r].index.end(), 0u);
    zs[r].value.resize(k.features());
    k.input(d.xs[r], h.vector_buckets(), v.data());
    k.lift(v.data(), zs[r].value.data());
  }
  return zs;
}

// Stacked training (TrainOptions::stack_blocks, kernel), two labels: see trainer.h.
void train_stacked(const TrainSet& d, const TrainOptions& o, LinearModel& model,
                   TrainStats* stats) {
  const std::vector<uint32_t> all = with_extra(d.rows, d.extra);
  const Costs c = costs(d, class_weights(d, 2, o.class_weight_power), o.svm_c);
  std::vector<int8_t> pm(d.xs.size(), -1);
  for (uint32_t r : all) pm[r] = d.y[r] == 1 ? 1 : -1;
  const std::vector<uint32_t> fold =
      stratified_folds(d.y, d.rows, 2, o.cv_folds, o.seed ^ kCvFoldSalt);
  std::vector<const std::vector<SparseVector>*> groups;
  if (d.blocks && o.stack_joint) groups.push_back(&d.xs);
  for (size_t b = 0; d.blocks && b < kNumFeatureBlocks; ++b) {
    const auto& xs = (*d.blocks)[b];
    if (std::any_of(all.begin(), all.end(), [&](uint32_t r) { return xs[r].size() > 0; })) {
      groups.push_back(&xs);
    }
  }
  if (groups.empty()) groups.push_back(&d.xs);
  std::vector<std::vector<float>> inputs;
  std::vector<BinarySvm> svms;
  for (const std::vector<SparseVector>* xs : groups) {
    const TrainSet dg{*xs, d.y, d.w, d.rows, d.extra};
    svms.push_back(train_ovr(dg, pm, c.cost, all, o));
    inputs.push_back(oof_scores(dg, fold, o.cv_folds, svm_learner(dg, pm, c.cost, o)));
  }
  std::optional<VectorKernel> kernel;
  if (o.kernel.features > 0 && o.clusters && o.clusters->dim() > 0) {
    kernel.emplace(o.clusters->dim(), o.kernel.features, o.kernel.gamma, o.seed ^ kKernelSalt);
    const std::vector<SparseVector> zs = lifted(d, *kernel, o);
    std::vector<float> kcost = c.loss_w;
    for (float& x : kcost) x *= o.kernel.svm_c;
    const BinarySvmOptions so{.max_epochs = o.svm_max_epochs, .seed = o.seed};
    auto fit = [&](const std::vector<uint32_t>& in) {
      return train_binary_svm(zs, pm, kcost, in, {}, o.kernel.features, so);
    };
    const BinarySvm ks = fit(all);
    kernel->weights() = ks.w;
    kernel->bias() = ks.bias;
    inputs.push_back(
        oof_scores(d, fold, o.cv_folds, [&](const std::vector<uint32_t>& in) -> Scorer {
          auto svm = std::make_shared<const BinarySvm>(fit(in));
          return [svm, &zs](uint32_t r) { return svm->margin(zs[r]); };
        }));
  }
  std::vector<bool> positive;
  std::vector<float> weight;
  for (uint32_t r : oof_rows(d, fold, o.cv_folds)) {
    positive.push_back(pm[r] > 0);
    weight.push_back(c.loss_w[r]);
  }
  const std::vector<double> beta = fit_logistic(inputs, positive, weight, o.stack_l2);
  const double intercept = beta.back();
  std::vector<float> u(positive.size());
  for (size_t i = 0; i < u.size(); ++i) {
    double s = intercept;
    for (size_t k = 0; k < inputs.size(); ++k) s += beta[k] * inputs[k][i];
    u[i] = static_cast<float>(s);
  }
  const float t = macro_f1_threshold(u, positive);
  const double a = fit_platt(u, positive, t, /*fit_intercept=*/false).a;
  double bias = intercept - t;
  for (size_t g = 0; g < svms.size(); ++g) bias += beta[g] * svms[g].bias;
  for (uint32_t j = 0; j < o.features.buckets(); ++j) {
    double w = 0;
    for (size_t g = 0; g < svms.size(); ++g) w += beta[g] * svms[g].w[j];
    model.row(j)[1] = static_cast<float>(0.5 * a * w);
    model.row(j)[0] = -model.row(j)[1];
  }
  model.bias()[1] = static_cast<float>(0.5 * a * bias);
  model.bias()[0] = -model.bias()[1];
  if (kernel) model.set_kernel(std::move(*kernel), static_cast<float>(a * beta[svms.size()]));
  if (stats) stats->threshold = t;
}

void train_svm(const TrainSet& d, const TrainOptions& o, LinearModel& model, TrainStats* stats) {
  const size_t k = model.num_labels();
  const bool binary = k == 2;
  if (binary && (o.stack_blocks || o.kernel.features > 0)) {
    train_stacked(d, o, model, stats);
    return;
  }
  const std::vector<float> cw = class_weights(d, k, o.class_weight_power);
  const std::vector<uint32_t> all = with_extra(d.rows, d.extra);
  const Costs c = costs(d, cw, o.svm_c);
  const std::vector<float>& cost = c.cost;
  const std::vector<float>& loss_w = c.loss_w;
  std::vector<uint32_t> fold;
  if (o.cv_folds >= 2) fold = stratified_folds(d.y, d.rows, k, o.cv_folds, o.seed ^ kCvFoldSalt);
  const bool with_member = ensemble(o, binary);
  const uint32_t buckets = o.features.buckets();
  for (size_t c = binary ? 1 : 0; c < k; ++c) {
    std::vector<int8_t> pm(d.xs.size(), -1);
    for (uint32_t r : all) pm[r] = d.y[r] == static_cast<int>(c) ? 1 : -1;
    BinarySvm svm = train_ovr(d, pm, cost, all, o);
    fold_aux(o, &svm);
    Decision dec;
    if (!fold.empty()) {
      dec = decide(out_of_fold(d, pm, cost, with_member ? &loss_w : nullptr, fold, o), binary,
                   o.ensemble_weight);
    }
    // score_c = a (svm_a margin + member_a member + offset - t) + b; two labels split the linear
    // part as -s/2, +s/2 (the member's two logits differ by its margin already).
    const double a = dec.platt.a;
    const float wa = static_cast<float>(a * dec.svm_a);
    const float bias =
        static_cast<float>(a * (dec.svm_a * svm.bias + dec.offset - dec.t) + dec.platt.b);
    const float half = binary ? 0.5f : 1.0f;
    for (uint32_t j = 0; j < buckets; ++j) {
      model.row(j)[c] = half * wa * svm.w[j];
      if (binary) model.row(j)[0] = -model.row(j)[c];
    }
    model.bias()[c] = half * bias;
    if (binary) model.bias()[0] = -model.bias()[c];
    if (with_member) {
      model.set_member(train_member(d, loss_w, all, o), static_cast<float>(a * dec.member_a));
    }
    if (stats && binary) stats->threshold = dec.t;
  }
}

Extracted extract_all(const TrainOptions& o, const std::vector<std::string>& t) {
  FeatureHasher h(o.features);
  h.set_clusters(o.clusters);
  Extracted e;
  e.xs.reserve(t.size());
  for (const std::string& s : t) {
    if (!o.stack_blocks) {
      e.xs.push_back(h.extract(s));
      continue;
    }
    FeatureBlocks b = h.extract_blocks(s);
    e.xs.push_back(sum_blocks(b));
    for (size_t k = 0; k < kNumFeatureBlocks; ++k) e.blocks[k].push_back(std::move(b[k]));
  }
  return e;
}

std::vector<uint32_t> row_range(size_t begin, size_t end) {
  std::vector<uint32_t> rows(end - begin);
  std::iota(rows.begin(), rows.end(), static_cast<uint32_t>(begin));
  return rows;
}

// Trains a model on xs[rows] and the data's extra rows (vectors without IDF; an IDF table is
// fitted on the training rows).
LinearModel train_rows(const Extracted& e, const Dataset& data, const std::vector<uint32_t>& rows,
                       const TrainOptions& o, const std::function<void(uint32_t, double)>& on_epoch,
                       TrainStats* stats) {
  const std::vector<SparseVector>& raw_xs = e.xs;
  LinearModel model(o.features, data.labels);
  model.mutable_hasher().set_clusters(o.clusters);
  const std::vector<uint32_t> extra = row_range(data.primary_size(), data.size());
  std::vector<float> w(data.size());
  for (size_t i = 0; i < w.size(); ++i) w[i] = data.weight_of(i);
  std::vector<SparseVector> idf_xs;
  if (o.features.idf) {
    std::vector<SparseVector> subset;
    const std::vector<uint32_t> all = with_extra(rows, extra);
    for (uint32_t r : all) subset.push_back(raw_xs[r]);
    model.mutable_hasher().fit_idf(subset);
    idf_xs = raw_xs;
    for (uint32_t r : all) model.hasher().apply_idf(&idf_xs[r]);
  }
  std::vector<SparseVector> aux_xs;
  if (!o.aux_models.empty()) aux_xs = with_aux(o.features.idf ? idf_xs : raw_xs, o);
  const TrainSet d{!aux_xs.empty()  ? aux_xs
                   : o.features.idf ? idf_xs
                                    : raw_xs,
                   data.y,
                   w,
                   rows,
                   extra,
                   o.stack_blocks ? &e.blocks : nullptr};
  if (o.solver == Solver::kSvm) {
    train_svm(d, o, model, stats);
  } else {
    train_sgd(d, o, on_epoch, model, stats);
  }
  return model;
}

// The options train_model really uses for `data` (see svm_multiclass), with word clusters learned
// from the training texts when the cluster block needs them and none were given.
Result<TrainOptions> effective(const TrainOptions& options, const Dataset& data) {
  TrainOptions o = options;
  if (o.solver == Solver::kSvm && data.labels.size() > 2 && !o.svm_multiclass) {
    o.solver = Solver::kSoftmaxSgd;
    FeatureConfig& f = o.features;
    f.tweet_normalize = f.char_across_words = f.block_normalize = f.cluster_bigrams = false;
    f.cluster_weight = f.vector_weight = f.shape_weight = 0;
    f.vector_max_pool = false;
    o.clusters = nullptr;
    o.stack_blocks = false;
    o.kernel.features = 0;
  }
  if (!o.clusters) {
    CHORUS_ASSIGN_OR_RETURN(o.clusters, learn_clusters_for(o, data.texts));
  }
  for (const auto& a : o.aux_models) {
    if (!a || a->num_labels() != 2 || data.labels.size() != 2 || o.solver != Solver::kSvm ||
        a->member() || !(a->config() == o.features) || a->hasher().clusters() != o.clusters) {
      return invalid_argument(
          "an aux model needs two labels, no member, this model's feature configuration and "
          "clusters, and a two-label SVM model to join");
    }
  }
  if (!(o.aux_scale > 0 && o.aux_scale <= 10)) {
    return invalid_argument("aux_scale must be in (0, 10]");
  }
  return o;
}

}  // namespace

Result<LinearModel> train_model(const Dataset& data, const TrainOptions& options, TrainStats* stats,
                                const std::function<void(uint32_t, double)>& on_epoch, Env* env) {
  CHORUS_RETURN_IF_ERROR(check(data, options));
  auto now = [env] { return env ? env->monotonic_ns() : 0; };
  const int64_t t0 = now();
  CHORUS_ASSIGN_OR_RETURN(const TrainOptions o, effective(options, data));
  CHORUS_RETURN_IF_ERROR(check(data, o));
  const Extracted e = extract_all(o, data.texts);
  const int64_t t1 = now();
  LinearModel model = train_rows(e, data, row_range(0, data.primary_size()), o, on_epoch, stats);
  if (stats) {
    stats->seconds_features = static_cast<double>(t1 - t0) * 1e-9;
    stats->seconds_sgd = static_cast<double>(now() - t1) * 1e-9;
  }
  return model;
}

Result<std::shared_ptr<const WordClusters>> learn_clusters_for(
    const TrainOptions& options, const std::vector<std::string>& texts) {
  const FeatureConfig& f = options.features;
  if (!(f.cluster_weight > 0) && !(f.vector_weight > 0)) {
    return std::shared_ptr<const WordClusters>();
  }
  WordClusterOptions co = options.cluster_options;
  co.keep_vectors |= f.vector_weight > 0;
  CHORUS_ASSIGN_OR_RETURN(WordClusters c, learn_word_clusters(texts, co));
  return std::make_shared<const WordClusters>(std::move(c));
}

Result<std::vector<int>> cross_validate(const Dataset& data, const TrainOptions& options,
                                        uint32_t folds, uint64_t seed) {
  CHORUS_RETURN_IF_ERROR(check(data, options));
  if (folds < 2 || folds > data.primary_size()) {
    return invalid_argument("folds must be 2..examples");
  }
  CHORUS_ASSIGN_OR_RETURN(const TrainOptions o, effective(options, data));
  CHORUS_RETURN_IF_ERROR(check(data, o));
  const Extracted e = extract_all(o, data.texts);
  const std::vector<SparseVector>& xs = e.xs;
  const std::vector<uint32_t> rows = row_range(0, data.primary_size());
  const std::vector<uint32_t> fold =
      stratified_folds(data.y, rows, data.labels.size(), folds, seed);
  std::vector<int> predicted(data.primary_size(), 0);
  for (uint32_t f = 0; f < folds; ++f) {
    std::vector<uint32_t> in;
    for (uint32_t r : rows) {
      if (fold[r] != f) in.push_back(r);
    }
    const LinearModel m = train_rows(e, data, in, o, {}, nullptr);
    for (uint32_t r : rows) {
      if (fold[r] != f) continue;
      SparseVector x = xs[r];
      if (o.features.idf) m.hasher().apply_idf(&x);
      const std::vector<float> p = m.predict(x);
      predicted[r] = static_cast<int>(std::max_element(p.begin(), p.end()) - p.begin());
    }
  }
  return predicted;
}

}  // namespace chorus::trust
