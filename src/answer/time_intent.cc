// Time phrases of questions (English and Arabic) and the windows they mean. Phrases are written
// naturally and normalized with the same analyzer as the question, so spelling variants (hamza
// forms, teh marbuta, case) match alike.
#include <algorithm>

#include "answer/question_plan.h"

namespace chorus::answer {
namespace {

constexpr int64_t kMinute = 60'000;
constexpr int64_t kHour = 60 * kMinute;
constexpr int64_t kDay = 24 * kHour;

enum class Span { kLastMs, kToday, kSinceYesterday, kYesterday, kLastN };

struct Phrase {
  std::string_view text;  // "{n}" stands for a number
  std::string_view name;
  Span span;
  int64_t ms;  // kLastMs: the length; kLastN: the unit
};

// Longer phrases first: the first match wins.
constexpr Phrase kPhrases[] = {
    {"in the last {n} minutes", "last_minutes", Span::kLastN, kMinute},
    {"in the last {n} hours", "last_hours", Span::kLastN, kHour},
    {"in the last {n} days", "last_days", Span::kLastN, kDay},
    {"in the past {n} minutes", "last_minutes", Span::kLastN, kMinute},
    {"in the past {n} hours", "last_hours", Span::kLastN, kHour},
    {"last {n} minutes", "last_minutes", Span::kLastN, kMinute},
    {"last {n} hours", "last_hours", Span::kLastN, kHour},
    {"last {n} days", "last_days", Span::kLastN, kDay},
    {"in the last hour", "last_hour", Span::kLastMs, kHour},
    {"in the past hour", "last_hour", Span::kLastMs, kHour},
    {"last hour", "last_hour", Span::kLastMs, kHour},
    {"since yesterday", "since_yesterday", Span::kSinceYesterday, 0},
    {"this morning", "this_morning", Span::kToday, 0},
    {"this week", "this_week", Span::kLastMs, 7 * kDay},
    {"right now", "now", Span::kLastMs, kHour},
    {"going on", "now", Span::kLastMs, kHour},
    {"happening", "now", Span::kLastMs, kHour},
    {"currently", "now", Span::kLastMs, kHour},
    {"now", "now", Span::kLastMs, kHour},
    {"today", "today", Span::kToday, 0},
    {"tonight", "today", Span::kToday, 0},
    {"yesterday", "yesterday", Span::kYesterday, 0},
    {"خلال الساعة الماضية", "last_hour", Span::kLastMs, kHour},
    {"في الساعة الأخيرة", "last_hour", Span::kLastMs, kHour},
    {"خلال آخر ساعة", "last_hour", Span::kLastMs, kHour},
    {"خلال الساعات الماضية", "last_hours", Span::kLastMs, 6 * kHour},
    {"منذ أمس", "since_yesterday", Span::kSinceYesterday, 0},
    {"منذ الأمس", "since_yesterday", Span::kSinceYesterday, 0},
    {"هذا الصباح", "this_morning", Span::kToday, 0},
    {"صباح اليوم", "this_morning", Span::kToday, 0},
    {"هذا الأسبوع", "this_week", Span::kLastMs, 7 * kDay},
    {"الآن", "now", Span::kLastMs, kHour},
    {"حاليا", "now", Span::kLastMs, kHour},
    {"يحدث", "now", Span::kLastMs, kHour},
    {"يجري", "now", Span::kLastMs, kHour},
    {"اليوم", "today", Span::kToday, 0},
    {"الليلة", "today", Span::kToday, 0},
    {"أمس", "yesterday", Span::kYesterday, 0},
    {"البارحة", "yesterday", Span::kYesterday, 0},
};

const std::vector<std::vector<std::string>>& time_phrase_terms() {
  static const std::vector<std::vector<std::string>> terms = [] {
    text::Analyzer analyzer(text::AnalyzerOptions{.stem = false});
    std::vector<std::vector<std::string>> out;
    for (const Phrase& p : kPhrases) {
      std::vector<std::string> t;
      std::string_view rest = p.text;
      while (!rest.empty()) {
        size_t sp = rest.find(' ');
        std::string_view word = rest.substr(0, sp);
        if (word == "{n}") {
          t.emplace_back("{n}");
        } else {
          std::string w = analyzer.normalize_word(word);
          if (!w.empty()) t.push_back(std::move(w));
        }
        rest = sp == std::string_view::npos ? std::string_view() : rest.substr(sp + 1);
      }
      out.push_back(std::move(t));
    }
    return out;
  }();
  return terms;
}

bool is_number(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Matches `pattern` at terms[at]; sets *n to the number of a "{n}" slot.
bool match_at(const std::vector<std::string>& terms, size_t at,
              const std::vector<std::string>& pattern, int64_t* n) {
  if (at + pattern.size() > terms.size()) return false;
  for (size_t i = 0; i < pattern.size(); ++i) {
    const std::string& t = terms[at + i];
    if (pattern[i] == "{n}") {
      if (!is_number(t) || t.size() > 6) return false;
      *n = std::stoll(t);
    } else if (pattern[i] != t) {
      return false;
    }
  }
  return true;
}

int64_t day_start(int64_t ms) {
  return ms - ((ms % kDay) + kDay) % kDay;
}

void set_window(const Phrase& p, int64_t n, int64_t now_ms, TimeIntent* out) {
  out->until_ms = now_ms + 1;
  switch (p.span) {
    case Span::kLastMs:
      out->since_ms = now_ms - p.ms;
      break;
    case Span::kLastN:
      out->since_ms = now_ms - std::max<int64_t>(n, 1) * p.ms;
      break;
    case Span::kToday:
      out->since_ms = day_start(now_ms);
      break;
    case Span::kSinceYesterday:
      out->since_ms = day_start(now_ms) - kDay;
      break;
    case Span::kYesterday:
      out->since_ms = day_start(now_ms) - kDay;
      out->until_ms = day_start(now_ms);
      break;
  }
}

}  // namespace

TimeIntent find_time_intent(const std::vector<std::string>& terms, int64_t now_ms) {
  const auto& patterns = time_phrase_terms();
  for (size_t p = 0; p < patterns.size(); ++p) {
    if (patterns[p].empty()) continue;
    for (size_t at = 0; at < terms.size(); ++at) {
      int64_t n = 0;
      if (!match_at(terms, at, patterns[p], &n)) continue;
      TimeIntent out;
      out.name = std::string(kPhrases[p].name);
      out.begin = at;
      out.end = at + patterns[p].size();
      set_window(kPhrases[p], n, now_ms, &out);
      return out;
    }
  }
  return {};
}

}  // namespace chorus::answer
