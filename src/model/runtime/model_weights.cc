#include "model/runtime/model_weights.h"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>
#include <thread>
#include <utility>

namespace chorus::model {
namespace {

std::string dims_string(const std::vector<int64_t>& dims) {
  std::string s = "[";
  for (size_t i = 0; i < dims.size(); ++i) s += (i ? ", " : "") + std::to_string(dims[i]);
  return s + "]";
}

// A matrix with GGUF dims [cols, rows].
Result<TensorView> matrix(const GgufFile& f, const std::string& name, int64_t rows, int64_t cols) {
  const GgufTensor* t = f.tensor(name);
  if (t == nullptr) return invalid_argument("tensor '" + name + "': missing");
  if (t->dims.size() != 2 || t->dims[0] != cols || t->dims[1] != rows)
    return invalid_argument("tensor '" + name + "': dims " + dims_string(t->dims) + ", expected [" +
                            std::to_string(cols) + ", " + std::to_string(rows) + "]");
  const GgmlType type = static_cast<GgmlType>(t->type);
  const TypeTraits* tr = type_traits(type);
  if (tr == nullptr || tr->vec_dot == nullptr) {
    const GgmlTypeInfo* info = ggml_type_info(t->type);
    return invalid_argument("tensor '" + name + "': type " +
                            std::string(info ? info->name : std::to_string(t->type)) +
                            " is not supported for matrices");
  }
  Result<TensorView> v = TensorView::make(type, t->data, rows, cols);
  if (!v.is_ok()) return v.status().with_context("tensor '" + name + "'");
  return v;
}

// An F32 vector of n elements; null (and ok) when absent and optional.
Result<const float*> vector(const GgufFile& f, const std::string& name, int64_t n, bool optional) {
  const GgufTensor* t = f.tensor(name);
  if (t == nullptr) {
    if (optional) return static_cast<const float*>(nullptr);
    return invalid_argument("tensor '" + name + "': missing");
  }
  if (t->type != static_cast<uint32_t>(GgmlType::F32) || t->elements() != n)
    return invalid_argument("tensor '" + name + "': expected F32 with " + std::to_string(n) +
                            " elements, got type " + std::to_string(t->type) + " dims " +
                            dims_string(t->dims));
  return reinterpret_cast<const float*>(t->data);
}

Result<LayerWeights> load_layer(const GgufFile& f, const ModelConfig& c, int64_t i) {
  const std::string p = "blk." + std::to_string(i) + ".";
  const bool bias = c.arch == Arch::kQwen2;
  LayerWeights L;
  CHORUS_ASSIGN_OR_RETURN(L.attn_norm, vector(f, p + "attn_norm.weight", c.dim, false));
  CHORUS_ASSIGN_OR_RETURN(L.wq, matrix(f, p + "attn_q.weight", c.q_dim(), c.dim));
  CHORUS_ASSIGN_OR_RETURN(L.wk, matrix(f, p + "attn_k.weight", c.kv_dim(), c.dim));
  CHORUS_ASSIGN_OR_RETURN(L.wv, matrix(f, p + "attn_v.weight", c.kv_dim(), c.dim));
  CHORUS_ASSIGN_OR_RETURN(L.bq, vector(f, p + "attn_q.bias", c.q_dim(), !bias));
  CHORUS_ASSIGN_OR_RETURN(L.bk, vector(f, p + "attn_k.bias", c.kv_dim(), !bias));
  CHORUS_ASSIGN_OR_RETURN(L.bv, vector(f, p + "attn_v.bias", c.kv_dim(), !bias));
  CHORUS_ASSIGN_OR_RETURN(L.wo, matrix(f, p + "attn_output.weight", c.dim, c.q_dim()));
  CHORUS_ASSIGN_OR_RETURN(L.ffn_norm, vector(f, p + "ffn_norm.weight", c.dim, false));
  CHORUS_ASSIGN_OR_RETURN(L.w_gate, matrix(f, p + "ffn_gate.weight", c.ffn_dim, c.dim));
  CHORUS_ASSIGN_OR_RETURN(L.w_up, matrix(f, p + "ffn_up.weight", c.ffn_dim, c.dim));
  CHORUS_ASSIGN_OR_RETURN(L.w_down, matrix(f, p + "ffn_down.weight", c.dim, c.ffn_dim));
  return L;
}

uint64_t matrix_bytes(const TensorView& v) {
  return v.row_bytes * static_cast<uint64_t>(v.rows);
}

}  // namespace

Result<ModelWeights> load_model_weights(const GgufFile& f, const ModelConfig& c) {
  ModelWeights w;
  CHORUS_ASSIGN_OR_RETURN(w.token_embd, matrix(f, "token_embd.weight", c.vocab_size, c.dim));
  CHORUS_ASSIGN_OR_RETURN(w.output_norm, vector(f, "output_norm.weight", c.dim, false));
  if (f.tensor("output.weight") != nullptr) {
    CHORUS_ASSIGN_OR_RETURN(w.output, matrix(f, "output.weight", c.vocab_size, c.dim));
  } else {
    w.output = w.token_embd;
    w.tied_output = true;
  }
  for (int64_t i = 0; i < c.n_layers; ++i) {
    CHORUS_ASSIGN_OR_RETURN(LayerWeights L, load_layer(f, c, i));
    w.layers.push_back(L);
  }
  return w;
}

namespace {

// The matrices repack_weights() may move, each once (a tied output is the embedding table, which
// is read by rows and stays in the file).
std::vector<TensorView*> repack_candidates(ModelWeights& w) {
  std::vector<TensorView*> out;
  for (LayerWeights& L : w.layers)
    for (TensorView* v : {&L.wq, &L.wk, &L.wv, &L.wo, &L.w_gate, &L.w_up, &L.w_down})
      if (can_repack_x8(*v)) out.push_back(v);
  if (!w.tied_output && can_repack_x8(w.output)) out.push_back(&w.output);
  return out;
}

void* page_floor(const void* p) {
  const auto page = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
  return reinterpret_cast<void*>(reinterpret_cast<uintptr_t>(p) / page * page);
}

// Drops this process's pages of [p, p + n) of a read-only file mapping (whole pages inside only).
void release_mapped(const void* p, size_t n) {
  const auto page = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
  const auto begin = (reinterpret_cast<uintptr_t>(p) + page - 1) / page * page;
  const auto end = (reinterpret_cast<uintptr_t>(p) + n) / page * page;
  if (end > begin) madvise(reinterpret_cast<void*>(begin), end - begin, MADV_DONTNEED);
}

}  // namespace

Result<RepackPlan> plan_repack(ModelWeights& w) {
  RepackPlan plan;
  plan.views = repack_candidates(w);
  for (const TensorView* v : plan.views) {
    plan.sources.push_back(*v);
    plan.offsets.push_back(plan.total);
    plan.total += repacked_x8_bytes(*v);
  }
  if (plan.total == 0) return plan;
  const uint64_t total = plan.total;
  void* mem = mmap(nullptr, total, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mem == MAP_FAILED)
    return resource_exhausted("repack_weights: cannot map " + std::to_string(total) +
                              " bytes: " + std::strerror(errno));
  madvise(mem, total, MADV_HUGEPAGE);  // advice only: fewer faults and TLB misses when granted
  w.repacked = std::shared_ptr<void>(mem, [total](void* p) { munmap(p, total); });
  plan.memory = static_cast<uint8_t*>(mem);
  return plan;
}

TensorView repack_matrix(const RepackPlan& plan, size_t i, bool populate) {
  const TensorView& from = plan.sources[i];
  if (populate) madvise(page_floor(from.data), matrix_bytes(from), MADV_POPULATE_READ);
  return repack_x8(from, plan.memory + plan.offsets[i]);
}

void release_source(const RepackPlan& plan, size_t i) {
  release_mapped(plan.sources[i].data, matrix_bytes(plan.sources[i]));
}

Result<uint64_t> repack_weights(ModelWeights& w, bool release_source_pages, int threads) {
  CHORUS_ASSIGN_OR_RETURN(const RepackPlan plan, plan_repack(w));
  // Thread k repacks matrices k, k + n, ...; each touches its source once, in large runs.
  auto work = [&](size_t k, size_t n) {
    for (size_t i = k; i < plan.views.size(); i += n) {
      *plan.views[i] = repack_matrix(plan, i, release_source_pages);
      if (release_source_pages) release_source(plan, i);
    }
  };
  const size_t n = static_cast<size_t>(std::clamp(threads, 1, 16));
  std::vector<std::thread> team;
  for (size_t k = 1; k < n; ++k) team.emplace_back(work, k, n);
  work(0, n);
  for (std::thread& t : team) t.join();
  return plan.total;
}

uint64_t ModelWeights::bytes_per_token() const {
  uint64_t total = token_embd.row_bytes + matrix_bytes(output);
  for (const LayerWeights& L : layers)
    total += matrix_bytes(L.wq) + matrix_bytes(L.wk) + matrix_bytes(L.wv) + matrix_bytes(L.wo) +
             matrix_bytes(L.w_gate) + matrix_bytes(L.w_up) + matrix_bytes(L.w_down);
  return total;
}

Repacker::Repacker(RepackPlan plan, bool release_source, int threads, int64_t hold_after,
                   std::mutex& views_mu, std::function<void()> on_finish)
    : plan_(std::move(plan)),
      release_source_(release_source),
      views_mu_(views_mu),
      on_finish_(std::move(on_finish)) {
  const size_t n = plan_.views.size();
  limit_ = hold_after < 0 ? n : std::min(n, static_cast<size_t>(hold_after));
  packed_.resize(n);
  const int n_workers = std::clamp(threads, 1, 16);
  running_ = n_workers;  // before any worker starts: each counts itself out at its end
  for (int k = 0; k < n_workers; ++k) workers_.emplace_back([this] { work(); });
}

Repacker::~Repacker() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  for (std::thread& t : workers_) t.join();
}

