// Lexicon: operator-supplied term lists per moderation category, the rule set used when no model
// is trained (and alongside one).
//
// File: UTF-8 TSV, one entry per line: `category<TAB>term[<TAB>lang]`; blank lines and lines
// starting with '#' are skipped. Categories: hate, harassment, violence, sexual, spam. A term is
// a word or phrase; it is analyzed like post text (folding, Arabic normalization, stemming), so
// "[slur-hate-1]" is the term sequence slur, hate, 1 and matches those terms adjacent in a post,
// and plural/spelling variants of a word match. An entry with a lang matches only posts whose
// lang is empty or equal. Errors name the source and line.
// Thread-safety: immutable after parse(); match() is const.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/env.h"
#include "base/status.h"
#include "text/analyzer.h"

namespace chorus::trust {

inline constexpr std::string_view kModerationCategories[] = {"hate", "harassment", "violence",
                                                             "sexual", "spam"};

struct LexiconHit {
  std::string category;
  std::string term;  // as written in the lexicon
  size_t count = 0;  // occurrences in the text
};

class Lexicon {
 public:
  static Result<Lexicon> parse(std::string_view tsv, std::string_view source);
  static Result<Lexicon> load(Env* env, const std::string& path);

  // Entries matched in `text`, in lexicon order, each with its count.
  std::vector<LexiconHit> match(std::string_view text, std::string_view lang) const;
  size_t size() const { return entries_.size(); }

  // False only when no entry can match `text`: no chunk of it (between ASCII whitespace)
  // analyzes to a term that starts an entry. Exact, since a chunk's terms do not depend on the
  // text around it; match() skips the analysis of such texts. Chunks of up to
  // kMemoChunkBytes are memoized per thread (by their bytes, compared in full).
  bool may_match(std::string_view text) const;
  static constexpr size_t kMemoChunkBytes = 22;

 private:
  struct Entry {
    std::string category, term, lang;
    std::vector<std::string> terms;  // analyzed, length >= 1
  };
  Lexicon();
  // Whether `chunk` (no ASCII whitespace) analyzes to some entry's first term.
  bool starts_entry(std::string_view chunk) const;

  text::Analyzer analyzer_;
  uint64_t memo_seed_;  // tells this lexicon's memo entries from other lexicons'
  std::vector<Entry> entries_;
  std::unordered_map<std::string, std::vector<size_t>> by_first_term_;
};

}  // namespace chorus::trust
