// ChatBackend: what generates text for the OpenAI endpoints (and for route modules such as the
// answer engine's): a local model behind the continuous-batching scheduler (LocalEngine) or a
// pool of remote OpenAI-compatible servers (RemotePool).
//
// generate() validates and queues a request and returns its stream at once; errors are
// kInvalidArgument (bad request: 400), kResourceExhausted (queue full: 429 with Retry-After),
// kUnavailable (loading or stopping, no healthy backend: 503). Implementations are thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "model/runtime/chat_template.h"
#include "model/runtime/sampler.h"
#include "server/generation_stream.h"

namespace chorus::server {

struct GenerationRequest {
  // Chat: messages rendered with the model's template. Completion: `prompt` used verbatim.
  std::vector<model::ChatMessage> messages;
  std::string prompt;
  bool is_chat = true;
  int64_t max_tokens = 0;  // 0: until the context is full
  model::SamplerParams sampling;
  bool seed_given = false;
  std::vector<std::string> stop;
  bool json_object = false;  // response_format {"type":"json_object"}
  bool ignore_eos = false;   // end-of-generation tokens are never sampled (llama.cpp extension)
};

// Continuous-batching counters of a backend that decodes its sequences in batched passes.
struct BatchStats {
  uint64_t decode_passes = 0;  // batched forward passes run since start
  uint64_t decode_rows = 0;    // sequence steps those passes evaluated (rows / passes: mean size)
  uint64_t last_batch = 0;     // sequences in the latest pass (0 before the first)
};

struct Embedding {
  std::vector<float> vector;
  int64_t tokens = 0;
};

class ChatBackend {
 public:
  virtual ~ChatBackend() = default;
  // The model id shown in /v1/models and in replies.
  virtual std::string model_name() const = 0;
  virtual Result<std::shared_ptr<GenerationStream>> generate(const GenerationRequest& request) = 0;
  virtual Result<Embedding> embed(const std::string& text) = 0;
  // Requests waiting for a sequence / sequences generating (0 where not applicable).
  virtual size_t queue_depth() const = 0;
  virtual size_t active_sequences() const = 0;
  // Sequences ended early because their client went away.
  virtual uint64_t sequences_cancelled() const { return 0; }
  // The batching counters; none where generation runs elsewhere (a remote backend).
  virtual std::optional<BatchStats> batch_stats() const { return std::nullopt; }
  // Stops accepting, cancels what runs, and joins threads. Idempotent.
  virtual void stop() = 0;
};

}  // namespace chorus::server
