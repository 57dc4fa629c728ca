#include "model/runtime/weight_residency.h"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <utility>
#include <vector>

namespace chorus::model {
namespace {

// Every borrowed vector of the weights with its length in floats (absent biases are null).
std::vector<std::pair<const float**, int64_t>> vector_fields(ModelWeights& w, int64_t dim,
                                                             int64_t q_dim, int64_t kv_dim) {
  std::vector<std::pair<const float**, int64_t>> out = {{&w.output_norm, dim}};
  for (LayerWeights& L : w.layers) {
    out.insert(out.end(), {{&L.attn_norm, dim},
                           {&L.ffn_norm, dim},
                           {&L.bq, q_dim},
                           {&L.bk, kv_dim},
                           {&L.bv, kv_dim}});
  }
  return out;
}

// A byte range [begin, end) of the mapping.
struct Span {
  uintptr_t begin, end;
};

Span span_of(const TensorView& v) {
  const auto p = reinterpret_cast<uintptr_t>(v.data);
  return {p, p + v.row_bytes * static_cast<uint64_t>(v.rows)};
}

}  // namespace

void own_vectors(ModelWeights& w, const ModelConfig& c) {
  auto fields = vector_fields(w, c.dim, c.q_dim(), c.kv_dim());
  int64_t total = 0;
  for (const auto& [field, n] : fields)
    if (*field != nullptr) total += n;
  std::shared_ptr<float[]> copy(new float[static_cast<size_t>(std::max<int64_t>(total, 1))]);
  float* at = copy.get();
  for (const auto& [field, n] : fields) {
    if (*field == nullptr) continue;
    std::memcpy(at, *field, static_cast<size_t>(n) * sizeof(float));
    *field = at;
    at += n;
  }
  w.vectors = std::move(copy);
}

uint64_t release_unread_tensors(const GgufFile& f, const ModelWeights& w) {
  if (!f.is_mapped() || f.tensors().empty()) return 0;
  Span data{UINTPTR_MAX, 0};
  for (const GgufTensor& t : f.tensors()) {
    const auto p = reinterpret_cast<uintptr_t>(t.data);
    data = {std::min(data.begin, p), std::max(data.end, p + t.nbytes)};
  }
  // The matrices still read from the mapping, in address order.
  std::vector<Span> kept;
  auto keep = [&](const TensorView& v) {
    const Span s = span_of(v);
    if (s.begin >= data.begin && s.begin < data.end) kept.push_back(s);
  };
  keep(w.token_embd);
  keep(w.output);
  for (const LayerWeights& L : w.layers)
    for (const TensorView* v : {&L.wq, &L.wk, &L.wv, &L.wo, &L.w_gate, &L.w_up, &L.w_down})
      keep(*v);
  std::sort(kept.begin(), kept.end(), [](Span a, Span b) { return a.begin < b.begin; });
  kept.push_back({data.end, data.end});
  // Whole pages of every gap between kept ranges.
  const auto page = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
  uint64_t released = 0;
  uintptr_t from = data.begin;
  for (const Span& k : kept) {
    const uintptr_t b = (from + page - 1) / page * page, e = k.begin / page * page;
    if (e > b) {
      madvise(reinterpret_cast<void*>(b), e - b, MADV_DONTNEED);
      released += e - b;
    }
    from = std::max(from, k.end);
  }
  return released;
}

}  // namespace chorus::model
