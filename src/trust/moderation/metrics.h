// Classification metrics: per-class precision/recall/F1, macro and support-weighted F1, accuracy.
// A class with no predictions has precision 0; with no examples, recall 0 (F1 0 either way).
#pragma once

#include <string>
#include <vector>

namespace chorus::trust {

struct ClassMetrics {
  std::string label;
  double precision = 0, recall = 0, f1 = 0;
  size_t support = 0;  // examples whose true label is this class
};

struct Metrics {
  std::vector<ClassMetrics> classes;
  double macro_f1 = 0;
  double weighted_f1 = 0;
  double accuracy = 0;
  size_t n = 0;
};

// `truth` and `predicted` have equal length; ids index `labels`.
Metrics compute_metrics(const std::vector<std::string>& labels, const std::vector<int>& truth,
                        const std::vector<int>& predicted);

}  // namespace chorus::trust
