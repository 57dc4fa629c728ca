// The analyzer's two outputs agree: a TermList holds the same terms, kinds and positions as the
// Tokens of the same text, reused across texts or appended to; and ASCII runs inside words keep
// the per-character rules (script changes, numbers, stemming of words that start with digits).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "text/analyzer.h"
#include "text/terms.h"

namespace chorus::text {
namespace {

using ::testing::ElementsAre;

// Texts that reach every token kind and the non-ASCII paths.
const std::vector<std::string> kTexts = {
    "Wildfires are burning near LA; firefighters say it's spreading!",
    "In 2024 about 1,000,000 people paid 3.14 or 1,5 at 10:30. covid19 2024running",
    "#Fire @Alice.bsky.social @bob@mastodon.social see https://www.Example.org/news/fire?x=1",
    "حريقٌ كبيرٌ في #غزة ٢٠٢٤ وأُصيب",
    "地震速報 東京 ソウル 서울 🔥🔥 👍🏽 👨‍👩‍👧 1️⃣",
    "Café NAÏVE Straße ＦＵＬＬ 𝐁𝐨𝐥𝐝 ﬁne don't Alice's",
    "bad \xff\xfe utf8 \xc3 here",
    std::string(200, 'a') + " short",
    "",
};

// Tokens [from, to) of `list` are `tokens`.
void expect_same(const std::vector<Token>& tokens, const TermList& list, size_t from, size_t to,
                 const std::string& text) {
  ASSERT_LE(to, list.size());
  ASSERT_EQ(to - from, tokens.size()) << text;
  for (size_t i = 0; i < tokens.size(); ++i) {
    EXPECT_EQ(list.term(from + i), tokens[i].term) << text << " token " << i;
    EXPECT_EQ(list.kind(from + i), tokens[i].kind) << text << " token " << i;
    EXPECT_EQ(list.position(from + i), tokens[i].position) << text << " token " << i;
  }
}

TEST(TermList, SameTokensAsTheTokenVectorWhenReused) {
  for (bool stem : {true, false}) {
    Analyzer analyzer(AnalyzerOptions{.stem = stem, .drop_stopwords = !stem});
    TermList list;
    for (const std::string& text : kTexts) {
      std::vector<Token> tokens;
      analyzer.analyze(text, "", &tokens);
      list.clear();
      analyzer.analyze(text, "", &list);
      expect_same(tokens, list, 0, list.size(), text);
    }
  }
}

TEST(TermList, AppendsAfterEarlierTexts) {
  Analyzer analyzer;
  TermList list;
  std::vector<size_t> starts;
  for (const std::string& text : kTexts) {
    starts.push_back(list.size());
    analyzer.analyze(text, "", &list);
  }
  starts.push_back(list.size());
  for (size_t k = 0; k < kTexts.size(); ++k) {
    std::vector<Token> tokens;
    analyzer.analyze(kTexts[k], "", &tokens);
    expect_same(tokens, list, starts[k], starts[k + 1], kTexts[k]);
  }
}

TEST(TermList, AddAndClear) {
  TermList list;
  EXPECT_TRUE(list.empty());
  list.add("fire", TokenKind::kWord, 0);
  list.add("", TokenKind::kEmoji, 7);
  list.add("#tag", TokenKind::kHashtag, 2);
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(list.term(0), "fire");
  EXPECT_EQ(list.term(1), "");
  EXPECT_EQ(list.kind(1), TokenKind::kEmoji);
  EXPECT_EQ(list.position(1), 7u);
  EXPECT_EQ(list.term(2), "#tag");
  list.clear();
  EXPECT_TRUE(list.empty());
}

TEST(TermList, TokenVectorAppendsWithoutClearing) {
  Analyzer analyzer;
  std::vector<Token> tokens;
  analyzer.analyze("one two", "", &tokens);
  analyzer.analyze("three", "", &tokens);
  ASSERT_EQ(tokens.size(), 3u);
  EXPECT_EQ(tokens[2].term, "three");
  EXPECT_EQ(tokens[2].position, 0u);  // positions count from 0 in each text
}

// A word's ASCII letters and digits are taken a run at a time; the rules stay per character.
TEST(AsciiRuns, DigitsThenLettersAreOneWordThatIsNotStemmed) {
  // The English stemmer only touches words of a-z alone.
  EXPECT_THAT(terms("2024running 12cities x1y2z3 007 Running2"),
              ElementsAre("2024running", "12cities", "x1y2z3", "007", "running2"));
}

TEST(AsciiRuns, ScriptChangeAfterDigitsStartsANewWord) {
  EXPECT_THAT(unstemmed("حريق12abc abc12حريق"), ElementsAre("حريق12", "abc", "abc12", "حريق"));
}

TEST(AsciiRuns, SeparatorsInsideRunsStillApply) {
  EXPECT_THAT(unstemmed("AB1,000 1,000AB 3.14x don'T"),
              ElementsAre("ab1", "000", "1000ab", "3.14x", "dont"));
}

}  // namespace
}  // namespace chorus::text
