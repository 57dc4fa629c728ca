// Causal grouped-query attention of one token over its sequence's KV cache.
//
// The unit of work is one token and one KV head: the G = n_heads / n_kv_heads query heads that
// share that KV head read each key and value row once (converted from f16 once for all G), and
// the scores of 16 positions are computed side by side (lane j = position p + j), each lane doing
// the scalar loop's operations in the scalar loop's order. So a head's result is bit for bit the
// plain loop's: scores q.k summed in dimension order and scaled by 1/sqrt(head_dim), softmax with
// exp(s - max) and a double sum, weights times values summed in position order; it depends on
// nothing but that token, head and cache (not on G, the batch or the thread).
#pragma once

#include <cstdint>

#include "model/runtime/kv_cache.h"
#include "model/runtime/model_config.h"

namespace chorus::model {

// Floats of scratch one attend_group() call needs for caches of up to `context` positions.
int64_t attention_scratch_floats(const ModelConfig& c, int64_t context);

// Attention of the query heads g*G .. g*G + G-1 of one token at position `pos` of `kv` over
// positions 0 .. pos of layer `layer`. q: the token's queries after RoPE [n_heads x head_dim];
// writes those heads' slices of out [n_heads x head_dim]. With an F16 cache q and the attention
// weights are rounded to f16, as a ggml f16 matrix product does (results then track llama.cpp).
// scratch: attention_scratch_floats(c, >= pos + 1) floats, used by this call only.
void attend_group(const ModelConfig& c, KvCache& kv, int64_t layer, int64_t pos, int64_t g,
                  const float* q, float* out, float* scratch);

}  // namespace chorus::model
