// Parsing of OpenAI request bodies into a GenerationRequest.
//
// Chat (/v1/chat/completions): messages (role system|developer|user|assistant; content a string
// or an array of {"type":"text","text"} parts), max_tokens or max_completion_tokens, temperature
// [0, 2] (default 1), top_p (0, 1] (default 1), stop (string or up to 4 strings), seed,
// presence_penalty / frequency_penalty [-2, 2], n (only 1), response_format {"type":"text" |
// "json_object"}, stream, stream_options.include_usage. Completions (/v1/completions): prompt
// (a string, or an array of one string) instead of messages. Unknown fields are ignored, as
// OpenAI does. Errors are kInvalidArgument with `param` naming the field.
#pragma once

#include <string>

#include "base/status.h"
#include "server/chat_backend.h"

namespace chorus::server {

struct OpenAiRequest {
  GenerationRequest generation;
  std::string model;
  bool stream = false;
  bool include_usage = false;
};

struct ParseError {
  Status status;
  std::string param;
};

// Returns ok or fills *error (status kInvalidArgument and the field name).
bool parse_openai_request(std::string_view body, bool chat, OpenAiRequest* out, ParseError* error);

}  // namespace chorus::server
