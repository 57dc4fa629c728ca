#include "stream/sim/event_schedule.h"

#include <algorithm>
#include <cmath>

#include "stream/sim/places.h"
#include "stream/sim/vocab.h"

namespace chorus::sim {
namespace {

// Initial figure range per event kind, and whether later versions raise it (casualties,
// arrests) or revise it either way (turnout, lines shut).
struct KindFigures {
  int64_t lo, hi;
  bool grows;
};
constexpr KindFigures kFigures[kEventKindCount] = {{2, 15, true}, {1, 20, true},   {40, 400, true},
                                                   {5, 60, true}, {35, 70, false}, {2, 8, false}};
// A burst is over at x = kEndX (shape below 1e-4).
constexpr double kEndX = 14.0;
// First witnesses: their number per unit of peak_rate / base_rate (plus kMinWitnesses), their
// delay after the start (kWitnessMinDelayMs + exponential(kWitnessMeanDelayMs), capped) and the
// share of them writing in the place's language, by place index (places.cc).
constexpr double kWitnessesPerShare = 8.0;
constexpr int kMinWitnesses = 2;
constexpr int64_t kWitnessMinDelayMs = 1000;
constexpr double kWitnessMeanDelayMs = 6000;
constexpr int64_t kWitnessMaxDelayMs = 60'000;
constexpr double kWitnessLocalShare = 0.7;
constexpr int kPlaceLang[kPlaceCount] = {kLangAr, kLangAr, kLangAr, kLangAr, kLangEn, kLangFr,
                                         kLangEn, kLangAr, kLangFr, kLangAr, kLangFr, kLangEn};

}  // namespace

double burst_shape(double x) {
  return x <= 0 ? 0.0 : x * std::exp(1.0 - x);
}

EventSchedule::EventSchedule(const SimConfig& config, int64_t start_ms, Rng& rng)
    : base_rate_(config.base_rate),
      interval_ms_(std::max<int64_t>(config.event_interval_ms, 1000)),
      next_start_ms_(start_ms + config.first_event_ms +
                     static_cast<int64_t>(rng.below(
                         static_cast<uint64_t>(std::max<int64_t>(config.first_event_ms / 2, 1))))) {
}

void EventSchedule::make_facts(SimEvent* e, Rng& rng) const {
  const KindFigures& f = kFigures[e->kind];
  FactVersion v;
  v.from_ms = e->start_ms;
  v.district = static_cast<int>(rng.below(kDistrictsPerPlace));
  v.number = rng.range(f.lo, f.hi);
  e->facts.push_back(v);
  int updates = 1 + static_cast<int>(rng.below(3));
  bool corrected = false;
  for (int i = 0; i < updates; ++i) {
    FactVersion next = e->facts.back();
    next.correction = false;
    next.from_ms +=
        static_cast<int64_t>(static_cast<double>(e->tau_ms) * (0.4 + 0.8 * rng.uniform()));
    if (!corrected && rng.chance(0.45)) {
      next.district = (next.district + 1 + static_cast<int>(rng.below(kDistrictsPerPlace - 1))) %
                      kDistrictsPerPlace;
      next.correction = corrected = true;
    }
    if (f.grows)
      next.number += std::max<int64_t>(
          1, static_cast<int64_t>(static_cast<double>(next.number) * (0.2 + rng.uniform())));
    else
      next.number = std::max<int64_t>(1, next.number + rng.range(-5, 5));
    e->facts.push_back(next);
  }
}

void EventSchedule::start_next(Rng& rng, Schedule* schedule) {
  SimEvent e;
  uint32_t index = static_cast<uint32_t>(events_.size());
  e.id = "ev-" + std::to_string(index);
  e.kind = static_cast<int>(rng.below(kEventKindCount));
  e.place = static_cast<int>(rng.below(kPlaceCount));
  e.start_ms = next_start_ms_;
  e.tau_ms = (4 + static_cast<int64_t>(rng.below(12))) * kMinuteMs;
  e.peak_rate = base_rate_ * (0.1 + 0.5 * rng.uniform());
  for (int l = 0; l < kLangCount; ++l) e.hashtags.push_back(event_hashtag(e.kind, e.place, l));
  make_facts(&e, rng);
  const int witnesses =
      kMinWitnesses + static_cast<int>(std::lround(kWitnessesPerShare * e.peak_rate / base_rate_));
  for (int i = 0; i < witnesses; ++i) {
    const auto delay = static_cast<int64_t>(rng.exponential(kWitnessMeanDelayMs));
    const uint32_t lang =
        rng.chance(kWitnessLocalShare) ? static_cast<uint32_t>(kPlaceLang[e.place]) + 1 : 0;
    schedule->push({e.start_ms + kWitnessMinDelayMs + std::min(delay, kWitnessMaxDelayMs),
                    ItemKind::kEventWitness, index, lang});
  }
  for (size_t v = 1; v < e.facts.size(); ++v) {
    // Announced within ten minutes, and before the next version supersedes it.
    int64_t window = 10 * kMinuteMs;
    if (v + 1 < e.facts.size())
      window = std::min(window, e.facts[v + 1].from_ms - e.facts[v].from_ms);
    int posts = 2 + static_cast<int>(rng.below(4));
    for (int i = 0; i < posts; ++i)
      schedule->push(
          {e.facts[v].from_ms + static_cast<int64_t>(rng.below(static_cast<uint64_t>(window))),
           ItemKind::kEventFollowup, index, static_cast<uint32_t>(v)});
  }
  events_.push_back(std::move(e));
  running_.push_back(index);
  next_start_ms_ += 1 + static_cast<int64_t>(rng.exponential(static_cast<double>(interval_ms_)));
}

double EventSchedule::rate_at(int64_t t_ms) {
  running_rate_.resize(running_.size());
  double total = 0;
  for (size_t i = 0; i < running_.size(); ++i) {
    const SimEvent& e = events_[running_[i]];
    double x = static_cast<double>(t_ms - e.start_ms) / static_cast<double>(e.tau_ms);
    running_rate_[i] = e.peak_rate * burst_shape(x);
    total += running_rate_[i];
  }
  return total;
}

uint32_t EventSchedule::pick(double r) const {
  for (size_t i = 0; i < running_.size(); ++i) {
    if (r < running_rate_[i]) return running_[i];
    r -= running_rate_[i];
  }
  return running_.back();
}

void EventSchedule::prune(int64_t t_ms) {
  auto over = [&](uint32_t i) {
    const SimEvent& e = events_[i];
    return static_cast<double>(t_ms - e.start_ms) > kEndX * static_cast<double>(e.tau_ms);
  };
  running_.erase(std::remove_if(running_.begin(), running_.end(), over), running_.end());
}

double EventSchedule::heat(uint32_t event, int64_t t_ms) const {
  const SimEvent& e = events_[event];
  return 1.0 +
         3.0 * burst_shape(static_cast<double>(t_ms - e.start_ms) / static_cast<double>(e.tau_ms));
}

}  // namespace chorus::sim
