// The model-loading flags shared by `chorus model run` and `chorus model chat`.
#pragma once

#include <CLI/CLI.hpp>

#include <string>

#include "model/runtime/model.h"

namespace chorus::app {

// --repack background|at-load|off (ModelOptions::repack). A background repack makes the model
// ready at once; since the interleaved kernels round differently, a near-tie between two logits
// may then break differently from run to run, and at-load gives the same ids every run.
inline void add_repack_flag(CLI::App* c, std::string& mode) {
  c->add_option("--repack", mode,
                "interleave Q4_0/Q8_0/Q4_K/Q6_K matrices: background (ready at once), at-load "
                "(reproducible ids), off")
      ->check(CLI::IsMember({"background", "at-load", "off"}))
      ->capture_default_str();
}

// The mode a checked --repack value names.
inline model::RepackMode repack_mode(const std::string& mode) {
  return mode == "at-load" ? model::RepackMode::kAtLoad
         : mode == "off"   ? model::RepackMode::kOff
                           : model::RepackMode::kBackground;
}

}  // namespace chorus::app
