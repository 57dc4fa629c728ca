#include "model/runtime/chat_template.h"

#include <array>
#include <utility>

namespace chorus::model {
namespace {

constexpr std::array<std::pair<ChatFormat, std::string_view>, 6> kNames = {{
    {ChatFormat::kLlama2, "llama2"},
    {ChatFormat::kLlama3, "llama3"},
    {ChatFormat::kChatML, "chatml"},
    {ChatFormat::kMistral, "mistral"},
    {ChatFormat::kPhi3, "phi3"},
    {ChatFormat::kZephyr, "zephyr"},
}};

bool has(std::string_view s, std::string_view needle) {
  return s.find(needle) != std::string_view::npos;
}

// Llama 2: the system prompt sits inside the first [INST] block.
std::string render_llama2(std::span<const ChatMessage> msgs) {
  std::string out, system;
  bool first = true;
  for (const ChatMessage& m : msgs) {
    if (m.role == "system") {
      system = m.content;
    } else if (m.role == "user") {
      out += first ? "[INST] " : "<s>[INST] ";
      if (!system.empty()) out += "<<SYS>>\n" + system + "\n<</SYS>>\n\n";
      system.clear();
      out += m.content + " [/INST]";
      first = false;
    } else {
      out += " " + m.content + " </s>";
    }
  }
  return out;
}

// Mistral (v3 style): no system role, so a system message is prefixed to the next user turn.
std::string render_mistral(std::span<const ChatMessage> msgs) {
  std::string out, system;
  for (const ChatMessage& m : msgs) {
    if (m.role == "system") {
      system = m.content;
    } else if (m.role == "user") {
      out += "[INST] " + (system.empty() ? "" : system + "\n\n") + m.content + "[/INST]";
      system.clear();
    } else {
      out += " " + m.content + "</s>";
    }
  }
  return out;
}

// Formats where each message is header + content + terminator.
std::string render_tagged(ChatFormat f, std::span<const ChatMessage> msgs, bool gen) {
  std::string out;
  auto turn = [&](const std::string& role, const std::string* content) {
    switch (f) {
      case ChatFormat::kLlama3:
        out += "<|start_header_id|>" + role + "<|end_header_id|>\n\n";
        if (content) out += *content + "<|eot_id|>";
        break;
      case ChatFormat::kPhi3:
        out += "<|" + role + "|>\n";
        if (content) out += *content + "<|end|>\n";
        break;
      case ChatFormat::kZephyr:
        out += "<|" + role + "|>\n";
        if (content) out += *content + "</s>\n";
        break;
      default:  // ChatML
        out += "<|im_start|>" + role + "\n";
        if (content) out += *content + "<|im_end|>\n";
        break;
    }
  };
  for (const ChatMessage& m : msgs) turn(m.role, &m.content);
  if (gen) turn("assistant", nullptr);
  return out;
}

}  // namespace

std::string_view chat_format_name(ChatFormat f) {
  for (const auto& [format, name] : kNames)
    if (format == f) return name;
  return "chatml";
}

Result<ChatFormat> chat_format_from_name(std::string_view name) {
  for (const auto& [format, n] : kNames)
    if (n == name) return format;
  return invalid_argument("chat format: unknown '" + std::string(name) +
                          "' (llama2, llama3, chatml, mistral, phi3, zephyr)");
}

Result<ChatFormat> detect_chat_format(std::string_view t, bool strict) {
  if (has(t, "<|im_start|>")) return ChatFormat::kChatML;
  if (has(t, "<|start_header_id|>") && has(t, "<|end_header_id|>")) return ChatFormat::kLlama3;
  if (has(t, "<|assistant|>") && has(t, "<|end|>")) return ChatFormat::kPhi3;
  if (has(t, "<|user|>") && has(t, "<|assistant|>")) return ChatFormat::kZephyr;
  if (has(t, "[INST]")) return has(t, "<<SYS>>") ? ChatFormat::kLlama2 : ChatFormat::kMistral;
  if (strict)
    return invalid_argument(t.empty() ? "tokenizer.chat_template: absent"
                                      : "tokenizer.chat_template: unrecognized template");
  return ChatFormat::kChatML;
}

Result<std::string> render_chat(ChatFormat f, std::span<const ChatMessage> msgs, bool gen) {
  for (size_t i = 0; i < msgs.size(); ++i) {
    const std::string& r = msgs[i].role;
    if (r != "system" && r != "user" && r != "assistant")
      return invalid_argument("messages[" + std::to_string(i) + "].role: unknown '" + r + "'");
  }
  switch (f) {
    case ChatFormat::kLlama2:
      return render_llama2(msgs);
    case ChatFormat::kMistral:
      return render_mistral(msgs);
    default:
      return render_tagged(f, msgs, gen);
  }
}

std::vector<std::string> chat_stop_strings(ChatFormat f) {
  switch (f) {
    case ChatFormat::kLlama3:
      return {"<|eot_id|>"};
    case ChatFormat::kChatML:
      return {"<|im_end|>"};
    case ChatFormat::kPhi3:
      return {"<|end|>"};
    default:
      return {"</s>"};
  }
}

}  // namespace chorus::model
