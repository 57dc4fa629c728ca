// Lexicon: the words the simulator puts into abusive posts, by category.
//
// File format (UTF-8, one entry per line, '#' starts a comment line, blank lines ignored):
//   <category> TAB <token> [TAB <lang>]
// category is one of hate, harassment, violence, sexual, spam; lang ("en", "ar", "fr") limits
// the token to posts in that language, and an entry without one serves every language.
// Chorus ships only a neutral placeholder lexicon (data/lexicon/placeholder.tsv, tokens such as
// "[slur-hate-1]"); a real lexicon is the deployer's choice. Immutable after loading, so it
// may be shared between threads.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "stream/sim/lang.h"

namespace chorus::sim {

// The abuse categories, in the order of their Label bits (hate = bit 0 ... spam = bit 4).
inline constexpr int kAbuseCategoryCount = 5;
inline constexpr int kAbuseSpam = 4;
std::string_view abuse_category_name(int category);

class Lexicon {
 public:
  // The built-in placeholder lexicon (the same entries as data/lexicon/placeholder.tsv).
  static Lexicon placeholder();
  // Parses the file format above; errors name the line.
  static Result<Lexicon> parse(std::string_view text);

  bool empty() const;
  // Tokens of a category usable in language `lang` (its own plus the language-free ones);
  // empty when the lexicon has none.
  const std::vector<std::string>& tokens(int category, int lang) const;

 private:
  // [category][lang]: the language's own tokens followed by the language-free ones.
  std::array<std::array<std::vector<std::string>, kLangCount>, kAbuseCategoryCount> tokens_;
};

}  // namespace chorus::sim
