// The firehose simulator: a seeded, deterministic stream of believable posts with ground truth,
// for demos, tests and evaluations of everything downstream (index, trust, answers).
//
//   Simulator      posts in timestamp order plus a GroundTruth for each (simulator.h)
//   SimConfig      seed, limits, rates, population and campaign knobs (sim_types.h)
//   Lexicon        words for abusive posts; a neutral placeholder by default (lexicon.h)
//   RatePacer      real-time pacing at R posts/s against an Env clock (rate_pacer.h)
//   truth JSON     per-post truth lines and the event/claim catalogue (truth_json.h)
//
// A server loop:
//   sim::Simulator sim(config);  sim::RatePacer pacer(env, rate);  pacer.start();
//   for (uint64_t n = 0; sim.next(&post, &truth); ++n) { pacer.wait_for(n); ingest(post); }
// See README.md in this folder for what the stream contains.
#pragma once

#include "stream/sim/lexicon.h"
#include "stream/sim/rate_pacer.h"
#include "stream/sim/sim_types.h"
#include "stream/sim/simulator.h"
#include "stream/sim/truth_json.h"
