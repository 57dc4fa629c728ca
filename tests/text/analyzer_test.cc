// Token-by-token expectations for the analyzer: English words, numbers, hashtags, mentions,
// positions, stopwords, robustness (invalid UTF-8, empty and huge input).
#include "text/analyzer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "base/utf8.h"
#include "text/stopwords.h"
#include "text/terms.h"

namespace chorus::text {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(Analyzer, EnglishSentence) {
  EXPECT_THAT(
      terms("Wildfires are burning near LA; firefighters say it's spreading!"),
      ElementsAre("wildfir", "are", "burn", "near", "la", "firefighter", "sai", "it", "spread"));
}

TEST(Analyzer, CaseFoldingWithoutStemming) {
  EXPECT_THAT(unstemmed("HELLO World mIxEd"), ElementsAre("hello", "world", "mixed"));
}

TEST(Analyzer, ApostrophesJoinAndPossessiveIsDropped) {
  EXPECT_THAT(unstemmed("don't Alice's rock'n'roll ’tis o’clock donʼt 'quoted'"),
              ElementsAre("dont", "alice", "rocknroll", "tis", "oclock", "dont", "quoted"));
  EXPECT_THAT(unstemmed("@bob's #tag’s @bob'same"), ElementsAre("@bob", "#tag", "@bob", "same"));
}

TEST(Analyzer, HyphensAndUnderscoresSplit) {
  EXPECT_THAT(unstemmed("well-known snake_case"), ElementsAre("well", "known", "snake", "case"));
}

TEST(Analyzer, LatinDiacriticsAndCompatibilityForms) {
  EXPECT_THAT(unstemmed("Café NAÏVE Straße ＦＵＬＬ 𝐁𝐨𝐥𝐝 ﬁne"),
              ElementsAre("cafe", "naive", "strasse", "full", "bold", "fine"));
}

TEST(Analyzer, OtherScriptsAreCaseFoldedAndKeepTheirMarks) {
  EXPECT_THAT(unstemmed("Москва ЙОД Ελλάδα"), ElementsAre("москва", "йод", "ελλάδα"));
}

TEST(Analyzer, Numbers) {
  Analyzer a;
  std::vector<Token> tokens;
  a.analyze("In 2024 about 1,000,000 people paid 3.14 or 1,5 at 10:30. covid19", "", &tokens);
  std::vector<std::string> got;
  for (const Token& t : tokens) got.push_back(t.term);
  EXPECT_THAT(got, ElementsAre("in", "2024", "about", "1000000", "peopl", "paid", "3.14", "or", "1",
                               "5", "at", "10", "30", "covid19"));
  EXPECT_EQ(tokens[1].kind, TokenKind::kNumber);
  EXPECT_EQ(tokens[4].kind, TokenKind::kWord);
  EXPECT_EQ(tokens[6].kind, TokenKind::kNumber);
  EXPECT_EQ(tokens.back().kind, TokenKind::kWord);
}

TEST(Analyzer, HashtagsAndMentions) {
  Analyzer a;
  std::vector<Token> tokens;
  a.analyze("#Fire near @Alice.bsky.social and @bob@Mastodon.Social. #LA_fires #2024 #1a", "",
            &tokens);
  ASSERT_EQ(tokens.size(), 8u);
  EXPECT_EQ(tokens[0].term, "#fire");
  EXPECT_EQ(tokens[0].kind, TokenKind::kHashtag);
  EXPECT_EQ(tokens[1].term, "near");
  EXPECT_EQ(tokens[2].term, "@alice.bsky.social");
  EXPECT_EQ(tokens[2].kind, TokenKind::kMention);
  EXPECT_EQ(tokens[3].term, "and");
  EXPECT_EQ(tokens[4].term, "@bob@mastodon.social");
  EXPECT_EQ(tokens[5].term, "#la_fires");  // underscores kept, no stemming
  EXPECT_EQ(tokens[6].term, "2024");       // '#' + digits only is not a hashtag
  EXPECT_EQ(tokens[6].kind, TokenKind::kNumber);
  EXPECT_EQ(tokens[7].term, "#1a");
}

TEST(Analyzer, EmailAndMidWordSignsAreNotMentionsOrHashtags) {
  EXPECT_THAT(unstemmed("bob@example.com C#sharp"),
              ElementsAre("bob", "example", "com", "c", "sharp"));
}

TEST(Analyzer, PositionsCountTokens) {
  Analyzer a;
  std::vector<Token> tokens;
  a.analyze("one #two @three", "", &tokens);
  a.analyze("four", "", &tokens);  // appended, positions restart for the new text
  ASSERT_EQ(tokens.size(), 4u);
  EXPECT_EQ(tokens[0].position, 0u);
  EXPECT_EQ(tokens[1].position, 1u);
  EXPECT_EQ(tokens[2].position, 2u);
  EXPECT_EQ(tokens[3].position, 0u);
}

TEST(Analyzer, StopwordsDroppedOnlyWhenAskedAndKeepTheirPosition) {
  AnalyzerOptions o;
  o.drop_stopwords = true;
  Analyzer a(o);
  std::vector<Token> tokens;
  a.analyze("The fire is in the city", "", &tokens);
  ASSERT_EQ(tokens.size(), 2u);
  EXPECT_EQ(tokens[0].term, "fir");
  EXPECT_EQ(tokens[0].position, 1u);
  EXPECT_EQ(tokens[1].term, "citi");
  EXPECT_EQ(tokens[1].position, 5u);
  EXPECT_THAT(terms("The fire"), ElementsAre("the", "fir"));
  EXPECT_EQ(a.normalize_word("The"), "the");
  EXPECT_TRUE(internal::stopwords_sorted());
}

TEST(Analyzer, NormalizeWord) {
  Analyzer a;
  EXPECT_EQ(a.normalize_word("Fires"), "fir");
  EXPECT_EQ(a.normalize_word("#Fires"), "#fires");
  EXPECT_EQ(a.normalize_word("@Bob"), "@bob");
  EXPECT_EQ(a.normalize_word("!!!"), "");
}

TEST(Analyzer, InvalidUtf8IsSkipped) {
  EXPECT_THAT(unstemmed("ab\xFF"
                        "cd \xC0\xAF x\xE2\x82 \xED\xA0\x80y \xF0\x9F"),
              ElementsAre("ab", "cd", "x", "y"));
}

TEST(Analyzer, EmptyAndSeparatorOnlyInput) {
  EXPECT_THAT(terms(""), IsEmpty());
  EXPECT_THAT(terms("  ... !!! ---  \t\n"), IsEmpty());
  EXPECT_THAT(terms(std::string_view("\0\0\0", 3)), IsEmpty());
}

TEST(Analyzer, HugeInputOfManyWords) {
  std::string text;
  while (text.size() < (1u << 20)) text += "fire الحريق 火事 #tag @user 🔥 https://x.org/a ";
  std::vector<Token> tokens;
  Analyzer().analyze(text, "", &tokens);
  // Each 57-byte chunk gives 10 terms: fir حريق 火 火事 事 #tag @user 🔥 host:x.org path:a.
  EXPECT_EQ(tokens.size(), (text.size() / 57) * 10);
  EXPECT_EQ(tokens[0].term, "fir");
  EXPECT_EQ(tokens[1].term, "حريق");
}

TEST(Analyzer, HugeSingleWordIsDroppedNotFatal) {
  std::string text(1u << 20, 'a');
  text += " end";
  EXPECT_THAT(terms(text), ElementsAre("end"));
  std::string hashtag = "#" + std::string(1u << 20, 'b');
  EXPECT_THAT(terms(hashtag), IsEmpty());
}

// Regression: inputs that made a scan restart at every position (URL bracket trimming, URL
// starts that are not at a word boundary) must stay linear; quadratic would not finish.
TEST(Analyzer, AdversarialMegabyteInputsFinish) {
  std::string brackets = "http://x.org/a" + std::string(1u << 20, ')');
  EXPECT_THAT(terms(brackets), ElementsAre("host:x.org", "path:a"));
  std::string glued;
  while (glued.size() < (1u << 20)) glued += "_http://ab";
  std::vector<std::string> got = terms(glued);
  EXPECT_EQ(got.size(), 2 * (glued.size() / 10));  // "http" and "ab" each time
  EXPECT_EQ(guess_language(glued), "en");
}

// Regression (found by the fuzzer): a code point that is a letter but may only join words
// (U+02BC) hung the segmenter at the start of a word. Every scalar value, alone and after the
// prefixes that select each word-scanning path, must be consumed.
TEST(Analyzer, EveryCodePointIsConsumed) {
  Analyzer analyzer;
  std::vector<Token> tokens;
  for (const char* prefix : {"", "a", "1", "1.", "x'", "\xd8\xa8"}) {
    for (char32_t cp = 1; cp < 0x110000; ++cp) {
      if (cp >= 0xd800 && cp < 0xe000) continue;
      std::string text = prefix;
      utf8::append(text, cp);
      text += "1";
      analyzer.analyze(text, "en", &tokens);
    }
  }
  EXPECT_THAT(terms("\u02bcsomething"), ElementsAre("someth"));
}

TEST(GuessLanguage, ByScript) {
  EXPECT_EQ(guess_language("The fire is spreading"), "en");
  EXPECT_EQ(guess_language("الحريق ينتشر في المدينة"), "ar");
  EXPECT_EQ(guess_language("Пожар в городе"), "ru");
  EXPECT_EQ(guess_language("東京で地震が発生しました"), "ja");
  EXPECT_EQ(guess_language("北京发生地震"), "zh");
  EXPECT_EQ(guess_language("서울에서 지진이 발생했다"), "ko");
  EXPECT_EQ(guess_language("Η φωτιά"), "el");
  EXPECT_EQ(guess_language("123 !!! 🔥"), "");
  EXPECT_EQ(guess_language(""), "");
  // Latin URL and mention letters do not outvote a short Arabic text.
  EXPECT_EQ(guess_language("حريق كبير https://www.example.org/very/long/english/path @someone"),
            "ar");
}

}  // namespace
}  // namespace chorus::text
