// The built-in rule tables of the injection detector (private to src/trust/injection).
//
// Word rules are PhrasePattern specs over analyzed words; `imperative` rules start with a verb
// aimed at the reader, and their weight is scaled by where they start (see
// injection_detector.h). Marker rules are literal role/format tokens of chat templates, matched
// case-insensitively (ASCII) in the raw text; `line_start` markers count only at the start of a
// line. Weights are in (0, 1) and combine by noisy-OR.
#pragma once

#include <span>

namespace chorus::trust::internal {

enum class InjectionKind {
  kOverride,
  kRoleSwitch,
  kPromptLeak,
  kOutputControl,
  kAddressee,
  kRoleToken
};

struct WordRule {
  const char* id;
  InjectionKind kind;
  const char* pattern;
  float weight;
  bool imperative;
};

struct MarkerRule {
  const char* id;
  const char* text;  // lowercase ASCII
  float weight;
  bool line_start;
};

std::span<const WordRule> word_rules();
std::span<const MarkerRule> marker_rules();

// Words that, just before an imperative rule, leave it imperative (politeness, discourse
// markers) or mark it as reported/negated speech; and words that address an assistant.
std::span<const char* const> polite_words();
std::span<const char* const> reported_words();
std::span<const char* const> vocative_words();

}  // namespace chorus::trust::internal
