#include "trust/scores/score_explanation.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace chorus::trust {

double logistic(double x) {
  return 1.0 / (1.0 + std::exp(-x));
}

double clamp01(double x) {
  return std::isnan(x) ? 0.0 : std::clamp(x, 0.0, 1.0);
}

double ScoreExplanation::finish() {
  double z = bias;
  for (const ScoreTerm& t : terms) z += t.contribution();
  value = logistic(z);
  return value;
}

namespace {

std::string fmt_double(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", std::isfinite(v) ? v : 0.0);
  return buf;
}

}  // namespace

std::string ScoreExplanation::to_json() const {
  std::string out = "{\"score\":\"" + std::string(score) + "\",\"value\":" + fmt_double(value) +
                    ",\"bias\":" + fmt_double(bias) + ",\"terms\":[";
  for (size_t i = 0; i < terms.size(); ++i) {
    const ScoreTerm& t = terms[i];
    out += (i ? ",{\"name\":\"" : "{\"name\":\"") + std::string(t.name) +
           "\",\"input\":" + fmt_double(t.input) + ",\"signal\":" + fmt_double(t.signal) +
           ",\"weight\":" + fmt_double(t.weight) +
           ",\"contribution\":" + fmt_double(t.contribution()) + "}";
  }
  return out + "]}";
}

std::string ScoreExplanation::to_text() const {
  char line[160];
  std::snprintf(line, sizeof line, "%s = %.3f  (logistic of bias %+.2f plus:)\n",
                std::string(score).c_str(), value, bias);
  std::string out = line;
  for (const ScoreTerm& t : terms) {
    std::snprintf(line, sizeof line,
                  "  %-18s input=%-10.4g signal=%.3f  x weight %+.2f  -> %+.3f\n",
                  std::string(t.name).c_str(), t.input, t.signal, t.weight, t.contribution());
    out += line;
  }
  return out;
}

}  // namespace chorus::trust
