// Sampler: chooses the next token from logits.
//
// The chain, in llama.cpp's default order: repetition / frequency / presence penalties over the
// last `penalty_last_n` accepted tokens -> top-k -> top-p (nucleus) -> min-p -> temperature ->
// a draw from the seeded generator. temperature <= 0 is greedy (argmax after penalties; ties go
// to the lowest id). The same seed, logits and history give the same token on every machine.
// Not thread-safe: one Sampler per sequence.
#pragma once

#include <cstdint>
#include <deque>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/random.h"
#include "base/status.h"

namespace chorus::model {

struct SamplerParams {
  float temperature = 0.8f;        // <= 0: greedy
  int32_t top_k = 40;              // <= 0: off
  float top_p = 0.95f;             // >= 1: off
  float min_p = 0.05f;             // <= 0: off; relative to the most likely token
  float repeat_penalty = 1.0f;     // 1: off; > 1 discourages repeats (divides positive logits)
  float frequency_penalty = 0.0f;  // subtracted once per occurrence
  float presence_penalty = 0.0f;   // subtracted once if the token occurred
  int32_t penalty_last_n = 64;     // history window of the penalties
  uint64_t seed = 0;

  // kInvalidArgument naming the first field out of range.
  Status validate() const;
};

class Sampler {
 public:
  explicit Sampler(const SamplerParams& params);

  // The next token for `logits` ([vocab] floats); does not record it (see accept()).
  int32_t sample(std::span<const float> logits);
  // Records a token of the sequence (prompt or generated) for the penalties.
  void accept(int32_t token);
  // Clears the history and reseeds.
  void reset();

  const SamplerParams& params() const { return params_; }

 private:
  struct Candidate {
    int32_t id;
    float logit;
    float p;
  };
  void apply_penalties(std::vector<Candidate>& c) const;
  static void softmax(std::vector<Candidate>& c);

  SamplerParams params_;
  Rng rng_;
  std::deque<int32_t> history_;
  std::unordered_map<int32_t, int32_t> counts_;  // occurrences in history_
  std::vector<Candidate> scratch_;
};

}  // namespace chorus::model
