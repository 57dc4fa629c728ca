#include "trust/moderation/trainer.h"

#include <cmath>
#include <numeric>

#include "base/random.h"

namespace chorus::trust {
namespace {

std::vector<float> class_weights(const Dataset& data, float power) {
  const size_t k = data.labels.size();
  std::vector<double> count(k, 0);
  for (int y : data.y) count[y] += 1;
  std::vector<float> w(k, 1.0f);
  for (size_t c = 0; c < k; ++c) {
    if (count[c] == 0) continue;
    const double balanced = static_cast<double>(data.size()) / (static_cast<double>(k) * count[c]);
    w[c] = static_cast<float>(std::pow(balanced, power));
  }
  return w;
}

Status check(const Dataset& data, const TrainOptions& o) {
  if (data.size() == 0) return invalid_argument("no training examples");
  if (data.labels.size() < 2) return invalid_argument("training needs at least two labels");
  if (data.y.size() != data.texts.size()) return internal_error("dataset texts/labels differ");
  for (size_t i = 0; i < data.size(); ++i) {
    if (data.y[i] < 0 || data.y[i] >= static_cast<int>(data.labels.size())) {
      return invalid_argument("example " + std::to_string(i) + " has label id " +
                              std::to_string(data.y[i]) + " out of range");
    }
  }
  if (o.features.hash_bits < 16 || o.features.hash_bits > 24) {
    return invalid_argument("hash_bits must be 16..24");
  }
  if (o.epochs == 0 || !(o.learning_rate > 0) || !(o.l2 >= 0)) {
    return invalid_argument("epochs, learning_rate must be positive and l2 non-negative");
  }
  return Status::ok();
}

// One AdaGrad step on one example; returns its weighted loss.
double step(LinearModel& m, std::vector<float>& g2, std::vector<float>& bias_g2,
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

}  // namespace

Result<LinearModel> train_model(const Dataset& data, const TrainOptions& o, TrainStats* stats,
                                const std::function<void(uint32_t, double)>& on_epoch, Env* env) {
  CHORUS_RETURN_IF_ERROR(check(data, o));
  auto now = [env] { return env ? env->monotonic_ns() : 0; };
  LinearModel model(o.features, data.labels);
  const size_t k = model.num_labels();
  const int64_t t0 = now();
  std::vector<SparseVector> xs;
  xs.reserve(data.size());
  for (const std::string& t : data.texts) xs.push_back(model.hasher().extract(t));
  if (o.features.idf) {
    model.mutable_hasher().fit_idf(xs);
    for (SparseVector& x : xs) model.hasher().apply_idf(&x);
  }
  const int64_t t1 = now();
  const std::vector<float> cw = class_weights(data, o.class_weight_power);
  std::vector<float> g2(static_cast<size_t>(o.features.buckets()) * k, 0.0f);
  std::vector<float> bias_g2(k, 0.0f), p(k);
  std::vector<size_t> order(data.size());
  std::iota(order.begin(), order.end(), 0);
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
    for (size_t i : order) {
      epoch_loss += step(model, g2, bias_g2, xs[i], data.y[i], cw[data.y[i]], o, p.data());
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
  if (stats) {
    stats->seconds_features = static_cast<double>(t1 - t0) * 1e-9;
    stats->seconds_sgd = static_cast<double>(now() - t1) * 1e-9;
    stats->last_epoch_loss = epoch_loss;
  }
  return model;
}

}  // namespace chorus::trust
