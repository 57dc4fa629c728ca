// libFuzzer target for the OpenAI request parser (server/openai_request.h): the first byte picks
// chat (even) or completions (odd), the rest is the request body. Any body is either refused with
// kInvalidArgument and the field named, or accepted with every documented range holding
// (sampling parameters valid, at most 4 non-empty stop strings, a chat request with messages, a
// completion request with no messages). A broken contract traps.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "server/openai_request.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const bool chat = data[0] % 2 == 0;
  std::string_view body(reinterpret_cast<const char*>(data) + 1, size - 1);
  chorus::server::OpenAiRequest request;
  chorus::server::ParseError error;
  if (!chorus::server::parse_openai_request(body, chat, &request, &error)) {
    if (error.status.code() != chorus::StatusCode::kInvalidArgument) __builtin_trap();
    if (error.status.message().empty()) __builtin_trap();
    return 0;
  }
  const chorus::server::GenerationRequest& g = request.generation;
  if (!g.sampling.validate().is_ok()) __builtin_trap();
  if (g.max_tokens < 0 || g.stop.size() > 4) __builtin_trap();
  for (const auto& s : g.stop) {
    if (s.empty()) __builtin_trap();
  }
  if (g.is_chat != chat) __builtin_trap();
  if (chat ? g.messages.empty() : !g.messages.empty()) __builtin_trap();
  return 0;
}
