#include "trust/moderation/embedding_model.h"

#include <algorithm>
#include <cmath>

#include "base/random.h"

namespace chorus::trust {
namespace {
constexpr uint64_t kMaxEmbeddingWeights = uint64_t{1} << 25;  // 128 MiB of floats
}  // namespace

struct EmbeddingClassifier::Work {
  std::vector<float> h, z, p, gz, gh;  // [dim], [hidden], [labels], [out_in], [dim]
  double sum_v = 0;
};

EmbeddingClassifier::EmbeddingClassifier(size_t num_labels, uint32_t dim, uint32_t hidden,
                                         uint32_t bits)
    : num_labels_(num_labels),
      dim_(dim),
      hidden_(hidden),
      bits_(bits),
      mask_((1u << bits) - 1),
      emb_((size_t{1} << bits) * dim, 0.0f),
      h_w_(static_cast<size_t>(hidden) * dim, 0.0f),
      h_b_(hidden, 0.0f),
      out_w_(num_labels * (hidden ? hidden : dim), 0.0f),
      out_b_(num_labels, 0.0f) {}

void EmbeddingClassifier::forward(const SparseVector& x, Work& w) const {
  w.h.assign(dim_, 0.0f);
  w.sum_v = 0;
  for (size_t i = 0; i < x.size(); ++i) w.sum_v += x.value[i];
  if (w.sum_v > 0) {
    for (size_t i = 0; i < x.size(); ++i) {
      const float a = static_cast<float>(x.value[i] / w.sum_v);
      const float* e = emb(x.index[i]);
      for (uint32_t j = 0; j < dim_; ++j) w.h[j] += a * e[j];
    }
  }
  if (hidden_) {
    w.z.resize(hidden_);
    for (uint32_t u = 0; u < hidden_; ++u) {
      float s = h_b_[u];
      const float* hw = &h_w_[static_cast<size_t>(u) * dim_];
      for (uint32_t j = 0; j < dim_; ++j) s += hw[j] * w.h[j];
      w.z[u] = std::tanh(s);
    }
  } else {
    w.z = w.h;
  }
  const uint32_t n = out_in();
  w.p.resize(num_labels_);
  for (size_t c = 0; c < num_labels_; ++c) {
    float s = out_b_[c];
    const float* ow = &out_w_[c * n];
    for (uint32_t j = 0; j < n; ++j) s += ow[j] * w.z[j];
    w.p[c] = s;
  }
}

void EmbeddingClassifier::logits(const SparseVector& x, float* out) const {
  Work w;
  forward(x, w);
  std::copy(w.p.begin(), w.p.end(), out);
}

void EmbeddingClassifier::sgd_step(const SparseVector& x, int y, float cost, float lr, Work& w) {
  forward(x, w);
  const float mx = *std::max_element(w.p.begin(), w.p.end());
  double sum = 0;
  for (float& v : w.p) sum += (v = std::exp(v - mx));
  for (size_t c = 0; c < num_labels_; ++c) {
    w.p[c] = cost * (static_cast<float>(w.p[c] / sum) - (static_cast<int>(c) == y ? 1.0f : 0.0f));
  }
  const uint32_t n = out_in();
  w.gz.assign(n, 0.0f);
  for (size_t c = 0; c < num_labels_; ++c) {
    float* ow = &out_w_[c * n];
    for (uint32_t j = 0; j < n; ++j) {
      w.gz[j] += w.p[c] * ow[j];
      ow[j] -= lr * w.p[c] * w.z[j];
    }
    out_b_[c] -= lr * w.p[c];
  }
  if (hidden_) {
    w.gh.assign(dim_, 0.0f);
    for (uint32_t u = 0; u < hidden_; ++u) {
      const float g = w.gz[u] * (1.0f - w.z[u] * w.z[u]);
      float* hw = &h_w_[static_cast<size_t>(u) * dim_];
      for (uint32_t j = 0; j < dim_; ++j) {
        w.gh[j] += g * hw[j];
        hw[j] -= lr * g * w.h[j];
      }
      h_b_[u] -= lr * g;
    }
  } else {
    w.gh = w.gz;
  }
  if (!(w.sum_v > 0)) return;
  for (size_t i = 0; i < x.size(); ++i) {
    const float a = lr * static_cast<float>(x.value[i] / w.sum_v);
    float* e = emb(x.index[i]);
    for (uint32_t j = 0; j < dim_; ++j) e[j] -= a * w.gh[j];
  }
}

EmbeddingClassifier EmbeddingClassifier::train(const EmbeddingTrainSet& d, size_t num_labels,
                                               const EmbeddingOptions& o) {
  EmbeddingClassifier m(num_labels, o.dim, o.hidden, o.bits);
  Rng rng(o.seed);
  auto init = [&rng](std::vector<float>& v, double scale) {
    for (float& x : v) x = static_cast<float>((2 * rng.uniform() - 1) * scale);
  };
  init(m.h_w_, 1.0 / std::sqrt(static_cast<double>(o.dim)));
  init(m.out_w_, 1.0 / std::sqrt(static_cast<double>(m.out_in())));
  std::vector<uint32_t> order = d.rows;
  const double total = static_cast<double>(o.epochs) * static_cast<double>(order.size());
  double done = 0;
  Work w;
  for (uint32_t e = 0; e < o.epochs; ++e) {
    for (size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng.below(i)]);
    for (uint32_t r : order) {
      const float lr = o.learning_rate * static_cast<float>(1.0 - done / total);
      m.sgd_step(d.xs[r], d.y[r], d.cost[r], lr, w);
      done += 1;
    }
  }
  return m;
}

