#include "model/runtime/run_state.h"

#include "model/runtime/attention.h"

namespace chorus::model {

void RunState::reserve(const ModelConfig& c, int64_t tokens, int threads, int64_t context,
                       int64_t logit_rows) {
  auto grow = [](std::vector<float>& v, int64_t n) {
    if (static_cast<int64_t>(v.size()) < n) v.resize(static_cast<size_t>(n));
  };
  if (tokens > batch) batch = tokens;
  grow(x, batch * c.dim);
  grow(xb, batch * c.dim);
  grow(xb2, batch * c.dim);
  grow(q, batch * c.q_dim());
  grow(k, batch * c.kv_dim());
  grow(v, batch * c.kv_dim());
  grow(att, batch * c.q_dim());
  grow(hb, batch * c.ffn_dim);
  grow(hb2, batch * c.ffn_dim);
  grow(rope, batch * c.rope_dim);
  grow(scores, threads * attention_scratch_floats(c, context));
  grow(logits, logit_rows * c.vocab_size);
}

}  // namespace chorus::model
