// ModelWeights: read-only views of a transformer's tensors inside the mapped GGUF file.
//
// Views point into the file, which must outlive the weights, except matrices that
// repack_weights() or a Repacker moved into an interleaved layout: those live in `repacked` (owned
// here), and their range of the mapping is released and never read again, so the process holds
// one copy. Matrices are [rows = outputs x cols = inputs] (GGUF dims reversed). Norm weights and
// biases must be F32 vectors. Not synchronized: the views a repack replaces are written by it, so
// readers follow the owner's contract (Model: "Weights and the background repack").
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "base/status.h"
#include "model/gguf/gguf.h"
#include "model/quant/quant.h"
#include "model/runtime/model_config.h"

namespace chorus::model {

struct LayerWeights {
  const float* attn_norm = nullptr;  // [dim]
  TensorView wq;                     // [q_dim x dim]
  TensorView wk;                     // [kv_dim x dim]
  TensorView wv;                     // [kv_dim x dim]
  const float* bq = nullptr;         // [q_dim]  qwen2 only, else null
  const float* bk = nullptr;         // [kv_dim] qwen2 only, else null
  const float* bv = nullptr;         // [kv_dim] qwen2 only, else null
  TensorView wo;                     // [dim x q_dim]
  const float* ffn_norm = nullptr;   // [dim]
  TensorView w_gate;                 // [ffn_dim x dim]
  TensorView w_up;                   // [ffn_dim x dim]
  TensorView w_down;                 // [dim x ffn_dim]
};

struct ModelWeights {
  TensorView token_embd;               // [vocab x dim]
  std::vector<LayerWeights> layers;    // n_layers
  const float* output_norm = nullptr;  // [dim]
  TensorView output;                   // [vocab x dim]; token_embd when output.weight is absent
  bool tied_output = false;
  std::shared_ptr<void> repacked;    // the memory of repacked matrices (null: none)
  std::shared_ptr<float[]> vectors;  // owned copies of the norm and bias vectors (own_vectors)

  // Bytes of weights read to decode one token: every matrix once, plus one embedding row.
  uint64_t bytes_per_token() const;
};

// Builds views for every tensor the architecture needs, checking presence, type and shape; an
// error names the tensor and what was expected.
Result<ModelWeights> load_model_weights(const GgufFile& file, const ModelConfig& config);

// The matrices to repack and where each goes: every layer matrix (and an untied output matrix)
// that can_repack_x8(), each once, with a slot in one anonymous buffer.
struct RepackPlan {
  std::vector<TensorView*> views;   // the live views to replace (into the planned ModelWeights)
  std::vector<TensorView> sources;  // their row-layout views at planning time
  std::vector<uint64_t> offsets;    // byte offset of each one's slot in `memory`
  uint64_t total = 0;               // bytes of all slots
  uint8_t* memory = nullptr;        // the buffer, owned by the ModelWeights' `repacked`
};

// Plans the repack of w and maps its buffer into w.repacked (huge pages where the kernel allows;
// no memory is touched yet). Fails, changing nothing, only when the buffer cannot be mapped.
Result<RepackPlan> plan_repack(ModelWeights& w);
// Writes matrix i of `plan` into its slot and returns the view of it; the live view is not
// touched. `populate`: first read the source in one run (MADV_POPULATE_READ; file mappings only).
// Safe on several threads for distinct i, and while others read the source.
TensorView repack_matrix(const RepackPlan& plan, size_t i, bool populate);
// Drops this process's pages of matrix i's source (whole pages inside it) from a file mapping
// (madvise MADV_DONTNEED: they stay in the page cache and fault back in if read).
void release_source(const RepackPlan& plan, size_t i);

// Repacks all of plan_repack(w) now on `threads` threads, replacing each view and, when
// `release_source_pages` (only for a file mapping: GgufFile::is_mapped()), releasing each source
// once copied. Returns the bytes repacked; fails (changing nothing) only when the buffer cannot be
// mapped.
Result<uint64_t> repack_weights(ModelWeights& w, bool release_source_pages, int threads);

// Repacker: a Model's background repack (RepackMode::kBackground), the counterpart of
// repack_weights() that runs beside forward passes.
//
// Worker threads repack the planned matrices one at a time into their slots of the anonymous
// buffer, outside any lock, then hand them on as "ready". Publishing a ready matrix writes its
// live TensorView (the Model's weights) and then releases its source pages of the file mapping.
//
// Invariants and synchronization:
// - The live views in plan.views are written only by publish_ready(), whose callers hold the
//   Model's views mutex (its compute mutex, held for every forward pass). A reader of the views
//   therefore either holds that mutex or reads after finished() returned true (an acquire load
//   of a flag stored, with release, after the last write).
// - A matrix's source pages are released only after its view was swapped, under the same mutex,
//   so no pass reads a released range (were one read, it would only fault back in).
// - Who publishes: a worker after each matrix when it gets the mutex without waiting, a forward
//   pass at its start (Model::apply_repacked), and the last worker at the end (waiting). A worker
//   waits for the mutex instead only when ready matrices hold more than kReadyBudget bytes, which
//   bounds the memory held twice (source pages and slot) while a long pass keeps the mutex.
// - Lock order: views mutex, then mu_. Workers never hold mu_ while waiting for the views mutex.

// How far a background repack has come.
struct RepackProgress {
  int64_t total = 0;      // matrices to repack
  int64_t repacked = 0;   // written to their slots
  int64_t published = 0;  // swapped into the live views (forward passes read them repacked)
  bool finished = false;  // all published, sources released; the views are final
};

class Repacker {
 public:
  // Bytes of repacked-but-unpublished matrices above which a worker waits for the views mutex.
  static constexpr uint64_t kReadyBudget = uint64_t{64} << 20;

