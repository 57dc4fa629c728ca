#include "trust/moderation/linear_model.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace chorus::trust {
namespace {
constexpr size_t kMaxLabelsOnStack = 16;
}  // namespace

LinearModel::LinearModel(FeatureConfig config, std::vector<std::string> labels)
    : labels_(std::move(labels)),
      hasher_(config),
      weights_(static_cast<size_t>(config.buckets()) * labels_.size(), 0.0f),
      bias_(labels_.size(), 0.0f) {}

void softmax(float* s, size_t n) {
  if (n == 0) return;
  const float mx = *std::max_element(s, s + n);
  double sum = 0;
  for (size_t i = 0; i < n; ++i) {
    s[i] = std::exp(s[i] - mx);
    sum += s[i];
  }
  for (size_t i = 0; i < n; ++i) s[i] = static_cast<float>(s[i] / sum);
}

void LinearModel::scores(const SparseVector& x, float* out) const {
  const size_t k = labels_.size();
  std::copy(bias_.begin(), bias_.end(), out);
  for (size_t i = 0; i < x.size(); ++i) {
    const float* w = row(x.index[i]);
    const float v = x.value[i];
    for (size_t c = 0; c < k; ++c) out[c] += w[c] * v;
  }
  if (kernel_ && k == 2) {
    const float half = 0.5f * kernel_scale_ * kernel_->margin(x, hasher_.vector_buckets());
    out[0] -= half;
    out[1] += half;
  }
  if (!member_) return;
  float logits[kMaxLabelsOnStack];
  std::vector<float> heap;
  float* l = logits;
  if (k > kMaxLabelsOnStack) {
    heap.resize(k);
    l = heap.data();
  }
  member_->logits(x, l);
  for (size_t c = 0; c < k; ++c) out[c] += member_scale_ * l[c];
}

std::vector<float> LinearModel::predict(const SparseVector& x) const {
  std::vector<float> p(labels_.size());
  scores(x, p.data());
  softmax(p.data(), p.size());
  return p;
}

std::vector<float> LinearModel::predict(std::string_view text) const {
  return predict(hasher_.extract(text));
}

Status LinearModel::save(Env* env, const std::string& path) const {
  return env->write_file_atomic(path, serialize()).with_context("writing model " + path);
}

Result<LinearModel> LinearModel::load(Env* env, const std::string& path) {
  CHORUS_ASSIGN_OR_RETURN(std::string bytes, env->read_file(path));
  Result<LinearModel> m = parse(bytes);
  if (!m.is_ok()) return m.status().with_context("model " + path);
  return m;
}

}  // namespace chorus::trust
