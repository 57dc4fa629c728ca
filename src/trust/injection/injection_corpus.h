// The labelled injection corpus (data/injection/corpus.tsv) and the detector's measurement on it.
//
// File: UTF-8 TSV `label<TAB>lang<TAB>text`, label "injection" or "benign"; lines starting with
// '#' and blank lines are skipped; the two characters "\n" in a text stand for a line break.
// The corpus is split by data-line index: even indices (0, 2, ...) are the tuning half, odd ones
// the held-out half. Errors name the file and line.
#pragma once

#include <string>
#include <vector>

#include "base/env.h"
#include "base/status.h"
#include "trust/injection/injection_detector.h"

namespace chorus::trust {

struct InjectionExample {
  bool injection = false;
  std::string lang;
  std::string text;
  size_t line = 0;   // 1-based line in the file
  size_t index = 0;  // 0-based index among data lines
};

enum class CorpusHalf { kTune, kHeldOut, kAll };

struct InjectionEval {
  size_t tp = 0, fp = 0, tn = 0, fn = 0;
  double precision = 0, recall = 0, f1 = 0;
  std::vector<const InjectionExample*> false_positives, false_negatives;
};

Result<std::vector<InjectionExample>> parse_injection_corpus(std::string_view tsv,
                                                             std::string_view source);
Result<std::vector<InjectionExample>> load_injection_corpus(Env* env, const std::string& path);

// Runs the detector over the chosen half; pointers in the result point into `corpus`.
InjectionEval evaluate_injection(const InjectionDetector& detector,
                                 const std::vector<InjectionExample>& corpus, CorpusHalf half);

}  // namespace chorus::trust
