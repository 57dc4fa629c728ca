#include <algorithm>
#include <set>

#include "answer/question_plan.h"

namespace chorus::answer {
namespace {

// Words that shape a question but do not describe its subject (stopwords are dropped by the
// analyzer already).
constexpr std::string_view kQuestionWords[] = {
    "what",   "whats",  "happening", "happen",  "happened", "going",    "tell",   "about",
    "true",   "news",   "latest",    "explain", "know",     "anything", "any",    "please",
    "really", "claim",  "claims",    "say",     "says",     "said",     "saying", "people",
    "check",  "verify", "update",    "updates", "there",    "is",       "it",     "that",
    "ماذا",   "ما",     "هل",        "صحيح",    "حقيقة",    "حقيقي",    "يحدث",   "حدث",
    "أخبار",  "اخبار",  "عن",        "يقال",    "يجري",     "شيء",      "هناك",   "أن",
    "ان",     "فعلا",   "الذي",      "التي",    "في",       "من",       "حول",    "جديد"};

const std::set<std::string>& question_words() {
  static const std::set<std::string> words = [] {
    text::Analyzer analyzer(text::AnalyzerOptions{.stem = false});
    std::set<std::string> s;
    for (std::string_view w : kQuestionWords) s.insert(analyzer.normalize_word(w));
    return s;
  }();
  return words;
}

bool is_ascii_upper(char c) {
  return c >= 'A' && c <= 'Z';
}
bool is_word_byte(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '\'' ||
         static_cast<unsigned char>(c) >= 0x80;
}

// Runs of capitalized Latin words ("New York", "Cairo"); a run's first word at the start of a
// sentence counts only when it is not a question word.
std::vector<std::string> capitalized_spans(std::string_view q) {
  const text::Analyzer analyzer(text::AnalyzerOptions{.stem = false});
  std::vector<std::string> spans;
  std::string current;
  bool sentence_start = true;
  size_t i = 0;
  while (i < q.size()) {
    if (!is_word_byte(q[i])) {
      if (q[i] == '.' || q[i] == '?' || q[i] == '!') sentence_start = true;
      if (q[i] != ' ' && !current.empty()) spans.push_back(std::move(current)), current.clear();
      ++i;
      continue;
    }
    size_t j = i;
    while (j < q.size() && is_word_byte(q[j])) ++j;
    std::string_view word = q.substr(i, j - i);
    bool cap = is_ascii_upper(word[0]);
    if (cap && sentence_start && question_words().count(analyzer.normalize_word(word))) cap = false;
    if (cap && sentence_start && analyzer.terms(word).empty()) cap = false;
    if (cap) {
      current += (current.empty() ? "" : " ") + std::string(word);
    } else if (!current.empty()) {
      spans.push_back(std::move(current));
      current.clear();
    }
    sentence_start = false;
    i = j;
  }
  if (!current.empty()) spans.push_back(std::move(current));
  return spans;
}

void add_unique(std::vector<std::string>* v, std::string s) {
  if (std::find(v->begin(), v->end(), s) == v->end()) v->push_back(std::move(s));
}

}  // namespace

std::string QuestionPlan::query_text(bool any) const {
  std::string out;
  for (const auto& group : groups) {
    for (size_t i = 0; i < group.size(); ++i) {
      if (!out.empty()) out += (any || i > 0) ? " OR " : " ";
      out += group[i];
    }
  }
  return out;
}

QuestionPlan plan_question(std::string_view question, int64_t now_ms, const PlanOptions& options) {
  QuestionPlan plan;
  plan.question = std::string(question);
  plan.lang = text::guess_language(question);
  const text::Analyzer all(text::AnalyzerOptions{.stem = false});
  const text::Analyzer content(text::AnalyzerOptions{.stem = false, .drop_stopwords = true});
  std::vector<text::Token> tokens;
  all.analyze(question, {}, &tokens);
  std::vector<std::string> terms;
  for (const text::Token& t : tokens) terms.push_back(t.term);

  TimeIntent intent = find_time_intent(terms, now_ms);
  plan.until_ms = now_ms + 1;
  if (!intent.name.empty()) {
    plan.time_intent = intent.name;
    plan.since_ms = intent.since_ms;
    plan.until_ms = intent.until_ms;
    plan.explicit_window = true;
  } else {
    plan.since_ms = now_ms - options.default_window_ms;
  }
  // Positions of the intent phrase, to leave its words out of the keywords.
  std::set<uint32_t> intent_positions;
  for (size_t i = intent.begin; i < intent.end; ++i) intent_positions.insert(tokens[i].position);

  std::vector<text::Token> kept;
  content.analyze(question, {}, &kept);
  for (const text::Token& t : kept) {
    if (intent_positions.count(t.position) || question_words().count(t.term)) continue;
    if (t.kind == text::TokenKind::kHashtag) add_unique(&plan.hashtags, t.term);
    if (t.kind == text::TokenKind::kWord || t.kind == text::TokenKind::kNumber)
      add_unique(&plan.keywords, t.term);
    bool seen = false;
    for (const auto& g : plan.groups) seen = seen || g.front() == t.term;
    if (seen) continue;
    std::vector<std::string> group{t.term};
    for (std::string& alias : place_aliases(t.term)) group.push_back(std::move(alias));
    // Latin place names come in as capitalized spans below; others as their term.
    if (group.size() > 1 && static_cast<unsigned char>(t.term[0]) >= 0x80)
      add_unique(&plan.entities, t.term);
    plan.groups.push_back(std::move(group));
  }
  for (std::string& span : capitalized_spans(question)) add_unique(&plan.entities, std::move(span));
  return plan;
}

}  // namespace chorus::answer
