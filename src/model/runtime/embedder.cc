#include "model/runtime/embedder.h"

#include <algorithm>
#include <cmath>
#include <mutex>
#include <string>

#include "model/runtime/forward.h"

namespace chorus::model {

Embedder::Embedder(const Model& model, int threads, int64_t max_tokens)
    : model_(model),
      rope_inv_freq_(rope_inv_freqs(model.config())),
      pool_(threads),
      kv_(model.config(), max_tokens, KvType::kF32) {
  state_.reserve(model.config(), std::min(max_tokens, model.options().max_batch), pool_.size(),
                 max_tokens);
}

Result<std::vector<float>> Embedder::embed(std::span<const int32_t> tokens) {
  const ModelConfig& c = model_.config();
  const int64_t n = static_cast<int64_t>(tokens.size());
  if (n == 0) return invalid_argument("embed: empty input");
  if (n > kv_.capacity())
    return invalid_argument("embed: input of " + std::to_string(n) +
                            " tokens exceeds the limit of " + std::to_string(kv_.capacity()));
  const std::unique_lock<std::mutex> weights_lock = model_.hold_weights();
  ForwardContext ctx{c, model_.weights(), rope_inv_freq_, pool_, kv_, state_};
  std::vector<double> sum(static_cast<size_t>(c.dim), 0.0);
  for (int64_t done = 0; done < n;) {
    const int64_t len = std::min(n - done, state_.batch);
    CHORUS_RETURN_IF_ERROR(
        forward(ctx, tokens.subspan(static_cast<size_t>(done), static_cast<size_t>(len)), done,
                /*logits=*/false));
    // state_.x holds the residual stream of the chunk's tokens after the last layer.
    for (int64_t t = 0; t < len; ++t) {
      const float* x = state_.x.data() + t * c.dim;
      double ss = 0;
      for (int64_t i = 0; i < c.dim; ++i) ss += static_cast<double>(x[i]) * x[i];
      const double scale = 1.0 / std::sqrt(ss / static_cast<double>(c.dim) + c.rms_eps);
      for (int64_t i = 0; i < c.dim; ++i)
        sum[static_cast<size_t>(i)] += x[i] * scale * model_.weights().output_norm[i];
    }
    done += len;
  }
  double norm = 0;
  for (double v : sum) norm += v * v;
  norm = std::sqrt(norm);
  std::vector<float> out(sum.size());
  for (size_t i = 0; i < sum.size(); ++i)
    out[i] = norm > 0 ? static_cast<float>(sum[i] / norm) : 0.0f;
  return out;
}

}  // namespace chorus::model
