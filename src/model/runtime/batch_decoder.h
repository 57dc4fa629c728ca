// BatchDecoder: one decode step of several sequences in one forward pass (continuous batching).
//
// decode() appends the next token of every listed Session and evaluates them together: the
// matrix products (Q/K/V, output projection, FFN, output matrix) run over the B rows at once, so
// the weights are read once per step for all B sequences instead of once per sequence; RoPE and
// attention run per row against that sequence's own KV cache. Each row's logits equal what
// session->decode(token) alone would give (bitwise: same kernels, same order of operations; while
// a background repack is in flight, within float rounding: a matrix may change layout between
// two passes).
//
// Each step's position is implied: the token goes at session->size(), as decode() would put it.
// The logits of a batch live in the decoder (the Sessions' own logits are left as they were)
// until its next decode().
//
// Thread-safety: one thread at a time per BatchDecoder; it borrows the Model's pool under the
// same mutex as Sessions, so it may run beside Sessions used on other threads. The Sessions of a
// call must not be used concurrently by anyone else during it.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "base/status.h"
#include "model/runtime/forward.h"
#include "model/runtime/run_state.h"

namespace chorus::model {

class Model;
class Session;

// The next token of one sequence.
struct SeqStep {
  Session* session;
  int32_t token;
};

class BatchDecoder {
 public:
  explicit BatchDecoder(const Model& model);

  // Appends steps[i].token to steps[i].session for every i in one forward pass and returns the
  // logits of every step, [steps x vocab] (row i at i * vocab), valid until the next call.
  // Errors leave every session unchanged: an empty batch, a null, repeated or foreign session,
  // a token outside the vocabulary (kInvalidArgument naming the step); a full session
  // (kResourceExhausted naming the step).
  Result<std::span<const float>> decode(std::span<const SeqStep> steps);

  // Rows evaluated and passes run so far (their ratio is the mean batch size).
  uint64_t rows() const { return rows_; }
  uint64_t passes() const { return passes_; }

 private:
  Status check(std::span<const SeqStep> steps) const;

  const Model& model_;
  RunState state_;
  std::vector<int32_t> tokens_buf_;   // [steps] of the current call
  std::vector<ForwardRow> rows_buf_;  // [steps] of the current call
  uint64_t rows_ = 0, passes_ = 0;
};

}  // namespace chorus::model
