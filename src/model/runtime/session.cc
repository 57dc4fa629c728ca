#include "model/runtime/session.h"

#include <algorithm>
#include <mutex>
#include <string>

#include "model/runtime/forward.h"
#include "model/runtime/model.h"

namespace chorus::model {

Session::Session(const Model& model, int64_t context)
    : model_(model), kv_(model.config(), context, model.options().kv_type) {
  state_.reserve(model.config(), std::min(context, model.options().max_batch), model.pool_.size(),
                 context);
}

void Session::truncate(int64_t n) {
  if (n >= 0 && n < size()) tokens_.resize(static_cast<size_t>(n));
}

Result<std::span<const float>> Session::prefill(std::span<const int32_t> prompt) {
  if (prompt.empty()) return invalid_argument("prefill: empty prompt");
  if (static_cast<int64_t>(prompt.size()) > context())
    return invalid_argument("prefill: prompt of " + std::to_string(prompt.size()) +
                            " tokens exceeds the context of " + std::to_string(context()));
  size_t common = 0;
  while (common < tokens_.size() && common < prompt.size() && tokens_[common] == prompt[common])
    ++common;
  // The last prompt token is always evaluated so that its logits exist.
  common = std::min(common, prompt.size() - 1);
  truncate(static_cast<int64_t>(common));
  reused_ = static_cast<int64_t>(common);
  return append(prompt.subspan(common));
}

Result<std::span<const float>> Session::append(std::span<const int32_t> tokens) {
  if (tokens.empty()) return invalid_argument("append: no tokens");
  if (size() + static_cast<int64_t>(tokens.size()) > context())
    return resource_exhausted("context full: " + std::to_string(size()) + " + " +
                              std::to_string(tokens.size()) + " tokens exceed " +
                              std::to_string(context()));
  std::lock_guard<std::mutex> lock(model_.compute_mu_);
  ForwardContext ctx{model_.config(), model_.weights(), model_.rope_inv_freq_, model_.pool_, kv_,
                     state_};
  for (size_t done = 0; done < tokens.size();) {
    const size_t n = std::min(tokens.size() - done, static_cast<size_t>(state_.batch));
    const bool last = done + n == tokens.size();  // only the last chunk's logits are returned
    model_.apply_repacked();                      // matrices repacked since the last chunk
    Status st = forward(ctx, tokens.subspan(done, n), size(), last);
    if (!st.is_ok()) return st;
    tokens_.insert(tokens_.end(), tokens.begin() + static_cast<std::ptrdiff_t>(done),
                   tokens.begin() + static_cast<std::ptrdiff_t>(done + n));
    done += n;
  }
  return std::span<const float>(state_.logits.data(),
                                static_cast<size_t>(model_.config().vocab_size));
}

}  // namespace chorus::model
