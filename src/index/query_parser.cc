#include "index/query_parser.h"

#include <algorithm>

namespace chorus::index {
namespace {

std::vector<std::string_view> split_words(std::string_view text) {
  std::vector<std::string_view> words;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() &&
           (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r'))
      ++i;
    size_t start = i;
    while (i < text.size() && text[i] != ' ' && text[i] != '\t' && text[i] != '\n' &&
           text[i] != '\r')
      ++i;
    if (i > start) words.push_back(text.substr(start, i - start));
  }
  return words;
}

void add_unique(std::vector<std::string>* v, std::string s) {
  if (std::find(v->begin(), v->end(), s) == v->end()) v->push_back(std::move(s));
}

}  // namespace

ParsedQuery parse_query(std::string_view text, std::string_view lang,
                        const text::Analyzer& analyzer) {
  ParsedQuery q;
  std::vector<std::string_view> words = split_words(text);
  bool join_next = false;  // the previous word was "OR"
  bool had_required = false;
  for (size_t i = 0; i < words.size(); ++i) {
    std::string_view w = words[i];
    if (w == "OR") {
      join_next = !q.groups.empty();
      continue;
    }
    if (w.size() > 1 && w.front() == '-') {
      for (std::string& t : analyzer.terms(w.substr(1), lang)) add_unique(&q.excluded, t);
      join_next = false;
      continue;
    }
    had_required = true;
    std::vector<std::string> terms = analyzer.terms(w, lang);
    if (terms.empty()) continue;
    if (join_next) {
      for (std::string& t : terms) add_unique(&q.groups.back(), std::move(t));
    } else {
      for (std::string& t : terms) q.groups.push_back({std::move(t)});
    }
    join_next = false;
  }
  // Drop repeated single-term groups ("fire fire").
  std::vector<std::vector<std::string>> unique;
  for (auto& g : q.groups)
    if (std::find(unique.begin(), unique.end(), g) == unique.end()) unique.push_back(std::move(g));
  q.groups = std::move(unique);
  q.unmatchable = had_required && q.groups.empty();
  return q;
}

}  // namespace chorus::index
