#include "answer/story_summary.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

#include "answer/answer_json.h"
#include "answer/citation_checker.h"
#include "answer/extractive.h"

namespace chorus::answer {
namespace {

// The [n] numbers cited in `text`.
std::set<int> cited_numbers(std::string_view text) {
  std::set<int> out;
  for (size_t i = text.find('['); i != std::string_view::npos; i = text.find('[', i + 1)) {
    const size_t close = text.find(']', i);
    if (close == std::string_view::npos || close == i + 1 || close - i > 4) continue;
    const std::string_view digits = text.substr(i + 1, close - i - 1);
    if (std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
      out.insert(std::stoi(std::string(digits)));
  }
  return out;
}

}  // namespace

void summarize_answer(const Answer& answer, size_t max_sentences, TrendingStory* story) {
  story->extractive = answer.extractive;
  if (std::string why = citation_check_failure(answer); !why.empty()) {
    story->withheld = why;
    return;
  }
  std::string text = answer.text;
  if (text.starts_with(kExtractiveLabel)) text.erase(0, kExtractiveLabel.size());
  std::vector<std::string> parts;
  if (answer.extractive) {
    for (std::string& line : split_lines(text)) {
      if (line.starts_with("- ")) line.erase(0, 2);
      parts.push_back(std::move(line));
    }
  } else {
    parts = split_sentences(text);
  }
  std::string summary;
  for (size_t i = 0; i < parts.size() && i < max_sentences; ++i)
    summary += (summary.empty() ? "" : answer.extractive ? "\n" : " ") + parts[i];
  const std::set<int> cited = cited_numbers(summary);
  for (const Citation& c : answer.citations)
    if (cited.count(c.n)) story->citations.push_back(c);
  if (story->citations.empty()) {
    story->withheld = "no_citations";
    return;
  }
  story->summary = std::move(summary);
}

std::vector<TrendingStory> summarize_trending(const index::Index& index, const AnswerFn& answer_fn,
                                              int64_t now_ms, const StorySummaryOptions& options) {
  std::vector<TrendingStory> out;
  const std::string when = " in the last " +
                           std::to_string(std::max<int64_t>(1, options.window_ms / 60'000)) +
                           " minutes";
  for (const index::TrendingItem& t : index.trending(options.window_ms, 50, now_ms)) {
    if (out.size() >= options.max_stories) break;
    if (t.burst < options.min_burst || t.count < options.min_count) continue;
    TrendingStory story;
    story.term = t.term;
    story.count = t.count;
    story.burst = t.burst;
    Result<Answer> a = answer_fn(Mode::kAsk, t.term + when, now_ms);
    if (a.is_ok()) {
      summarize_answer(*a, options.max_sentences, &story);
    } else {
      story.withheld = "answer_failed";
    }
    out.push_back(std::move(story));
  }
  return out;
}

std::string stories_to_json(const std::vector<TrendingStory>& stories, int64_t window_ms) {
  nlohmann::json list = nlohmann::json::array();
  for (const TrendingStory& s : stories) {
    nlohmann::json citations = nlohmann::json::array();
    for (const Citation& c : s.citations) citations.push_back(citation_json(c));
    list.push_back(
        {{"term", s.term},
         {"count", s.count},
         {"burst", s.burst},
         {"summary", s.summary.empty() ? nlohmann::json(nullptr) : nlohmann::json(s.summary)},
         {"extractive", s.extractive},
         {"citations", std::move(citations)},
         {"withheld", s.withheld.empty() ? nlohmann::json(nullptr) : nlohmann::json(s.withheld)}});
  }
  const nlohmann::json j = {{"window_ms", window_ms}, {"stories", std::move(list)}};
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace chorus::answer
