// QuestionPlan: what a question asks for, before any search — keywords, entities, hashtags,
// language and the time window its wording implies ("now", "today", "since yesterday", "خلال
// الساعة الماضية" ...). plan_question() is pure: it reads only its arguments and a small built-in
// gazetteer of city names in English and Arabic. Thread-safe.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "text/analyzer.h"

namespace chorus::answer {

struct QuestionPlan {
  std::string question;
  std::string lang;  // text::guess_language of the question
  // Search words, one group per required concept; the words of a group are alternatives (a place
  // and its name in the other language). Words are normalized, unstemmed analyzer terms.
  std::vector<std::vector<std::string>> groups;
  std::vector<std::string> keywords;  // content words of the question (normalized, unstemmed)
  std::vector<std::string> entities;  // capitalized spans and recognized places, as written
  std::vector<std::string> hashtags;  // with '#', as analyzed ("#cairofire")
  std::string time_intent;            // the phrase's canonical name ("now", "today", ...) or ""
  int64_t since_ms = std::numeric_limits<int64_t>::min();  // inclusive
  int64_t until_ms = std::numeric_limits<int64_t>::max();  // exclusive
  bool explicit_window = false;  // the question named a time; else a default window

  // Index query text: groups ANDed (alternatives within a group joined by OR), or, with
  // `any`, every word joined by OR.
  std::string query_text(bool any) const;
};

struct PlanOptions {
  int64_t default_window_ms = 24 * 3'600'000LL;  // window when the question names no time
};

// `now_ms` anchors relative times; the window ends at now_ms (exclusive end now_ms + 1).
QuestionPlan plan_question(std::string_view question, int64_t now_ms,
                           const PlanOptions& options = {});

// A time intent found in `terms` (normalized unstemmed terms of a question): its name and window.
struct TimeIntent {
  std::string name;  // "" when none
  int64_t since_ms = 0;
  int64_t until_ms = 0;
  size_t begin = 0, end = 0;  // the matched terms [begin, end)
};
TimeIntent find_time_intent(const std::vector<std::string>& terms, int64_t now_ms);

// The other-language names of a place (normalized terms), e.g. "cairo" -> {"القاهره"}; empty
// when the term is no known place.
std::vector<std::string> place_aliases(std::string_view normalized_term);

}  // namespace chorus::answer
