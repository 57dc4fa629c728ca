// Helpers for runtime tests: random models in a temp dir, greedy runs, the Python reference.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "model/runtime/model.h"
#include "model/runtime/random_model.h"
#include "model/runtime/session.h"

namespace chorus::model::testing {

inline int32_t argmax(std::span<const float> logits) {
  return static_cast<int32_t>(std::max_element(logits.begin(), logits.end()) - logits.begin());
}

struct GreedyRun {
  std::vector<int32_t> ids;
  std::vector<std::vector<float>> logits;  // the logits that chose each id
};

// n greedy steps after `prompt` on a fresh session.
inline Result<GreedyRun> run_greedy(const Model& model, const std::vector<int32_t>& prompt, int n) {
  CHORUS_ASSIGN_OR_RETURN(auto session,
                          model.new_session(static_cast<int64_t>(prompt.size()) + n + 1));
  GreedyRun run;
  CHORUS_ASSIGN_OR_RETURN(std::span<const float> logits, session->prefill(prompt));
  for (int i = 0; i < n; ++i) {
    run.logits.emplace_back(logits.begin(), logits.end());
    run.ids.push_back(argmax(logits));
    CHORUS_ASSIGN_OR_RETURN(logits, session->decode(run.ids.back()));
  }
  return run;
}

// True when /usr/bin/python3 can import numpy.
inline bool have_numpy() {
  return std::system("/usr/bin/python3 -c 'import numpy' >/dev/null 2>&1") == 0;
}

// Runs tools/ref_llama.py and parses its JSON ({"generated_ids", "logits"?}).
inline Result<nlohmann::json> run_reference(const std::string& model_path,
                                            const std::vector<int32_t>& prompt, int n,
                                            const std::string& extra = "") {
  std::string ids;
  for (int32_t id : prompt) ids += (ids.empty() ? "" : ",") + std::to_string(id);
  const std::string cmd = "/usr/bin/python3 " CHORUS_SOURCE_DIR "/tools/ref_llama.py '" +
                          model_path + "' --ids " + ids + " -n " + std::to_string(n) + " " + extra;
  FILE* pipe = popen(cmd.c_str(), "r");
  if (pipe == nullptr) return io_error("popen failed: " + cmd);
  std::string out;
  char buf[65536];
  size_t got;
  while ((got = fread(buf, 1, sizeof(buf), pipe)) > 0) out.append(buf, got);
  if (pclose(pipe) != 0) return internal_error("reference failed: " + cmd);
  auto j = nlohmann::json::parse(out, nullptr, false);
  if (j.is_discarded()) return internal_error("reference printed no JSON: " + out.substr(0, 200));
  return j;
}

}  // namespace chorus::model::testing
