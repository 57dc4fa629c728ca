#include "trust/moderation/calibration.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "base/random.h"

namespace chorus::trust {

std::vector<uint32_t> stratified_folds(const std::vector<int>& y, const std::vector<uint32_t>& rows,
                                       size_t num_labels, uint32_t folds, uint64_t seed) {
  std::vector<uint32_t> fold(rows.size(), 0);
  if (folds == 0) return fold;
  std::vector<std::vector<size_t>> by_label(num_labels);
  for (size_t i = 0; i < rows.size(); ++i) by_label[static_cast<size_t>(y[rows[i]])].push_back(i);
  Rng rng(seed);
  uint32_t next = 0;  // continue the deal across labels so that fold sizes stay even
  for (std::vector<size_t>& members : by_label) {
    for (size_t i = members.size(); i > 1; --i) std::swap(members[i - 1], members[rng.below(i)]);
    for (size_t i : members) {
      fold[i] = next;
      next = (next + 1) % folds;
    }
  }
  return fold;
}

float macro_f1_threshold(const std::vector<float>& margin, const std::vector<bool>& positive) {
  const size_t n = margin.size();
  if (n == 0) return 0;
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return margin[a] != margin[b] ? margin[a] > margin[b] : a < b;
  });
  const double pos = static_cast<double>(std::count(positive.begin(), positive.end(), true));
  const double neg = static_cast<double>(n) - pos;
  auto macro = [&](double tp, double fp) {
    const double fn = pos - tp, tn = neg - fp;
    const double f_pos = tp > 0 ? 2 * tp / (2 * tp + fp + fn) : 0;
    const double f_neg = tn > 0 ? 2 * tn / (2 * tn + fn + fp) : 0;
    return (f_pos + f_neg) / 2;
  };
  // Cut c predicts the c highest margins positive; only cuts between distinct margins count.
  std::vector<double> score(n + 1, -1);
  score[0] = macro(0, 0);
  double tp = 0, fp = 0;
  for (size_t c = 1; c <= n; ++c) {
    (positive[order[c - 1]] ? tp : fp) += 1;
    if (c == n || margin[order[c]] != margin[order[c - 1]]) score[c] = macro(tp, fp);
  }
  const double best = *std::max_element(score.begin(), score.end());
  std::vector<size_t> best_cuts;
  for (size_t c = 0; c <= n; ++c) {
    if (score[c] >= best - 1e-12) best_cuts.push_back(c);
  }
  const size_t c = best_cuts[best_cuts.size() / 2];
  if (c == 0) return margin[order[0]] + 1.0f;
  if (c == n) return margin[order[n - 1]] - 1.0f;
  return 0.5f * (margin[order[c - 1]] + margin[order[c]]);
}

Platt fit_platt(const std::vector<float>& margin, const std::vector<bool>& positive, float t,
                bool fit_intercept) {
  Platt p;
  for (int iter = 0; iter < 50; ++iter) {
    // Gradient and Hessian of the mean negative log-likelihood in (a, b).
    double ga = 0, gb = 0, haa = 1e-9, hab = 0, hbb = 1e-9;
    for (size_t i = 0; i < margin.size(); ++i) {
      const double x = static_cast<double>(margin[i]) - t;
      const double q = 1 / (1 + std::exp(-(p.a * x + p.b)));
      const double r = q - (positive[i] ? 1.0 : 0.0);
      const double h = q * (1 - q);
      ga += r * x;
      gb += r;
      haa += h * x * x;
      hab += h * x;
      hbb += h;
    }
    double da, db = 0;
    if (fit_intercept) {
      const double det = haa * hbb - hab * hab;
      if (!(std::fabs(det) > 1e-12)) break;
      da = (hbb * ga - hab * gb) / det;
      db = (haa * gb - hab * ga) / det;
    } else {
      da = ga / haa;
    }
    p.a -= da;
    p.b -= db;
    if (!std::isfinite(p.a) || !std::isfinite(p.b)) return Platt{};
    p.a = std::clamp(p.a, 1e-3, 1e3);  // keep the margin's direction; separable data diverge
    p.b = std::clamp(p.b, -50.0, 50.0);
    if (std::fabs(da) < 1e-7 && std::fabs(db) < 1e-7) break;
  }
  return p;
}

namespace {

// Solves A z = g (n x n, symmetric positive definite, row-major) by Gaussian elimination with
// partial pivoting; false when singular.
bool solve(std::vector<double> a, std::vector<double> g, size_t n, std::vector<double>* z) {
  for (size_t c = 0; c < n; ++c) {
    size_t p = c;
    for (size_t r = c + 1; r < n; ++r) {
      if (std::fabs(a[r * n + c]) > std::fabs(a[p * n + c])) p = r;
    }
    if (!(std::fabs(a[p * n + c]) > 1e-12)) return false;
    for (size_t j = 0; j < n; ++j) std::swap(a[c * n + j], a[p * n + j]);
    std::swap(g[c], g[p]);
    for (size_t r = c + 1; r < n; ++r) {
      const double f = a[r * n + c] / a[c * n + c];
      for (size_t j = c; j < n; ++j) a[r * n + j] -= f * a[c * n + j];
      g[r] -= f * g[c];
    }
  }
  z->assign(n, 0);
  for (size_t c = n; c-- > 0;) {
    double s = g[c];
    for (size_t j = c + 1; j < n; ++j) s -= a[c * n + j] * (*z)[j];
    (*z)[c] = s / a[c * n + c];
  }
  return true;
}

}  // namespace

std::vector<double> fit_logistic(const std::vector<std::vector<float>>& x,
                                 const std::vector<bool>& positive,
                                 const std::vector<float>& weight, double l2) {
  const size_t k = x.size(), n = positive.size(), p = k + 1;
  std::vector<double> beta(p, 0);
  double total = 0;
  for (size_t i = 0; i < n; ++i) total += weight[i];
  if (n == 0 || !(total > 0)) return beta;
  std::vector<double> row(p);
  for (int iter = 0; iter < 50; ++iter) {
    std::vector<double> g(p, 0), h(p * p, 0);
    for (size_t i = 0; i < n; ++i) {
      for (size_t j = 0; j < k; ++j) row[j] = x[j][i];
      row[k] = 1;
      double s = 0;
      for (size_t j = 0; j < p; ++j) s += beta[j] * row[j];
      const double q = 1 / (1 + std::exp(-s));
      const double w = weight[i] / total;
      const double r = w * (q - (positive[i] ? 1.0 : 0.0)), c = w * q * (1 - q);
      for (size_t a = 0; a < p; ++a) {
        g[a] += r * row[a];
        for (size_t b = 0; b < p; ++b) h[a * p + b] += c * row[a] * row[b];
      }
    }
    for (size_t j = 0; j < k; ++j) {
      g[j] += l2 * beta[j];
      h[j * p + j] += l2;
    }
    std::vector<double> step;
    if (!solve(h, g, p, &step)) break;
    double largest = 0;
    for (size_t j = 0; j < p; ++j) {
      beta[j] -= step[j];
      largest = std::max(largest, std::fabs(step[j]));
    }
    if (!(largest > 1e-9)) break;
  }
  for (double& b : beta) {
    if (!std::isfinite(b)) b = 0;
  }
  return beta;
}

}  // namespace chorus::trust