  // Starts `threads` workers over `plan`. `release_source`: release each source once published
  // (file mappings only). `hold_after` >= 0: the workers stop after that many matrices until
  // resume() (tests and measurements). `on_finish` runs once, on the last worker, holding
  // views_mu, after the last view was published (e.g. to release what is no longer read).
  Repacker(RepackPlan plan, bool release_source, int threads, int64_t hold_after,
           std::mutex& views_mu, std::function<void()> on_finish);
  // Stops the workers after the matrix each is writing and joins them; matrices not published
  // stay in their row layout (the slots remain valid until the plan's buffer is unmapped).
  ~Repacker();
  Repacker(const Repacker&) = delete;
  Repacker& operator=(const Repacker&) = delete;

  // Publishes every ready matrix. The caller holds views_mu.
  void publish_ready();
  // True once every view is final (acquire: the writes before it are visible).
  bool finished() const { return finished_.load(std::memory_order_acquire); }
  // Blocks until finished(), or, while held, until the matrices before the hold are repacked.
  // The caller must not hold views_mu (the last publish needs it).
  void wait() const;
  void resume();
  RepackProgress progress() const;

 private:
  void work();
  // Claims the next matrix, waiting out a hold; false when there is none or on stop.
  bool claim(size_t& i);
  // Publishes under views_mu, taken without waiting unless `wait` or over budget.
  void try_publish(bool wait);

  RepackPlan plan_;
  const bool release_source_;
  std::mutex& views_mu_;
  std::function<void()> on_finish_;

  mutable std::mutex mu_;  // guards the fields below
  mutable std::condition_variable cv_;
  size_t next_ = 0;   // the next matrix to claim
  size_t limit_ = 0;  // claims stop here until resume() (plan size when not held)
  int64_t repacked_ = 0;
  int64_t published_ = 0;
  int running_ = 0;  // workers not yet done
  bool stop_ = false;
  std::vector<TensorView> packed_;  // the repacked view of each ready matrix
  std::vector<size_t> ready_;       // repacked, not yet published
  uint64_t ready_bytes_ = 0;

  std::atomic<bool> finished_{false};
  std::vector<std::thread> workers_;  // last: started after everything above exists
};

}  // namespace chorus::model
