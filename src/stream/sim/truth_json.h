// JSON forms of the simulator's ground truth.
//
// Per post (one line each, in post order; strings are null where GroundTruth has ""):
//   {"id","event","topic","claim":{"id","true"}|null,"author_automated","author_coordinated",
//    "coordination_group","labels":[...],"lang","fact_version":int|null,"role"}
// "event" is the event id ("ev-3") or, for claim posts, the claim id ("cl-1"); "claim.true" is
// the truth of the claim the post is about, and "role" says whether the post pushes it
// ("campaign", "amplification") or contradicts it ("contradiction").
//
// Catalogue (one JSON object, written at the end of a run):
//   {"seed","start","end",
//    "events":[{"id","kind","place","start","tau_ms","peak_rate","hashtags":{"en","ar","fr"},
//               "facts":[{"version","from","district","number","correction"}],
//               "current_version"}],
//    "claims":[{"id","kind","place","true","number","hashtag","lang","group","start",
//               "contradiction_start"}],
//    "groups":[{"id","lang","accounts":[account ids]}]}
// Places and districts are given in English; "current_version" is the version current at
// "end". Hashtags are in the standard spelling (Arabic posts may carry spelling variants).
#pragma once

#include <cstdint>
#include <string>

#include "stream/sim/simulator.h"

namespace chorus::sim {

void append_truth_json(const GroundTruth& truth, std::string* out);
std::string catalogue_json(const Simulator& sim);

}  // namespace chorus::sim
