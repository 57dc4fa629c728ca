// ScoreExplanation: a score in [0, 1] computed as the logistic of a weighted sum of signals, kept
// with its terms so that `chorus trust why` can print every input, signal, weight and share.
//
//   value = 1 / (1 + exp(-(bias + sum_i weight_i * signal_i)))
//
// Signals are in [0, 1]; inputs are the raw figures they came from (days, followers, posts per
// hour, ...), in the unit the term's name states.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace chorus::trust {

struct ScoreTerm {
  std::string_view name;  // static string, e.g. "age_days"
  double input = 0;       // raw figure
  double signal = 0;      // in [0, 1]
  double weight = 0;
  double contribution() const { return weight * signal; }
};

struct ScoreExplanation {
  std::string_view score;  // "credibility", "bot", "campaign"
  double bias = 0;
  std::vector<ScoreTerm> terms;
  double value = 0;  // filled by finish()

  void add(std::string_view name, double input, double signal, double weight) {
    if (terms.empty()) terms.reserve(12);  // scores have at most 12 terms: one allocation
    terms.push_back({name, input, signal, weight});
  }
  // Computes value from bias and terms; returns it.
  double finish();
  // {"score":..,"value":..,"bias":..,"terms":[{"name","input","signal","weight","contribution"}]}
  std::string to_json() const;
  // One line per term: "  name  input=..  signal=..  x weight=..  -> +.."
  std::string to_text() const;
};

double logistic(double x);
double clamp01(double x);

}  // namespace chorus::trust
