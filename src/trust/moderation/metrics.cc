#include "trust/moderation/metrics.h"

namespace chorus::trust {

Metrics compute_metrics(const std::vector<std::string>& labels, const std::vector<int>& truth,
                        const std::vector<int>& predicted) {
  const size_t k = labels.size();
  std::vector<size_t> tp(k, 0), pred_count(k, 0), true_count(k, 0);
  Metrics m;
  m.n = truth.size();
  size_t correct = 0;
  for (size_t i = 0; i < truth.size() && i < predicted.size(); ++i) {
    ++true_count[truth[i]];
    ++pred_count[predicted[i]];
    if (truth[i] == predicted[i]) {
      ++tp[truth[i]];
      ++correct;
    }
  }
  for (size_t c = 0; c < k; ++c) {
    ClassMetrics cm;
    cm.label = labels[c];
    cm.support = true_count[c];
    cm.precision = pred_count[c] ? static_cast<double>(tp[c]) / pred_count[c] : 0.0;
    cm.recall = true_count[c] ? static_cast<double>(tp[c]) / true_count[c] : 0.0;
    const double s = cm.precision + cm.recall;
    cm.f1 = s > 0 ? 2 * cm.precision * cm.recall / s : 0.0;
    m.macro_f1 += cm.f1 / static_cast<double>(k);
    if (m.n) m.weighted_f1 += cm.f1 * static_cast<double>(cm.support) / static_cast<double>(m.n);
    m.classes.push_back(cm);
  }
  m.accuracy = m.n ? static_cast<double>(correct) / static_cast<double>(m.n) : 0.0;
  return m;
}

}  // namespace chorus::trust
