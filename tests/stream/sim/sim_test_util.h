// Helpers for the simulator tests: a small, fast configuration and a run collected in memory.
#pragma once

#include <cstdint>
#include <vector>

#include "post/post.h"
#include "stream/sim/simulator.h"

namespace chorus::sim::testing {

struct Sample {
  Post post;
  GroundTruth truth;
};

// A population of 5000 accounts at 20 organic posts/s, with the first event after a minute, the
// first campaign after two and contradictions ten minutes into a campaign.
inline SimConfig small_config(uint64_t seed) {
  SimConfig c;
  c.seed = seed;
  c.accounts = 5000;
  c.base_rate = 20;
  c.first_event_ms = 60 * 1000;
  c.first_campaign_ms = 2 * 60 * 1000;
  c.contradiction_delay_ms = 10 * 60 * 1000;
  return c;
}

// Runs `sim` until it stops or `limit` posts.
inline std::vector<Sample> collect(Simulator& sim, size_t limit) {
  std::vector<Sample> out;
  Sample s;
  while (out.size() < limit && sim.next(&s.post, &s.truth)) out.push_back(s);
  return out;
}

}  // namespace chorus::sim::testing
