#include "answer/extractive.h"

#include <algorithm>

#include "answer/citation_checker.h"
#include "answer/prompt_builder.h"

namespace chorus::answer {
namespace {

constexpr size_t kShortPost = 280;

std::string one_line(std::string s) {
  for (char& c : s)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  return s;
}

std::vector<std::string> units_of(const std::string& text) {
  if (text.size() <= kShortPost) return {text};
  return split_sentences(text);
}

double centrality(const std::vector<Candidate>& cands, const Story& story, int self,
                  const std::vector<std::string>& terms) {
  double sum = 0;
  int n = 0;
  for (int m : story.members) {
    if (m == self || cands[m].excluded) continue;
    sum += jaccard(terms, cands[m].terms);
    ++n;
  }
  return n == 0 ? 1.0 : sum / n;
}

}  // namespace

std::vector<QuotedUnit> representative_units(const std::vector<Candidate>& cands,
                                             const std::vector<Story>& stories,
                                             const std::vector<int>& sources) {
  // story -> best unit per source post in it
  std::vector<std::vector<QuotedUnit>> per_story(stories.size());
  for (size_t k = 0; k < sources.size(); ++k) {
    const Candidate& c = cands[sources[k]];
    if (c.story < 0) continue;
    QuotedUnit best;
    for (const std::string& u : units_of(c.post.text)) {
      const double cent = centrality(cands, stories[c.story], sources[k], similarity_terms(u));
      const double score = (0.2 + cent) * c.trust.credibility * (0.5 + 0.5 * c.relevance);
      if (best.text.empty() || score > best.score) best = {static_cast<int>(k) + 1, u, score};
    }
    if (!best.text.empty()) per_story[c.story].push_back(std::move(best));
  }
  std::vector<QuotedUnit> out;
  bool first = true;
  for (auto& units : per_story) {
    if (units.empty()) continue;
    std::sort(units.begin(), units.end(),
              [](const QuotedUnit& a, const QuotedUnit& b) { return a.score > b.score; });
    const size_t take = first ? 2 : 1;
    for (size_t i = 0; i < units.size() && i < take; ++i) out.push_back(units[i]);
    first = false;
  }
  for (QuotedUnit& u : out) u.text = one_line(neutralize_untrusted(u.text));
  return out;
}

std::string quote_line(const Candidate& c, int n, std::string_view quote) {
  return "@" + one_line(neutralize_untrusted(c.post.author.handle)) + ": \u201C" +
         std::string(quote) + "\u201D [" + std::to_string(n) + "]";
}

std::string extractive_answer(const std::vector<Candidate>& cands, const std::vector<int>& sources,
                              const std::vector<QuotedUnit>& units) {
  std::string out(kExtractiveLabel);
  if (units.empty()) return out + "\nNo matching story with enough support was found.";
  for (const QuotedUnit& u : units)
    out += "\n- " + quote_line(cands[sources[u.n - 1]], u.n, u.text);
  return out;
}

}  // namespace chorus::answer
