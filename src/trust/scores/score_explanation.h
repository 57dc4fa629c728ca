// ScoreExplanation: a score in [0, 1] computed as the logistic of a weighted sum of signals, kept
// with its terms so that `chorus trust why` can print every input, signal, weight and share.
//
//   value = 1 / (1 + exp(-(bias + sum_i weight_i * signal_i)))
//
// Signals are in [0, 1]; inputs are the raw figures they came from (days, followers, posts per
// hour, ...), in the unit the term's name states.
#pragma once

#include <array>
#include <cstdlib>
#include <string>
#include <string_view>

namespace chorus::trust {

struct ScoreTerm {
  std::string_view name;  // static string, e.g. "age_days"
  double input = 0;       // raw figure
  double signal = 0;      // in [0, 1]
  double weight = 0;
  double contribution() const { return weight * signal; }
};

// The terms of one score, held inline (a score is computed per post at ingest: no allocation).
class ScoreTerms {
 public:
  static constexpr size_t kMax = 12;  // terms a score may have
  // Contract: at most kMax terms (scores are fixed formulas; a violation is a bug).
  void push_back(const ScoreTerm& t) {
    if (size_ == kMax) std::abort();
    items_[size_++] = t;
  }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const ScoreTerm* begin() const { return items_.data(); }
  const ScoreTerm* end() const { return items_.data() + size_; }
  const ScoreTerm& operator[](size_t i) const { return items_[i]; }
  const ScoreTerm& front() const { return items_[0]; }
  const ScoreTerm& back() const { return items_[size_ - 1]; }

 private:
  std::array<ScoreTerm, kMax> items_{};
  size_t size_ = 0;
};

struct ScoreExplanation {
  std::string_view score;  // "credibility", "bot", "campaign"
  double bias = 0;
  ScoreTerms terms;
  double value = 0;  // filled by finish()

  void add(std::string_view name, double input, double signal, double weight) {
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
