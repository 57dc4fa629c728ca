// Session: one sequence being evaluated: its tokens, its KV cache and its scratch state.
//
// prefill() takes a whole prompt and keeps the KV of the longest prefix it shares with the
// tokens already evaluated (a chat's earlier turns are not recomputed); decode() appends one
// token. Both return the logits of the last token ([vocab] floats, valid until the next call).
// A Session is used by one thread at a time; different Sessions of one Model may run on
// different threads (their forward passes take turns on the model's pool). A BatchDecoder
// decodes a step of several Sessions in one pass.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "base/status.h"
#include "model/runtime/kv_cache.h"
#include "model/runtime/run_state.h"

namespace chorus::model {

class Model;

class Session {
 public:
  Session(const Model& model, int64_t context);

  int64_t context() const { return kv_.capacity(); }
  // Tokens whose keys and values are in the cache, in order.
  const std::vector<int32_t>& tokens() const { return tokens_; }
  int64_t size() const { return static_cast<int64_t>(tokens_.size()); }

  // Makes the sequence equal to `prompt`, evaluating only what follows the longest common prefix
  // with tokens() (at least the last token, to produce logits). Empty prompts and prompts
  // longer than context() are kInvalidArgument.
  Result<std::span<const float>> prefill(std::span<const int32_t> prompt);
  // Appends and evaluates tokens (one for decoding; several are evaluated as a batch).
  Result<std::span<const float>> append(std::span<const int32_t> tokens);
  Result<std::span<const float>> decode(int32_t token) { return append({&token, 1}); }
  // Forgets every token from position n on (n <= size()).
  void truncate(int64_t n);
  // Number of tokens the last prefill() reused from the cache.
  int64_t reused_tokens() const { return reused_; }

 private:
  friend class BatchDecoder;  // evaluates a step of this sequence within a batch
  const Model& model_;
  KvCache kv_;
  RunState state_;
  std::vector<int32_t> tokens_;
  int64_t reused_ = 0;
};

}  // namespace chorus::model