bool Repacker::claim(size_t& i) {
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait(lock, [&] { return stop_ || next_ < limit_ || next_ >= packed_.size(); });
  if (stop_ || next_ >= packed_.size()) return false;
  i = next_++;
  return true;
}

void Repacker::work() {
  size_t i = 0;
  while (claim(i)) {
    const TensorView packed = repack_matrix(plan_, i, release_source_);
    bool over = false;
    {
      std::lock_guard<std::mutex> lock(mu_);
      packed_[i] = packed;
      ready_.push_back(i);
      ready_bytes_ += repacked_x8_bytes(plan_.sources[i]);
      ++repacked_;
      over = ready_bytes_ > kReadyBudget;
    }
    cv_.notify_all();  // wait() may be waiting for the matrices before a hold
    try_publish(over);
  }
  bool last = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    last = --running_ == 0 && !stop_;
  }
  if (!last) return;
  {
    std::lock_guard<std::mutex> views(views_mu_);
    publish_ready();
    if (on_finish_) on_finish_();
    finished_.store(true, std::memory_order_release);
  }
  std::lock_guard<std::mutex> lock(mu_);  // wait() checks finished() under mu_
  cv_.notify_all();
}

void Repacker::try_publish(bool wait) {
  for (;;) {
    std::unique_lock<std::mutex> views(views_mu_, std::defer_lock);
    if (wait) {
      views.lock();
    } else if (!views.try_lock()) {
      return;  // a pass holds it and publishes at its next start; or this worker, after its next
    }
    publish_ready();
    views.unlock();
    // A matrix another worker made ready while this one held the mutex (its try failed).
    std::lock_guard<std::mutex> lock(mu_);
    if (ready_.empty()) return;
  }
}

void Repacker::publish_ready() {
  std::vector<size_t> ready;
  std::vector<TensorView> views;
  {
    std::lock_guard<std::mutex> lock(mu_);
    ready.swap(ready_);
    ready_bytes_ = 0;
    for (size_t i : ready) views.push_back(packed_[i]);
  }
  if (ready.empty()) return;
  for (size_t k = 0; k < ready.size(); ++k) *plan_.views[ready[k]] = views[k];
  if (release_source_)
    for (size_t i : ready) release_source(plan_, i);
  std::lock_guard<std::mutex> lock(mu_);
  published_ += static_cast<int64_t>(ready.size());
}

void Repacker::wait() const {
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait(lock, [&] {
    return finished() || stop_ ||
           (limit_ < packed_.size() && repacked_ == static_cast<int64_t>(limit_));
  });
}

void Repacker::resume() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    limit_ = packed_.size();
  }
  cv_.notify_all();
}

RepackProgress Repacker::progress() const {
  std::lock_guard<std::mutex> lock(mu_);
  return {static_cast<int64_t>(packed_.size()), repacked_, published_, finished()};
}

}  // namespace chorus::model
