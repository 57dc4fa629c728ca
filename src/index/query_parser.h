// Query text -> terms. Grammar (whitespace separated words):
//   word            required; several words are ANDed
//   a OR b          "OR" (upper case) joins its neighbours into one disjunction: a OR b c is
//                   (a | b) & c
//   -word           excluded: no hit contains any term of the word
// Each word goes through the same analyzer as post text, so #tags, @mentions, URLs and other
// spellings match what ingest indexed. A word that yields several terms contributes each as its
// own required group (or all of them to the disjunction it is part of).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "text/analyzer.h"

namespace chorus::index {

struct ParsedQuery {
  std::vector<std::vector<std::string>> groups;  // AND over groups, OR within a group
  std::vector<std::string> excluded;
  // True when the text had required words but none of them produced a term: nothing matches.
  bool unmatchable = false;
};

ParsedQuery parse_query(std::string_view text, std::string_view lang,
                        const text::Analyzer& analyzer);

}  // namespace chorus::index