void EmbeddingClassifier::serialize(std::string* out) const {
  using binary_io::put_f32;
  using binary_io::put_u32;
  put_u32(out, static_cast<uint32_t>(num_labels_));
  put_u32(out, dim_);
  put_u32(out, hidden_);
  put_u32(out, bits_);
  for (const std::vector<float>* v : {&h_w_, &h_b_, &out_w_, &out_b_}) {
    for (float f : *v) put_f32(out, f);
  }
  std::vector<uint32_t> nonzero;
  for (uint32_t b = 0; b <= mask_; ++b) {
    const float* e = emb(b);
    if (std::any_of(e, e + dim_, [](float f) { return f != 0.0f; })) nonzero.push_back(b);
  }
  put_u32(out, static_cast<uint32_t>(nonzero.size()));
  for (uint32_t b : nonzero) {
    put_u32(out, b);
    for (uint32_t j = 0; j < dim_; ++j) put_f32(out, emb(b)[j]);
  }
}

Result<EmbeddingClassifier> EmbeddingClassifier::parse(binary_io::Reader& r) {
  using binary_io::out_of_range;
  struct Field {
    const char* name;
    uint32_t lo, hi;
    const char* allowed;
  };
  static const Field kFields[] = {{"embedding labels", 2, 256, "2..256"},
                                  {"embedding dim", 1, 256, "1..256"},
                                  {"embedding hidden", 0, 256, "0..256"},
                                  {"embedding bits", 8, 22, "8..22"}};
  uint32_t v[4];
  for (int i = 0; i < 4; ++i) {
    const size_t at = r.offset();
    CHORUS_ASSIGN_OR_RETURN(v[i], r.u32(kFields[i].name));
    if (v[i] < kFields[i].lo || v[i] > kFields[i].hi) {
      return out_of_range(kFields[i].name, at, v[i], kFields[i].allowed);
    }
  }
  if ((uint64_t{1} << v[3]) * v[1] > kMaxEmbeddingWeights) {
    return corruption("2^embedding bits x dim = " + std::to_string((uint64_t{1} << v[3]) * v[1]) +
                      " weights, more than the limit " + std::to_string(kMaxEmbeddingWeights));
  }
  EmbeddingClassifier m(v[0], v[1], v[2], v[3]);
  for (std::vector<float>* vec : {&m.h_w_, &m.h_b_, &m.out_w_, &m.out_b_}) {
    CHORUS_RETURN_IF_ERROR(r.need(vec->size() * 4, "embedding layer"));
    for (float& f : *vec) {
      CHORUS_ASSIGN_OR_RETURN(f, r.f32("embedding layer weight"));
    }
  }
  size_t at = r.offset();
  CHORUS_ASSIGN_OR_RETURN(uint32_t rows, r.u32("embedding rows"));
  if (rows > m.mask_ + uint64_t{1}) return out_of_range("embedding rows", at, rows, "<= 2^bits");
  CHORUS_RETURN_IF_ERROR(r.need(static_cast<size_t>(rows) * (4 + 4 * m.dim_), "embedding rows"));
  int64_t last = -1;
  for (uint32_t i = 0; i < rows; ++i) {
    at = r.offset();
    CHORUS_ASSIGN_OR_RETURN(uint32_t b, r.u32("embedding bucket"));
    if (b > m.mask_ || static_cast<int64_t>(b) <= last) {
      return out_of_range("embedding bucket", at, b, "increasing and below 2^bits");
    }
    last = b;
    float* e = m.emb(b);
    for (uint32_t j = 0; j < m.dim_; ++j) {
      CHORUS_ASSIGN_OR_RETURN(e[j], r.f32("embedding weight"));
    }
  }
  return m;
}

}  // namespace chorus::trust
