#include "model/runtime/sampler.h"

#include <algorithm>
#include <cmath>

namespace chorus::model {
namespace {

bool better(float a_logit, int32_t a_id, float b_logit, int32_t b_id) {
  return a_logit > b_logit || (a_logit == b_logit && a_id < b_id);
}

}  // namespace

Status SamplerParams::validate() const {
  if (!(temperature >= 0 && temperature <= 100))
    return invalid_argument("temperature: out of [0, 100]");
  if (!(top_p > 0 && top_p <= 1)) return invalid_argument("top_p: out of (0, 1]");
  if (!(min_p >= 0 && min_p <= 1)) return invalid_argument("min_p: out of [0, 1]");
  if (!(repeat_penalty > 0 && repeat_penalty <= 10))
    return invalid_argument("repeat_penalty: out of (0, 10]");
  if (!(std::abs(frequency_penalty) <= 10))
    return invalid_argument("frequency_penalty: out of [-10, 10]");
  if (!(std::abs(presence_penalty) <= 10))
    return invalid_argument("presence_penalty: out of [-10, 10]");
  if (penalty_last_n < 0) return invalid_argument("penalty_last_n: negative");
  return Status::ok();
}

Sampler::Sampler(const SamplerParams& params) : params_(params), rng_(params.seed) {}

void Sampler::reset() {
  history_.clear();
  counts_.clear();
  rng_.reseed(params_.seed);
}

void Sampler::accept(int32_t token) {
  if (params_.penalty_last_n <= 0) return;
  history_.push_back(token);
  ++counts_[token];
  if (static_cast<int32_t>(history_.size()) > params_.penalty_last_n) {
    const int32_t old = history_.front();
    history_.pop_front();
    if (--counts_[old] == 0) counts_.erase(old);
  }
}

void Sampler::apply_penalties(std::vector<Candidate>& c) const {
  if (params_.repeat_penalty == 1.0f && params_.frequency_penalty == 0.0f &&
      params_.presence_penalty == 0.0f)
    return;
  for (const auto& [id, count] : counts_) {
    if (id < 0 || static_cast<size_t>(id) >= c.size()) continue;
    float& l = c[static_cast<size_t>(id)].logit;
    l = l > 0 ? l / params_.repeat_penalty : l * params_.repeat_penalty;
    l -= static_cast<float>(count) * params_.frequency_penalty + params_.presence_penalty;
  }
}

void Sampler::softmax(std::vector<Candidate>& c) {
  float max = -INFINITY;
  for (const Candidate& x : c) max = std::max(max, x.logit);
  double sum = 0;
  for (Candidate& x : c) {
    x.p = std::exp(x.logit - max);
    sum += x.p;
  }
  for (Candidate& x : c) x.p = static_cast<float>(x.p / sum);
}

int32_t Sampler::sample(std::span<const float> logits) {
  std::vector<Candidate>& c = scratch_;
  c.resize(logits.size());
  for (size_t i = 0; i < logits.size(); ++i) c[i] = {static_cast<int32_t>(i), logits[i], 0.0f};
  if (c.empty()) return -1;
  apply_penalties(c);
  auto order = [](const Candidate& a, const Candidate& b) {
    return better(a.logit, a.id, b.logit, b.id);
  };
  if (params_.temperature <= 0) return std::min_element(c.begin(), c.end(), order)->id;
  // Sorting by logit, best first, serves top-k, top-p and min-p alike.
  const size_t k =
      params_.top_k > 0 ? std::min(c.size(), static_cast<size_t>(params_.top_k)) : c.size();
  std::partial_sort(c.begin(), c.begin() + static_cast<std::ptrdiff_t>(k), c.end(), order);
  c.resize(k);
  softmax(c);
  if (params_.top_p < 1.0f) {
    double cum = 0;
    size_t keep = c.size();
    for (size_t i = 0; i < c.size(); ++i) {
      cum += c[i].p;
      if (cum >= params_.top_p) {
        keep = i + 1;
        break;
      }
    }
    c.resize(keep);
  }
  if (params_.min_p > 0.0f) {
    const float floor = c.front().p * params_.min_p;
    size_t keep = 1;
    while (keep < c.size() && c[keep].p >= floor) ++keep;
    c.resize(keep);
  }
  for (Candidate& x : c) x.logit /= params_.temperature;
  softmax(c);
  const double u = rng_.uniform();
  double cum = 0;
  for (const Candidate& x : c) {
    cum += x.p;
    if (u < cum) return x.id;
  }
  return c.back().id;
}

}  // namespace chorus::model
