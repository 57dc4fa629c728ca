#include "model/runtime/generate.h"

#include <chrono>

#include "model/runtime/stop_strings.h"

namespace chorus::model {
namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

Result<GenerateResult> generate(Session& session, Sampler& sampler, const Tokenizer& tokenizer,
                                std::span<const int32_t> prompt, const GenerateOptions& options,
                                const std::function<bool(std::string_view)>& on_text,
                                const std::function<void(int32_t)>& on_token) {
  GenerateResult r;
  r.prompt_tokens = static_cast<int64_t>(prompt.size());
  auto t0 = std::chrono::steady_clock::now();
  CHORUS_ASSIGN_OR_RETURN(std::span<const float> logits, session.prefill(prompt));
  r.prompt_seconds = seconds_since(t0);
  r.reused_tokens = session.reused_tokens();
  for (int32_t id : prompt) sampler.accept(id);

  StopStrings stops(options.stop);
  Detokenizer detok(tokenizer);
  auto emit = [&](const std::string& text) {
    if (text.empty()) return true;
    r.text += text;
    return on_text ? on_text(text) : true;
  };
  t0 = std::chrono::steady_clock::now();
  r.finish_reason = "length";
  while (static_cast<int64_t>(r.ids.size()) < options.max_tokens) {
    const int32_t id = sampler.sample(logits);
    if (tokenizer.is_eog(id)) {
      r.finish_reason = "stop";
      break;
    }
    r.ids.push_back(id);
    sampler.accept(id);
    if (on_token) on_token(id);
    if (!emit(stops.feed(detok.push(id)))) {
      r.finish_reason = "cancelled";
      break;
    }
    if (stops.stopped()) {
      r.finish_reason = "stop";
      break;
    }
    if (static_cast<int64_t>(r.ids.size()) == options.max_tokens ||
        session.size() >= session.context())
      break;
    CHORUS_ASSIGN_OR_RETURN(logits, session.decode(id));
  }
  // The last sampled id is not yet in the cache; a chat's next prefill re-evaluates it.
  if (r.finish_reason != "cancelled" && !stops.stopped())
    emit(stops.feed(detok.finish()) + stops.finish());
  r.decode_seconds = seconds_since(t0);
  return r;
}

}  // namespace chorus::model
