// PhrasePattern: a small pattern language over analyzed words, for the injection detector.
//
// A pattern is a space-separated list of slots, matched left to right against consecutive words:
//   a|b|c     one word that is any of the alternatives; each alternative is analyzed like post
//             text (folding, Arabic normalization, stemming), so "instructions" also matches
//             "instruction" and "التعليمات" matches "تعليمات"
//   =a|=b     the same, compared without stemming ("=ignore" does not match "ignored")
//   slot?     the slot may be absent
//   ~N        up to N words of anything (0 <= N <= 9)
//   !a|b      the next word, if any, must not be one of these (consumes nothing)
// An alternative must analyze to exactly one term; compile() says which one does not.
// A word also matches through its `alt` forms (an Arabic word without a leading و/ف
// conjunction). Thread-safety: immutable after compile(); match() is const.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "text/analyzer.h"

namespace chorus::trust {

// One word of the text as the patterns see it.
struct PatternWord {
  std::string term;      // folded, not stemmed
  std::string stem;      // folded and stemmed
  std::string alt_term;  // without a leading Arabic conjunction, or empty
  std::string alt_stem;
  uint32_t begin = 0, end = 0;  // byte span of the whitespace-separated chunk it came from
  bool clause_start = false;    // first word of the text, a line, a sentence or a comma clause
  bool quoted = false;          // inside a pair of double quotes
};

// The whitespace that separates chunks for split_pattern_words.
inline bool is_pattern_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Calls keep_going(chunk) for each chunk of `text` (a maximal run of bytes that are not
// is_pattern_space), in order, until it returns false; returns false when it stopped so.
// A chunk's analyzer terms do not depend on the text around it, which the per-chunk memos of
// the injection detector and the moderation lexicon rely on.
template <typename F>
bool for_each_chunk(std::string_view text, F&& keep_going) {
  for (size_t i = 0; i < text.size();) {
    if (is_pattern_space(text[i])) {
      ++i;
      continue;
    }
    size_t end = i;
    while (end < text.size() && !is_pattern_space(text[end])) ++end;
    if (!keep_going(text.substr(i, end - i))) return false;
    i = end;
  }
  return true;
}

// Splits `text` into PatternWords: chunks between ASCII whitespace, a French elided article
// split off ("l'IA" -> l, ia), each chunk analyzed by `plain` (terms) and `stemmed` (stems);
// all words of a chunk share its byte span. A clause starts at the text's start, after a line
// break, and after a chunk ending in . ! ? : ; , ؟ ، … ; quotes are tracked with '"' toggling
// and “ ” opening/closing. Input should be at most a few tens of KiB (callers truncate).
std::vector<PatternWord> split_pattern_words(std::string_view text, const text::Analyzer& plain,
                                             const text::Analyzer& stemmed);

class PhrasePattern {
 public:
  // `plain` analyzes without stemming, `stemmed` with; both must outlive nothing (used once).
  static Result<PhrasePattern> compile(std::string_view spec, const text::Analyzer& plain,
                                       const text::Analyzer& stemmed);

  // Matches starting exactly at words[start]; returns the end (exclusive) of the shortest match,
  // or 0 when there is none.
  size_t match_at(const std::vector<PatternWord>& words, size_t start) const;
  // What the first slot (always a required word) accepts: a match can only start at a word whose
  // stem or alt_stem is in first_stems(), or whose term or alt_term is in first_terms().
  const std::vector<std::string>& first_stems() const { return slots_[0].stems; }
  const std::vector<std::string>& first_terms() const { return slots_[0].terms; }
  // Calls f(stems, terms) for each required word slot: a text can only match if, for every
  // such slot, one of its words has a stem in `stems` or a term in `terms` (as first_*()).
  template <typename F>
  void for_each_required_slot(F&& f) const {
    for (const Slot& s : slots_)
      if (s.kind == Slot::kWord && !s.optional) f(s.stems, s.terms);
  }

 private:
  struct Slot {
    enum Kind : uint8_t { kWord, kGap, kNot } kind = kWord;
    bool optional = false;
    uint8_t gap = 0;
    std::vector<std::string> stems;  // compare with PatternWord::stem / alt_stem
    std::vector<std::string> terms;  // compare with PatternWord::term / alt_term ('=' words)
  };
  static bool word_matches(const Slot& s, const PatternWord& w);
  size_t match_from(const std::vector<PatternWord>& words, size_t slot, size_t pos) const;

  std::vector<Slot> slots_;
};

}  // namespace chorus::trust
