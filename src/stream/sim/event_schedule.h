// EventSchedule: breaking events (fire, earthquake, flood, protest, election result, transport
// strike) in named places. Events start as a Poisson process. Like real breaking news, an event
// is first reported by witnesses within seconds: 2 + round(8 * peak_rate / base_rate) of them
// (3-7), each posting once at start + 1 s + an exponential delay (mean 6 s, at most 60 s), 70%
// of them in the place's language, as Schedule items (kEventWitness). Then the organic post rate is
// peak_rate * x * exp(1 - x) with x = (t - start) / tau: it bursts, peaks at t = start + tau, and
// decays. Its facts evolve: later versions raise the figure or correct the district of the first
// report, and each version is announced by credible accounts (Schedule items). Not thread-safe.
#pragma once

#include <cstdint>
#include <vector>

#include "base/random.h"
#include "stream/sim/schedule.h"
#include "stream/sim/sim_types.h"

namespace chorus::sim {

class EventSchedule {
 public:
  EventSchedule(const SimConfig& config, int64_t start_ms, Rng& rng);

  // Start time of the next event not yet created.
  int64_t next_start_ms() const { return next_start_ms_; }
  // Creates that event, pushes its follow-ups onto `schedule`, and draws the next start.
  void start_next(Rng& rng, Schedule* schedule);

  // Organic posts per simulated second about all running events at `t_ms`; fills the rate
  // of each running event for pick().
  double rate_at(int64_t t_ms);
  // The event whose share of the last rate_at() contains `r` (0 <= r < that total).
  uint32_t pick(double r) const;
  // Forgets events whose burst is over (their rate is below 1e-4 of the peak).
  void prune(int64_t t_ms);

  const std::vector<SimEvent>& events() const { return events_; }
  // Heat of an event at `t_ms` for engagement: 1 + 3 * the burst shape.
  double heat(uint32_t event, int64_t t_ms) const;

 private:
  void make_facts(SimEvent* e, Rng& rng) const;

  double base_rate_;
  int64_t interval_ms_;
  int64_t next_start_ms_;
  std::vector<SimEvent> events_;
  std::vector<uint32_t> running_;
  std::vector<double> running_rate_;
};

// The burst shape x * exp(1 - x) for x >= 0 (peak 1 at x = 1), 0 before the start.
double burst_shape(double x);

}  // namespace chorus::sim
