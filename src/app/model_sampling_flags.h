// The sampling flags shared by `chorus model run` and `chorus model chat`.
#pragma once

#include <CLI/CLI.hpp>

#include "model/runtime/sampler.h"

namespace chorus::app {

inline void add_sampling_flags(CLI::App* c, model::SamplerParams& s) {
  c->add_option("--temp", s.temperature, "temperature (0: greedy)")->capture_default_str();
  c->add_option("--seed", s.seed, "sampling seed")->capture_default_str();
  c->add_option("--top-k", s.top_k, "top-k (0: off)")->capture_default_str();
  c->add_option("--top-p", s.top_p, "top-p (1: off)")->capture_default_str();
  c->add_option("--min-p", s.min_p, "min-p (0: off)")->capture_default_str();
  c->add_option("--repeat-penalty", s.repeat_penalty, "repetition penalty (1: off)")
      ->capture_default_str();
  c->add_option("--frequency-penalty", s.frequency_penalty, "frequency penalty");
  c->add_option("--presence-penalty", s.presence_penalty, "presence penalty");
}

}  // namespace chorus::app
