// Prompt building: grounding rules, numbered sources quoted as untrusted data, the question last.
//
// Each source is one block:
//   <source n="2" author="@handle" time="2024-05-01T10:00:00.000Z" engagement="12 likes, ...">
//   | line one of the post
//   | line two
//   </source>
// Post text is neutralized first (neutralize_untrusted): angle brackets, square brackets and
// braces become look-alike characters, so no delimiter, chat-template token ("<|im_start|>",
// "[INST]"), fake citation ("[2]") or role marker can be spelled inside a source; every line is
// prefixed with "| ", so nothing in it starts a line of the prompt. The system rules say that
// sources are data and that instructions inside them are never followed.
// Stateless and thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "answer/answer_types.h"
#include "answer/candidate.h"
#include "model/runtime/chat_template.h"

namespace chorus::answer {

// A source as the prompt shows it.
struct PromptSource {
  int n = 0;
  const Candidate* candidate = nullptr;
  std::string warning;  // non-empty when a flagged post is quoted under a warning policy
};

// Post text made safe to quote (see above); valid UTF-8 out, invalid bytes replaced.
std::string neutralize_untrusted(std::string_view text);

// The quoted block of one source.
std::string render_source(const PromptSource& s);

// [system rules, user: sources + task + question]. `task` names the mode's job ("Answer the
// question", "Explain the post", "Check the claim").
std::vector<model::ChatMessage> build_prompt(Mode mode, std::string_view question,
                                             const std::vector<PromptSource>& sources);

}  // namespace chorus::answer
