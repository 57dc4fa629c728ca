#include "model/runtime/batch_decoder.h"

#include <algorithm>
#include <mutex>
#include <string>

#include "model/runtime/model.h"
#include "model/runtime/session.h"

namespace chorus::model {

BatchDecoder::BatchDecoder(const Model& model) : model_(model) {}

Status BatchDecoder::check(std::span<const SeqStep> steps) const {
  if (steps.empty()) return invalid_argument("decode batch: no steps");
  const int32_t vocab = static_cast<int32_t>(model_.config().vocab_size);
  for (size_t i = 0; i < steps.size(); ++i) {
    const SeqStep& st = steps[i];
    const std::string where = "decode batch step " + std::to_string(i);
    if (st.session == nullptr) return invalid_argument(where + ": no session");
    if (&st.session->model_ != &model_)
      return invalid_argument(where + ": the session belongs to another model");
    for (size_t j = 0; j < i; ++j)
      if (steps[j].session == st.session)
        return invalid_argument(where + ": its session is also step " + std::to_string(j));
    if (st.token < 0 || st.token >= vocab)
      return invalid_argument(where + ": token id " + std::to_string(st.token) +
                              " outside the vocabulary of " + std::to_string(vocab));
    if (st.session->size() >= st.session->context())
      return resource_exhausted(where + ": context full (" + std::to_string(st.session->size()) +
                                " tokens)");
  }
  return Status::ok();
}

Result<std::span<const float>> BatchDecoder::decode(std::span<const SeqStep> steps) {
  CHORUS_RETURN_IF_ERROR(check(steps));
  const ModelConfig& c = model_.config();
  const int64_t n = static_cast<int64_t>(steps.size());
  int64_t context = 0;
  tokens_buf_.clear();
  rows_buf_.clear();
  for (const SeqStep& st : steps) {
    tokens_buf_.push_back(st.token);
    rows_buf_.push_back({&st.session->kv_, st.session->size()});
    context = std::max(context, st.session->context());
  }
  std::lock_guard<std::mutex> lock(model_.compute_mu_);
  model_.apply_repacked();
  state_.reserve(c, n, model_.pool_.size(), context, n);
  const BatchContext ctx{c, model_.weights(), model_.rope_inv_freq_, model_.pool_, state_};
  CHORUS_RETURN_IF_ERROR(forward_rows(ctx, tokens_buf_, rows_buf_));
  for (const SeqStep& st : steps) st.session->tokens_.push_back(st.token);
  rows_ += static_cast<uint64_t>(n);
  ++passes_;
  return std::span<const float>(state_.logits.data(), static_cast<size_t>(n * c.vocab_size));
}

}  // namespace chorus::model
