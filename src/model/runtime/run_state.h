// RunState: the mutable scratch of a forward pass over a batch of up to `batch` tokens.
//
// Every activation buffer is [tokens x width] row-major with the widths below. One RunState
// belongs to one Session; a forward pass uses it from all pool threads on disjoint slices.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "model/quant/quant.h"
#include "model/runtime/model_config.h"

namespace chorus::model {

struct RunState {
  int64_t batch = 0;          // tokens the buffers hold
  std::vector<float> x;       // [batch x dim] residual stream
  std::vector<float> xb;      // [batch x dim] normed input of a sublayer
  std::vector<float> xb2;     // [batch x dim] output of a sublayer before the residual add
  std::vector<float> q;       // [batch x q_dim]
  std::vector<float> k;       // [batch x kv_dim]
  std::vector<float> v;       // [batch x kv_dim]
  std::vector<float> att;     // [batch x q_dim] attention output, heads concatenated
  std::vector<float> hb;      // [batch x ffn_dim] gate, then silu(gate) * up
  std::vector<float> hb2;     // [batch x ffn_dim] up
  std::vector<float> rope;    // [batch x rope_dim] (cos, sin) pairs per frequency
  std::vector<float> scores;  // [threads x attention_scratch_floats(context)] per-thread scratch
  std::vector<float> logits;  // [logit_rows x vocab]: the last token, or every row of a batch
  // Activations quantized for the weights' dot types; slot per distinct vec_dot type in use.
  std::array<QuantizedActivations, 3> quant;
  std::array<const float*, 3> quant_src{};  // what each slot holds (null: nothing)

  // Sizes every buffer for `tokens` tokens, caches of up to `context` positions and logits of
  // `logit_rows` rows (grows only).
  void reserve(const ModelConfig& c, int64_t tokens, int threads, int64_t context,
               int64_t logit_rows = 1);
};

}  // namespace chorus::model
