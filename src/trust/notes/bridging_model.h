// BridgingModel: Community-Notes-style scoring of notes by agreement across viewpoints.
//
// Model (1-D factors): rating(u, n) ~ mu + i_u + i_n + f_u * f_n, fitted to the ratings by
// regularized least squares, the penalty written per rating as in the Community Notes paper:
//   sum over ratings (u, n) of  (r - mu - i_u - i_n - f_u f_n)^2
//                             + lambda_i (mu^2 + i_u^2 + i_n^2) + lambda_f (f_u^2 + f_n^2)
// Intercepts are penalized 5x more than factors (0.15 vs 0.03 by default), so agreement that
// the viewpoint factor f_u * f_n can explain (one side likes, the other does not) goes into the
// factors, and only help found across viewpoints raises the note's intercept i_n.
// Fitting: alternating exact minimization (each note's (i_n, f_n) and each rater's (i_u, f_u)
// is a 2x2 ridge solve with the other side fixed; then mu), from small seeded random factors,
// until the largest change is below `tolerance` or `max_iterations`.
//
// Status of a note: needs_more_ratings with fewer than min_ratings ratings; helpful when
// i_n >= helpful_intercept; not_helpful when i_n < not_helpful_base - not_helpful_slope * |f_n|;
// otherwise needs_more_ratings.
// Thread-safety: fit() builds a new immutable result; results may be read from any thread.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/status.h"
#include "trust/notes/notes.h"

namespace chorus::trust {

struct BridgingOptions {
  double lambda_intercept = 0.15;
  double lambda_factor = 0.03;
  int max_iterations = 200;
  double tolerance = 1e-6;
  uint64_t seed = 7;
  size_t min_ratings = 5;
  double helpful_intercept = 0.40;
  double not_helpful_base = -0.05;
  double not_helpful_slope = 0.8;
};

struct NoteScore {
  std::string note_id;
  double intercept = 0;  // i_n: helpfulness across viewpoints
  double factor = 0;     // f_n: the viewpoint the note appeals to
  size_t ratings = 0;
  NoteStatus status = NoteStatus::kNeedsMoreRatings;
};

struct RaterScore {
  double intercept = 0;
  double factor = 0;
  size_t ratings = 0;
};

struct BridgingResult {
  double mu = 0;
  std::vector<NoteScore> notes;  // in first-rated order
  std::unordered_map<std::string, RaterScore> raters;
  int iterations = 0;
  double loss = 0;  // the objective above at the solution

  const NoteScore* find(std::string_view note_id) const;
};

class BridgingModel {
 public:
  explicit BridgingModel(BridgingOptions options = {}) : options_(options) {}
  // Fits the model to `ratings`. Ratings with an empty rater or note id are rejected, naming
  // the index; a rater rating a note twice keeps the last rating.
  Result<BridgingResult> fit(std::span<const Rating> ratings) const;
  NoteStatus status_of(double intercept, double factor, size_t ratings) const;
  const BridgingOptions& options() const { return options_; }

 private:
  BridgingOptions options_;
};

}  // namespace chorus::trust
