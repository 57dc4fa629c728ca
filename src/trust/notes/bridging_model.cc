#include "trust/notes/bridging_model.h"

#include <algorithm>
#include <cmath>

#include "base/random.h"

namespace chorus::trust {

std::string_view note_status_name(NoteStatus s) {
  switch (s) {
    case NoteStatus::kHelpful:
      return "helpful";
    case NoteStatus::kNotHelpful:
      return "not_helpful";
    case NoteStatus::kNeedsMoreRatings:
      break;
  }
  return "needs_more_ratings";
}

const NoteScore* BridgingResult::find(std::string_view note_id) const {
  for (const NoteScore& n : notes)
    if (n.note_id == note_id) return &n;
  return nullptr;
}

namespace {

struct Obs {
  uint32_t rater;
  uint32_t note;
  double r;
};

// Ratings as dense indices, one per (rater, note) pair, plus each side's list of observations.
struct Problem {
  std::vector<Obs> obs;
  std::vector<std::string> rater_ids, note_ids;
  std::vector<std::vector<uint32_t>> by_rater, by_note;  // indices into obs
};

Result<Problem> index_ratings(std::span<const Rating> ratings) {
  Problem p;
  std::unordered_map<std::string, uint32_t> raters, notes;
  std::unordered_map<uint64_t, uint32_t> pair_slot;
  for (size_t i = 0; i < ratings.size(); ++i) {
    const Rating& r = ratings[i];
    if (r.rater_id.empty() || r.note_id.empty())
      return invalid_argument("rating " + std::to_string(i) + ": empty " +
                              (r.rater_id.empty() ? "rater_id" : "note_id"));
    auto [ru, u_new] = raters.try_emplace(r.rater_id, static_cast<uint32_t>(raters.size()));
    if (u_new) p.rater_ids.push_back(r.rater_id);
    auto [rn, n_new] = notes.try_emplace(r.note_id, static_cast<uint32_t>(notes.size()));
    if (n_new) p.note_ids.push_back(r.note_id);
    const uint64_t key = (uint64_t{ru->second} << 32) | rn->second;
    auto [slot, fresh] = pair_slot.try_emplace(key, static_cast<uint32_t>(p.obs.size()));
    const double v = helpfulness_value(r.helpfulness);
    if (fresh) {
      p.obs.push_back({ru->second, rn->second, v});
    } else {
      p.obs[slot->second].r = v;
    }
  }
  p.by_rater.resize(p.rater_ids.size());
  p.by_note.resize(p.note_ids.size());
  for (uint32_t k = 0; k < p.obs.size(); ++k) {
    p.by_rater[p.obs[k].rater].push_back(k);
    p.by_note[p.obs[k].note].push_back(k);
  }
  return p;
}

// Parameters of one side (raters or notes).
struct Side {
  std::vector<double> intercept, factor;
};

// Minimizes sum_k (y_k - i - f x_k)^2 + m (li i^2 + lf f^2) over (i, f), m = number of terms.
void ridge2(double m, double sx, double sxx, double sy, double sxy, double li, double lf, double* i,
            double* f) {
  const double a11 = m + m * li, a12 = sx, a22 = sxx + m * lf;
  const double det = a11 * a22 - a12 * a12;
  if (det <= 0) return;
  *i = (sy * a22 - a12 * sxy) / det;
  *f = (a11 * sxy - a12 * sy) / det;
}

// Refits every member of `self` with `other` fixed; returns the largest parameter change.
double update_side(const Problem& p, bool raters, double mu, const BridgingOptions& o,
                   const Side& other, Side* self) {
  const auto& lists = raters ? p.by_rater : p.by_note;
  double max_change = 0;
  for (size_t a = 0; a < lists.size(); ++a) {
    double m = 0, sx = 0, sxx = 0, sy = 0, sxy = 0;
    for (uint32_t k : lists[a]) {
      const Obs& ob = p.obs[k];
      const uint32_t b = raters ? ob.note : ob.rater;
      const double x = other.factor[b], y = ob.r - mu - other.intercept[b];
      m += 1, sx += x, sxx += x * x, sy += y, sxy += x * y;
    }
    double i = self->intercept[a], f = self->factor[a];
    ridge2(m, sx, sxx, sy, sxy, o.lambda_intercept, o.lambda_factor, &i, &f);
    max_change =
        std::max({max_change, std::abs(i - self->intercept[a]), std::abs(f - self->factor[a])});
    self->intercept[a] = i;
    self->factor[a] = f;
  }
  return max_change;
}

double residual(const Obs& ob, double mu, const Side& raters, const Side& notes) {
  return ob.r - mu - raters.intercept[ob.rater] - notes.intercept[ob.note] -
         raters.factor[ob.rater] * notes.factor[ob.note];
}

double objective(const Problem& p, double mu, const Side& u, const Side& n,
                 const BridgingOptions& o) {
  double loss = 0;
  for (const Obs& ob : p.obs) {
    const double e = residual(ob, mu, u, n);
    loss += e * e +
            o.lambda_intercept * (mu * mu + u.intercept[ob.rater] * u.intercept[ob.rater] +
                                  n.intercept[ob.note] * n.intercept[ob.note]) +
            o.lambda_factor *
                (u.factor[ob.rater] * u.factor[ob.rater] + n.factor[ob.note] * n.factor[ob.note]);
  }
  return loss;
}

}  // namespace

NoteStatus BridgingModel::status_of(double intercept, double factor, size_t ratings) const {
  const BridgingOptions& o = options_;
  if (ratings < o.min_ratings) return NoteStatus::kNeedsMoreRatings;
  if (intercept >= o.helpful_intercept) return NoteStatus::kHelpful;
  if (intercept < o.not_helpful_base - o.not_helpful_slope * std::abs(factor))
    return NoteStatus::kNotHelpful;
  return NoteStatus::kNeedsMoreRatings;
}

Result<BridgingResult> BridgingModel::fit(std::span<const Rating> ratings) const {
  CHORUS_ASSIGN_OR_RETURN(Problem p, index_ratings(ratings));
  const BridgingOptions& o = options_;
  Rng rng(o.seed);
  Side u{std::vector<double>(p.rater_ids.size()), std::vector<double>(p.rater_ids.size())};
  Side n{std::vector<double>(p.note_ids.size()), std::vector<double>(p.note_ids.size())};
  for (double& f : u.factor) f = 0.1 * rng.normal();
  for (double& f : n.factor) f = 0.1 * rng.normal();
  BridgingResult res;
  double mu = 0;
  const double count = static_cast<double>(p.obs.size());
  for (res.iterations = 1; res.iterations <= o.max_iterations && !p.obs.empty(); ++res.iterations) {
    double change = update_side(p, /*raters=*/false, mu, o, u, &n);
    change = std::max(change, update_side(p, /*raters=*/true, mu, o, n, &u));
    double s = 0;
    for (const Obs& ob : p.obs) s += residual(ob, mu, u, n) + mu;
    const double new_mu = s / (count * (1 + o.lambda_intercept));
    change = std::max(change, std::abs(new_mu - mu));
    mu = new_mu;
    if (change < o.tolerance) break;
  }
  res.mu = mu;
  res.loss = objective(p, mu, u, n, o);
  for (size_t a = 0; a < p.note_ids.size(); ++a) {
    NoteScore s{p.note_ids[a], n.intercept[a], n.factor[a], p.by_note[a].size()};
    s.status = status_of(s.intercept, s.factor, s.ratings);
    res.notes.push_back(std::move(s));
  }
  for (size_t a = 0; a < p.rater_ids.size(); ++a)
    res.raters[p.rater_ids[a]] = RaterScore{u.intercept[a], u.factor[a], p.by_rater[a].size()};
  return res;
}

}  // namespace chorus::trust
