// LocalEngine: a local GGUF model serving many requests at once (continuous batching).
//
// `parallel` Sessions share one Model. A scheduler thread admits queued requests into free
// sessions between steps — choosing the free session whose cached tokens share the longest
// prefix with the prompt, so a repeated system prompt is not recomputed — and prefills them
// (each prompt in its own pass). Then each step samples the next token of every active
// sequence, streams its text, retires finished or cancelled sequences, and decodes the tokens
// of all that go on in one forward pass (model::BatchDecoder: the weights are read once per
// step for all of them). Sequences join and leave between steps. Requests beyond `max_queue`
// waiting are refused (kResourceExhausted).
//
// response_format json_object: at each step tokens whose text cannot continue a JSON object
// (JsonPrefix) are masked out before sampling, end-of-generation is allowed only once the object
// is complete, and generation stops as soon as it is; finish_reason "length" can still cut it.
//
// Thread-safety: generate()/embed()/stats from any thread; the scheduler thread owns the
// sessions.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "model/runtime/batch_decoder.h"
#include "model/runtime/chat_template.h"
#include "model/runtime/embedder.h"
#include "model/runtime/model.h"
#include "model/runtime/session.h"
#include "model/tokenizer/tokenizer.h"
#include "server/chat_backend.h"

namespace chorus::server {

struct LocalEngineOptions {
  std::string path;
  std::string name;  // model id; default: file name without .gguf
  int threads = 1;
  int parallel = 4;
  int64_t context = 2048;
  int max_queue = 64;
};

class LocalEngine : public ChatBackend {
 public:
  static Result<std::unique_ptr<LocalEngine>> load(const LocalEngineOptions& options);
  ~LocalEngine() override;

  std::string model_name() const override { return name_; }
  Result<std::shared_ptr<GenerationStream>> generate(const GenerationRequest& request) override;
  Result<Embedding> embed(const std::string& text) override;
  size_t queue_depth() const override;
  size_t active_sequences() const override { return active_.load(); }
  void stop() override;

  uint64_t tokens_generated() const { return tokens_generated_.load(); }
  uint64_t prompt_tokens_reused() const { return reused_tokens_.load(); }
  uint64_t sequences_cancelled() const override { return cancelled_.load(); }
  // Batched decode passes run, sequence steps they evaluated (rows / passes is the mean batch
  // size) and the sequences of the latest pass.
  uint64_t decode_passes() const { return decode_passes_.load(); }
  uint64_t decode_rows() const { return decode_rows_.load(); }
  size_t last_batch_size() const { return last_batch_.load(); }
  // The three above; passes and rows read together may be one pass apart.
  std::optional<BatchStats> batch_stats() const override;
  const model::Tokenizer& tokenizer() const { return tokenizer_; }
  int64_t context() const { return context_; }

 private:
  struct Job;
  struct Slot;
  LocalEngine(std::unique_ptr<model::Model> model, model::Tokenizer tokenizer,
              model::ChatFormat format, const LocalEngineOptions& options, int64_t context);
  void loop();
  bool wait_for_work(std::vector<std::pair<Job, Slot*>>* admitted);
  void start(Job job, Slot* slot);
  // Samples and streams the slot's next token; true (with the id) when it goes on and the id
  // must be decoded, false when the sequence was retired.
  bool advance(Slot& slot, int32_t* next);
  // Decodes steps[i] of slots[i] for every i in one pass; their logits point into batch_.
  void decode(std::span<const model::SeqStep> steps, std::span<Slot* const> slots);
  void retire(Slot& slot, const std::string& reason);
  int32_t sample(Slot& slot);

  std::unique_ptr<model::Model> model_;
  model::Tokenizer tokenizer_;
  model::ChatFormat format_;
  std::string name_;
  int64_t context_;
  int max_queue_;
  std::vector<std::string> pieces_;  // token_to_piece of every id (JSON masking)
  std::vector<int32_t> eog_ids_;     // end-of-generation token ids (ignore_eos)
  std::vector<std::unique_ptr<Slot>> slots_;
  model::BatchDecoder batch_;  // the scheduler thread's

  mutable std::mutex mu_;  // guards waiting_, stopping_, Slot::busy
  std::condition_variable cv_;
  std::deque<Job> waiting_;
  bool stopping_ = false;
  std::thread scheduler_;

  std::mutex embed_mu_;
  std::unique_ptr<model::Embedder> embedder_;

  std::atomic<size_t> active_{0};
  std::atomic<uint64_t> tokens_generated_{0}, reused_tokens_{0}, cancelled_{0};
  std::atomic<uint64_t> decode_passes_{0}, decode_rows_{0};
  std::atomic<size_t> last_batch_{0};
};

}  // namespace chorus::server
