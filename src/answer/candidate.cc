#include "answer/candidate.h"

#include <algorithm>

#include "text/analyzer.h"

namespace chorus::answer {

double jaccard(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  if (a.empty() && b.empty()) return 0;
  size_t i = 0, j = 0, shared = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i] == b[j]) {
      ++shared, ++i, ++j;
    } else if (a[i] < b[j]) {
      ++i;
    } else {
      ++j;
    }
  }
  return static_cast<double>(shared) / static_cast<double>(a.size() + b.size() - shared);
}

std::vector<std::string> similarity_terms(std::string_view text) {
  static const text::Analyzer analyzer(text::AnalyzerOptions{.stem = true, .drop_stopwords = true});
  std::vector<std::string> t = analyzer.terms(text);
  std::sort(t.begin(), t.end());
  t.erase(std::unique(t.begin(), t.end()), t.end());
  return t;
}

}  // namespace chorus::answer
