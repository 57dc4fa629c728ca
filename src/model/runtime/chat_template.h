// Chat templates: turning [{role, content}] messages into the prompt text a chat model expects.
//
// The format is recognized from the model's `tokenizer.chat_template` (a Jinja source we do not
// execute) by distinctive substrings: Llama 2, Llama 3, ChatML (Qwen and others), Mistral,
// Phi-3, Zephyr. An unrecognized or absent template falls back to ChatML, or is an error when
// strict. Rendered text contains the special-token strings literally ("<|im_start|>"); it must be
// tokenized with special-token parsing on. The BOS token is not included (tokenizers add it).
// Stateless and thread-safe.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace chorus::model {

enum class ChatFormat { kLlama2, kLlama3, kChatML, kMistral, kPhi3, kZephyr };

struct ChatMessage {
  std::string role;  // "system", "user" or "assistant"
  std::string content;
};

std::string_view chat_format_name(ChatFormat f);
// Parses a format name as printed by chat_format_name ("llama2", "chatml", ...).
Result<ChatFormat> chat_format_from_name(std::string_view name);

// The format of a template source; strict makes an unrecognized template kInvalidArgument.
Result<ChatFormat> detect_chat_format(std::string_view template_source, bool strict = false);

// The prompt for `messages`; with add_generation_prompt it ends where the assistant's reply
// begins. A role other than system/user/assistant is kInvalidArgument naming the message index.
Result<std::string> render_chat(ChatFormat format, std::span<const ChatMessage> messages,
                                bool add_generation_prompt);

// Text that ends an assistant turn in this format (generation also stops at end-of-generation
// tokens; these catch models that spell the marker out).
std::vector<std::string> chat_stop_strings(ChatFormat format);

}  // namespace chorus::model
