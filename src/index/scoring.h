// Ranking formulas shared by the searcher, the segments' score bounds and the tests.
//
//   score(d, q) = sum over query terms t in d of idf(t) * tf_norm(tf, dl)
//                 x recency(d) x engagement_factor(d) x credibility(d)
//   idf(t)          = ln(1 + (N - df + 0.5) / (df + 0.5))        N, df over the whole index
//   tf_norm(tf, dl) = tf (k1 + 1) / (tf + k1 (1 - b + b dl / avgdl))   (BM25)
//   recency(d)      = 0.5 ^ (age / half_life), age = max(0, now - created_at) in ms
//   engagement(d)   = 1 + ln(1 + engagement) / kEngagementScale
// tf_norm grows with tf and shrinks with dl, recency grows with created_at and the other factors
// with their inputs, so maxima of the inputs give upper bounds of the score.
#pragma once

#include <cmath>
#include <cstdint>

#include "index/doc_meta.h"

namespace chorus::index {

// A post with engagement e^8 - 1 (~3000) scores twice one without any.
inline constexpr double kEngagementScale = 8.0;

struct ScoreParams {
  double k1 = 1.2;
  double b = 0.75;
  double avgdl = 1.0;  // average doc length over the index, > 0
  double half_life_ms = 6 * 3'600'000.0;
  int64_t now_ms = 0;
};

inline double idf(uint64_t n_docs, uint64_t df) {
  double n = static_cast<double>(n_docs), d = static_cast<double>(df);
  return std::log(1.0 + (n - d + 0.5) / (d + 0.5));
}

inline double tf_norm(uint32_t tf, uint32_t dl, const ScoreParams& p) {
  double t = tf;
  return t * (p.k1 + 1.0) / (t + p.k1 * (1.0 - p.b + p.b * dl / p.avgdl));
}

inline double recency(int64_t created_at_ms, const ScoreParams& p) {
  int64_t age = p.now_ms - created_at_ms;
  if (age <= 0) return 1.0;
  return std::exp2(-static_cast<double>(age) / p.half_life_ms);
}

inline double engagement_factor(uint32_t engagement) {
  return 1.0 + std::log1p(static_cast<double>(engagement)) / kEngagementScale;
}

// The query-independent part that does not depend on time: engagement x credibility.
inline double static_factor(const DocMeta& m) {
  return engagement_factor(m.engagement) * static_cast<double>(m.credibility);
}

// The smallest float >= x (for bounds stored as floats).
inline float float_at_least(double x) {
  float f = static_cast<float>(x);
  return static_cast<double>(f) < x ? std::nextafter(f, HUGE_VALF) : f;
}

inline double doc_factor(const DocMeta& m, const ScoreParams& p) {
  return static_factor(m) * recency(m.created_at_ms, p);
}

}  // namespace chorus::index
