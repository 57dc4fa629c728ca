// InjectionDetector: scores how much a post's text reads as instructions aimed at an AI assistant
// (prompt injection), with the evidence that says why.
//
// Signals, each a rule with a weight in (0, 1) (tables in injection_rules.cc):
//   word rules     phrase patterns over the analyzer's normalized words (so Arabic spelling
//                  variants, case, accents and plural forms match): overriding instructions,
//                  switching roles, leaking the prompt, controlling the output, addressing an AI
//   marker rules   chat-template role/format tokens in the raw text ("<|im_start|>", "[INST]",
//                  "### Instruction", "system:" at the start of a line)
//   structure      an imperative rule keeps its full weight at the start of a clause, after a
//                  politeness word ("please ignore") or after a word addressing an assistant
//                  ("ChatGPT, ignore"); 0.8 after a coordinating word; 0.3 in reported or
//                  negated speech ("told him to ignore", "don't ignore"); 0.6 elsewhere. Any
//                  rule matched inside double quotes counts 0.4 of its weight (quoted talk about
//                  injections). An addressee rule together with an imperative rule adds the
//                  evidence "structure.imperative_to_assistant" (0.35).
// The score is the noisy-OR of the strongest match of each rule: 1 - prod(1 - w). A text is an
// injection when score >= threshold (0.5 by default). Texts are read up to 64 KiB; invalid UTF-8
// is skipped. Thread-safety: immutable after construction; detect() is const and thread-safe.
#pragma once

#include <bitset>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "text/analyzer.h"
#include "trust/injection/phrase_pattern.h"

namespace chorus::trust {

struct InjectionEvidence {
  std::string rule;  // e.g. "override.prior_instructions", "token.im_start"
  std::string kind;  // override, role_switch, prompt_leak, output_control, addressee, role_token,
                     // structure
  size_t begin = 0, end = 0;  // byte span in the text (whitespace-separated chunks)
  float weight = 0;           // after the structure factor
  std::string note;           // how the structure factor was chosen
};

struct InjectionResult {
  float score = 0;
  bool is_injection = false;
  std::vector<InjectionEvidence> evidence;  // strongest first

  // One line: "injection 0.93: override.prior_instructions 0.85 [0,33) \"Ignore all...\"; ..."
  std::string explain(std::string_view text) const;
};

class InjectionDetector {
 public:
  // Compiles the built-in rules (an error here is a bug in the rule tables).
  static Result<InjectionDetector> create(float threshold = 0.5f);

  InjectionResult detect(std::string_view text) const;
  float threshold() const { return threshold_; }

  // False only when no word rule can match `text`: for every rule, some required slot has no
  // word anywhere in the text. Chunks are split and analyzed one by one (a chunk's words do not
  // depend on its context), and the slots each chunk fills are memoized per thread by a 64-bit
  // hash of the chunk; the rule tables are static, so every detector numbers slots alike.
  bool may_match_words(std::string_view text) const;

 private:
  static constexpr size_t kMaxSlots = 512;
  using SlotBits = std::bitset<kMaxSlots>;
  struct CompiledRule {
    size_t index;  // into internal::word_rules()
    PhrasePattern pattern;
    SlotBits required;  // its required slots
    size_t first_slot;  // the lowest of them, tested alone first; kMaxSlots when none
  };
  InjectionDetector(float threshold);
  float structure_factor(const std::vector<PatternWord>& w, size_t start, std::string* note) const;

  // The rules that may match from word `w`, ascending (by their first slot; see PhrasePattern).
  void candidates(const PatternWord& w, std::vector<uint32_t>* out) const;

  // The required slots that some word of `text` fills.
  SlotBits slots_filled(std::string_view text) const;
  SlotBits slots_of(const PatternWord& w) const;
  bool possible(const CompiledRule& r, const SlotBits& filled) const {
    if (r.first_slot < kMaxSlots && !filled.test(r.first_slot)) return false;
    return (r.required & filled) == r.required;
  }
  // Whether some rule is possible().
  bool any_possible(const SlotBits& filled) const;

  float threshold_;
  text::Analyzer plain_;
  text::Analyzer stemmed_;
  std::vector<CompiledRule> rules_;
  // The rules' first slots: a text that fills none of them makes no rule possible, unless a
  // rule has no required slot (then every text may match).
  SlotBits first_slots_;
  bool rule_without_slots_ = false;
  // First-slot stem / term -> indexes into rules_.
  std::unordered_map<std::string, std::vector<uint32_t>> by_first_stem_;
  std::unordered_map<std::string, std::vector<uint32_t>> by_first_term_;
  // Stem / term -> the required slots it fills.
  std::unordered_map<std::string, SlotBits> slots_by_stem_;
  std::unordered_map<std::string, SlotBits> slots_by_term_;
};

}  // namespace chorus::trust
