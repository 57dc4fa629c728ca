// generate(): the decoding loop shared by `chorus model run`, `chorus model chat` and the server:
// prefill the prompt (reusing the session's cached prefix), then sample, detokenize and stream
// until an end-of-generation token, a stop string or max_tokens.
//
// on_text receives text as it becomes final (whole UTF-8 characters, stop-string prefixes held
// back); returning false cancels. on_token, when set, sees every generated id. Runs on the
// caller's thread; the Session, Sampler and callbacks are used only during the call.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "model/runtime/sampler.h"
#include "model/runtime/session.h"
#include "model/tokenizer/tokenizer.h"

namespace chorus::model {

struct GenerateOptions {
  int64_t max_tokens = 128;
  std::vector<std::string> stop;  // stop strings, matched across token boundaries
};

struct GenerateResult {
  std::vector<int32_t> ids;   // generated ids (an end-of-generation id is not included)
  std::string text;           // the text passed to on_text, concatenated
  std::string finish_reason;  // "stop" (EOG token or stop string), "length" or "cancelled"
  int64_t prompt_tokens = 0;
  int64_t reused_tokens = 0;  // prompt tokens whose KV came from the cache
  double prompt_seconds = 0;  // prefill wall time
  double decode_seconds = 0;  // sampling + decoding wall time
};

Result<GenerateResult> generate(Session& session, Sampler& sampler, const Tokenizer& tokenizer,
                                std::span<const int32_t> prompt, const GenerateOptions& options,
                                const std::function<bool(std::string_view)>& on_text,
                                const std::function<void(int32_t)>& on_token = nullptr);

}  // namespace chorus::model
