// CJK unigrams and bigrams, URL reduction, emoji sequences.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "text/analyzer.h"
#include "text/terms.h"
#include "text/url.h"

namespace chorus::text {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(Cjk, UnigramsAndBigramsShareThePositionOfTheirFirstCharacter) {
  Analyzer a;
  std::vector<Token> tokens;
  a.analyze("東京 地震速報 fire", "", &tokens);
  std::vector<std::string> got;
  std::vector<uint32_t> pos;
  for (const Token& t : tokens) got.push_back(t.term), pos.push_back(t.position);
  EXPECT_THAT(
      got, ElementsAre("東", "東京", "京", "地", "地震", "震", "震速", "速", "速報", "報", "fir"));
  EXPECT_THAT(pos, ElementsAre(0, 0, 1, 2, 2, 3, 3, 4, 4, 5, 6));
}

TEST(Cjk, KanaHangulAndMixedScripts) {
  EXPECT_THAT(terms("カタカナ"), ElementsAre("カ", "カタ", "タ", "タカ", "カ", "カナ", "ナ"));
  EXPECT_THAT(terms("서울"), ElementsAre("서", "서울", "울"));
  EXPECT_THAT(terms("iPhone発売2024年"), ElementsAre("iphon", "発", "発売", "売", "2024", "年"));
  EXPECT_THAT(terms("ｶﾀ"), ElementsAre("カ", "カタ", "タ"));  // halfwidth katakana
}

TEST(Cjk, TwoCharacterQueryMatchesLongerText) {
  Analyzer a;
  std::vector<std::string> post = a.terms("東京で大きな地震が発生しました");
  for (const std::string& q : a.terms("地震")) {
    EXPECT_NE(std::find(post.begin(), post.end(), q), post.end()) << q;
  }
}

TEST(Url, HostAndPathTerms) {
  Analyzer a;
  std::vector<Token> tokens;
  a.analyze("see https://www.Example.org/News/2024/Fire-LA.html?utm=x#top now", "", &tokens);
  ASSERT_EQ(tokens.size(), 6u);
  EXPECT_EQ(tokens[0].term, "see");
  EXPECT_EQ(tokens[1].term, "host:example.org");
  EXPECT_EQ(tokens[1].kind, TokenKind::kUrlHost);
  EXPECT_EQ(tokens[2].term, "path:news");
  EXPECT_EQ(tokens[2].kind, TokenKind::kUrlPath);
  EXPECT_EQ(tokens[3].term, "path:2024");
  EXPECT_EQ(tokens[4].term, "path:fire-la.html");
  EXPECT_EQ(tokens[5].term, "now");
}

TEST(Url, Variants) {
  EXPECT_THAT(terms("www.bbc.co.uk/arabic."), ElementsAre("host:bbc.co.uk", "path:arabic"));
  EXPECT_THAT(terms("(http://user:pw@Host.example:8080/a//b/)"),
              ElementsAre("host:host.example", "path:a", "path:b"));
  EXPECT_THAT(terms("https://x.com/someone/status/1790012345678901234"),
              ElementsAre("host:x.com", "path:someone", "path:status"));
  EXPECT_THAT(terms("https://ar.wikipedia.org/wiki/%D8%BA%D8%B2%D8%A9"),
              ElementsAre("host:ar.wikipedia.org", "path:wiki", "path:غزة"));
  EXPECT_THAT(terms("https://example.org/123456 https://example.org/%FF"),
              ElementsAre("host:example.org", "path:123456", "host:example.org", "path:%ff"));
  EXPECT_THAT(terms("https://en.wikipedia.org/wiki/Fire_(disambiguation))"),
              ElementsAre("host:en.wikipedia.org", "path:wiki", "path:fire_(disambiguation)"));
}

TEST(Url, NotAUrl) {
  EXPECT_THAT(terms("http:// http wwwx www. ahttp://x.org"),
              ElementsAre("http", "http", "wwwx", "www", "ahttp", "x", "org"));
}

TEST(Url, UrlLengthStopsAtCjkAndSpace) {
  EXPECT_EQ(internal::url_length("https://x.org/a看"), 15u);
  EXPECT_EQ(internal::url_length("https://x.org/a b"), 15u);
  EXPECT_EQ(internal::url_length("nope"), 0u);
}

TEST(Emoji, SingleSequencesFlagsAndKeycaps) {
  Analyzer a;
  std::vector<Token> tokens;
  a.analyze("fire🔥🔥 ❤️ ❤ 👍🏽 👨‍👩‍👧 🇪🇬 #️⃣ 1️⃣ ©", "",
            &tokens);
  std::vector<std::string> got;
  for (const Token& t : tokens) got.push_back(t.term);
  EXPECT_THAT(got, ElementsAre("fir", "🔥", "🔥", "❤", "❤", "👍🏽", "👨‍👩‍👧", "🇪🇬",
                               "#⃣", "1⃣"));
  EXPECT_EQ(tokens[1].kind, TokenKind::kEmoji);
}

TEST(Emoji, DanglingJoinersAndModifiers) {
  EXPECT_THAT(terms("👨‍ x 🏽 \u200D"), ElementsAre("👨", "x", "🏽"));
  EXPECT_THAT(terms("🇪"), ElementsAre("🇪"));
}

}  // namespace
}  // namespace chorus::text
