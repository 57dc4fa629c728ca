// Generator: where answer text comes from when a model is available — the local GGUF runtime
// (LocalGenerator) or anything else that turns chat messages into text, such as the server's
// remote OpenAI-compatible backend, which implements this interface.
// A Generator serves one generation at a time unless the implementation says otherwise.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "model/runtime/chat_template.h"

namespace chorus::model {
class Model;
class Session;
class Tokenizer;
}  // namespace chorus::model

namespace chorus::answer {

// Receives answer text as it is produced; returning false cancels.
using TextCallback = std::function<bool(std::string_view)>;

class Generator {
 public:
  virtual ~Generator() = default;
  // The text of the assistant's reply to `messages` (also streamed through on_text, if set).
  virtual Result<std::string> generate(const std::vector<model::ChatMessage>& messages,
                                       int64_t max_tokens, const TextCallback& on_text) = 0;
  // Tokens `messages` take as a prompt, or -1 when unknown (no limit is then applied).
  virtual int64_t prompt_tokens(const std::vector<model::ChatMessage>& messages) const = 0;
  // Context size in tokens, or -1 when unknown.
  virtual int64_t context() const = 0;
  virtual std::string name() const = 0;
};

struct LocalGeneratorOptions {
  int threads = 1;
  int64_t context = 4096;  // capped by the model's context length
  float temperature = 0;   // greedy by default: answers should be reproducible
  uint64_t seed = 0;
};

// The local runtime: a GGUF model, its tokenizer and chat template, one Session reused across
// calls (the shared system prompt's KV stays cached). Not thread-safe.
class LocalGenerator final : public Generator {
 public:
  static Result<std::unique_ptr<LocalGenerator>> load(const std::string& path,
                                                      const LocalGeneratorOptions& options);
  ~LocalGenerator() override;

  Result<std::string> generate(const std::vector<model::ChatMessage>& messages, int64_t max_tokens,
                               const TextCallback& on_text) override;
  int64_t prompt_tokens(const std::vector<model::ChatMessage>& messages) const override;
  int64_t context() const override;
  std::string name() const override { return name_; }

 private:
  struct State;
  explicit LocalGenerator(std::unique_ptr<State> state, std::string name);
  Result<std::vector<int32_t>> encode(const std::vector<model::ChatMessage>& messages) const;

  std::unique_ptr<State> state_;
  std::string name_;
};

}  // namespace chorus::answer
