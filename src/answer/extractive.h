// Extractive answers: what Chorus says without a model — the most representative text of the
// top stories, quoted verbatim with its [n], under a label that says it is extractive.
//
// A unit is a whole post when it is short (<= 280 bytes), else one of its sentences. Its score:
// (0.2 + centrality) x credibility x (0.5 + 0.5 x relevance), where centrality is the mean
// Jaccard similarity of the unit's terms with the story's other posts (1 for a lone post).
// The first story contributes up to two units from different posts, the others one each.
// Quoted text is neutralized (brackets replaced) so that it cannot fake a citation.
// Pure functions; thread-compatible.
#pragma once

#include <string>
#include <vector>

#include "answer/candidate.h"
#include "answer/story_grouper.h"

namespace chorus::answer {

inline constexpr std::string_view kExtractiveLabel =
    "Extractive answer (no model loaded): the most representative posts of the top stories, "
    "quoted.";

struct QuotedUnit {
  int n = 0;         // source number
  std::string text;  // neutralized quote
  double score = 0;
};

// The best unit of each source story. `sources` are candidate indices in [n] order.
std::vector<QuotedUnit> representative_units(const std::vector<Candidate>& cands,
                                             const std::vector<Story>& stories,
                                             const std::vector<int>& sources);

// "- @handle: “quote” [n]" lines under kExtractiveLabel.
std::string extractive_answer(const std::vector<Candidate>& cands, const std::vector<int>& sources,
                              const std::vector<QuotedUnit>& units);

// One quoted line for source `n` (candidate `c`): "@handle: “quote” [n]".
std::string quote_line(const Candidate& c, int n, std::string_view quote);

}  // namespace chorus::answer
