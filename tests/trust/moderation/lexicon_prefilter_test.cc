// Lexicon::may_match, the exact prefilter that lets match() skip analyzing texts no entry can
// match: it must agree with a full analysis of each text, memo hit or miss.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "text/analyzer.h"
#include "trust/moderation/lexicon.h"

namespace chorus::trust {
namespace {

constexpr std::string_view kTsv =
    "hate\t[slur-hate-1]\n"
    "hate\tzorgling\n"
    "harassment\tgo away loser\n"
    "spam\tfree crypto giveaway\n"
    "violence\tائتمرن\tar\n"
    "sexual\t#explicitstuff\n"
    "spam\t@spambot\n";

// Whether a full analysis of `text` yields the first term of an entry of kTsv.
bool first_term_in(std::string_view text) {
  const text::Analyzer a(text::AnalyzerOptions{.stem = true, .drop_stopwords = false});
  std::vector<std::string> firsts;
  for (std::string_view term : {"[slur-hate-1]", "zorgling", "go away loser",
                                "free crypto giveaway", "ائتمرن", "#explicitstuff", "@spambot"})
    firsts.push_back(a.terms(term).at(0));
  for (const std::string& t : a.terms(text))
    if (std::find(firsts.begin(), firsts.end(), t) != firsts.end()) return true;
  return false;
}

TEST(LexiconPrefilter, AgreesWithFullAnalysisOnVariedTexts) {
  Result<Lexicon> lex = Lexicon::parse(kTsv, "test");
  ASSERT_TRUE(lex.is_ok()) << lex.status().to_string();
  const std::vector<std::string> pieces = {"ZORGLINGS,",
                                           "zorgling!",
                                           "(zorgling)",
                                           "\"Go",
                                           "away",
                                           "loser.",
                                           "free",
                                           "Crypto",
                                           "giveaway!!!",
                                           "[slur-hate-1]",
                                           "slur-hate-1",
                                           "[SLUR-HATE-1]!",
                                           "hate",
                                           "ائتمرن",
                                           "والتمرن",
                                           "#ExplicitStuff",
                                           "#explicit",
                                           "@SpamBot",
                                           "@spambot.bsky.social",
                                           "user@spambot.com",
                                           "https://zorgling.example/zorgling",
                                           "www.example.org/go",
                                           "地震速報",
                                           "🔥🔥",
                                           "café",
                                           "ｚｏｒｇｌｉｎｇ",
                                           "don't",
                                           "Alice's",
                                           "1,000",
                                           "3.14",
                                           "a-very-long-chunk-of-text-zorgling-inside-it",
                                           "another-very-long-chunk-without-it",
                                           "\xff\xfe",
                                           "x\xe2\x80",
                                           "hello",
                                           "world",
                                           "the",
                                           "and",
                                           "ok"};
  const std::vector<std::string> spaces = {" ", "  ", "\n", "\t", "\r\n", " \f", "\v"};
  std::mt19937 rng(42);
  int positives = 0, negatives = 0;
  for (int n = 0; n < 3000; ++n) {
    std::string text;
    const int words = static_cast<int>(rng() % 9);
    for (int w = 0; w < words; ++w) {
      if (w > 0 || rng() % 4 == 0) text += spaces[rng() % spaces.size()];
      text += pieces[rng() % pieces.size()];
    }
    const bool want = first_term_in(text);
    (want ? positives : negatives)++;
    ASSERT_EQ(lex->may_match(text), want) << "text: " << text;
    ASSERT_EQ(lex->may_match(text), want) << "again (memoized): " << text;
    if (!want) {
      EXPECT_TRUE(lex->match(text, "").empty()) << text;
    }
  }
  EXPECT_GT(positives, 300);  // the corpus exercises both answers
  EXPECT_GT(negatives, 300);
}

TEST(LexiconPrefilter, LexiconsDoNotShareMemoEntries) {
  Result<Lexicon> a = Lexicon::parse("hate\tzorgling\n", "a");
  Result<Lexicon> b = Lexicon::parse("hate\tflimflam\n", "b");
  ASSERT_TRUE(a.is_ok() && b.is_ok());
  for (int round = 0; round < 2; ++round) {
    EXPECT_TRUE(a->may_match("a zorgling"));
    EXPECT_FALSE(b->may_match("a zorgling"));
    EXPECT_FALSE(a->may_match("flimflam"));
    EXPECT_TRUE(b->may_match("flimflam"));
  }
  Lexicon copy = *a;  // same entries: the same answers
  EXPECT_TRUE(copy.may_match("zorgling"));
  EXPECT_FALSE(copy.may_match("flimflam"));
}

TEST(LexiconPrefilter, MatchCountsAreUnchangedWhereTermsOccur) {
  Result<Lexicon> lex = Lexicon::parse(kTsv, "test");
  ASSERT_TRUE(lex.is_ok());
  std::vector<LexiconHit> hits = lex->match("ZORGLINGS and zorgling;\nfree crypto giveaway", "");
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0].term, "zorgling");
  EXPECT_EQ(hits[0].count, 2u);
  EXPECT_EQ(hits[1].term, "free crypto giveaway");
  EXPECT_TRUE(lex->match("nothing to see here", "").empty());
  EXPECT_TRUE(lex->match("", "").empty());
}

}  // namespace
}  // namespace chorus::trust
