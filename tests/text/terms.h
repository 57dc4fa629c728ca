// Helpers shared by the analyzer tests: the search terms of a text, stemmed or not.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "text/analyzer.h"

namespace chorus::text {

inline std::vector<std::string> terms(std::string_view text, AnalyzerOptions options = {}) {
  return Analyzer(options).terms(text);
}

inline std::vector<std::string> unstemmed(std::string_view text) {
  AnalyzerOptions o;
  o.stem = false;
  return terms(text, o);
}

}  // namespace chorus::text
