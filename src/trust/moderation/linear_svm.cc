#include "trust/moderation/linear_svm.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "base/random.h"

namespace chorus::trust {

BinarySvm train_binary_svm(const std::vector<SparseVector>& xs, const std::vector<int8_t>& y,
                           const std::vector<float>& cost, const std::vector<uint32_t>& rows,
                           const std::vector<float>& scale, uint32_t buckets,
                           const BinarySvmOptions& o) {
  const bool scaled = !scale.empty();
  auto s = [&](uint32_t j) { return scaled ? scale[j] : 1.0f; };
  std::vector<double> w(buckets, 0.0);
  double b = 0;
  const size_t n = rows.size();
  std::vector<double> alpha(n, 0.0), diag(n), qd(n);
  for (size_t i = 0; i < n; ++i) {
    const SparseVector& x = xs[rows[i]];
    diag[i] = 0.5 / cost[rows[i]];
    double q = 1.0 + diag[i];  // the bias feature contributes 1
    for (size_t t = 0; t < x.size(); ++t) {
      const double v = static_cast<double>(x.value[t]) * s(x.index[t]);
      q += v * v;
    }
    qd[i] = q;
  }
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  Rng rng(o.seed);
  for (uint32_t epoch = 0; epoch < o.max_epochs; ++epoch) {
    for (size_t i = n; i > 1; --i) std::swap(order[i - 1], order[rng.below(i)]);
    double pg_max = -std::numeric_limits<double>::infinity();
    double pg_min = std::numeric_limits<double>::infinity();
    for (size_t i : order) {
      const SparseVector& x = xs[rows[i]];
      const double yi = y[rows[i]];
      double m = b;
      for (size_t t = 0; t < x.size(); ++t) m += w[x.index[t]] * x.value[t] * s(x.index[t]);
      const double g = yi * m - 1.0 + diag[i] * alpha[i];
      const double pg = alpha[i] == 0 ? std::min(g, 0.0) : g;
      pg_max = std::max(pg_max, pg);
      pg_min = std::min(pg_min, pg);
      if (std::fabs(pg) < 1e-12) continue;
      const double old = alpha[i];
      alpha[i] = std::max(old - g / qd[i], 0.0);
      const double d = (alpha[i] - old) * yi;
      for (size_t t = 0; t < x.size(); ++t) {
        w[x.index[t]] += d * x.value[t] * s(x.index[t]);
      }
      b += d;
    }
    if (n == 0 || pg_max - pg_min <= o.tolerance) break;
  }
  BinarySvm out;
  out.w.resize(buckets);
  for (uint32_t j = 0; j < buckets; ++j) out.w[j] = static_cast<float>(w[j] * s(j));
  out.bias = static_cast<float>(b);
  return out;
}

std::vector<float> nb_log_ratios(const std::vector<SparseVector>& xs, const std::vector<int8_t>& y,
                                 const std::vector<uint32_t>& rows, uint32_t buckets, float alpha) {
  std::vector<double> p(buckets, alpha), q(buckets, alpha);
  for (uint32_t r : rows) {
    std::vector<double>& counts = y[r] > 0 ? p : q;
    for (uint32_t j : xs[r].index) counts[j] += 1;
  }
  const double p_sum = std::accumulate(p.begin(), p.end(), 0.0);
  const double q_sum = std::accumulate(q.begin(), q.end(), 0.0);
  std::vector<float> ratio(buckets);
  for (uint32_t j = 0; j < buckets; ++j) {
    ratio[j] = static_cast<float>(std::log(p[j] / p_sum) - std::log(q[j] / q_sum));
  }
  return ratio;
}

std::vector<float> nb_scale(const std::vector<float>& ratios, float power) {
  std::vector<float> scale(ratios.size());
  for (size_t j = 0; j < ratios.size(); ++j) scale[j] = std::pow(std::fabs(ratios[j]), power);
  return scale;
}

}  // namespace chorus::trust
