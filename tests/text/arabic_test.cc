// Arabic normalization and light stemming: each rule on its own, a realistic sentence, and
// "a query in one spelling finds the other".
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "text/analyzer.h"
#include "text/arabic.h"
#include "text/terms.h"

namespace chorus::text {
namespace {

using ::testing::ElementsAre;

std::vector<std::string> stemmed(std::string_view text) {
  return Analyzer().terms(text);
}

TEST(ArabicNormalization, TatweelIsRemoved) {
  EXPECT_THAT(unstemmed("كـــتاب"), ElementsAre("كتاب"));
}

TEST(ArabicNormalization, HarakatAndSuperscriptAlefAreRemoved) {
  EXPECT_THAT(unstemmed("مُدَرِّسٌ"), ElementsAre("مدرس"));
  EXPECT_THAT(unstemmed("هٰذا"), ElementsAre("هذا"));
}

TEST(ArabicNormalization, QuranicMarksAreRemoved) {
  // Uthmani spelling writes the long vowel of الكتاب as a superscript alef, which is dropped.
  EXPECT_THAT(unstemmed("ذَٰلِكَ ٱلۡكِتَٰبُ لَا رَيۡبَۛ"), ElementsAre("ذلك", "الكتب", "لا", "ريب"));
}

TEST(ArabicNormalization, AlefFormsAreUnified) {
  EXPECT_THAT(unstemmed("أحمد إسلام آمن ٱلله"), ElementsAre("احمد", "اسلام", "امن", "الله"));
}

TEST(ArabicNormalization, AlefMaksuraBecomesYeh) {
  EXPECT_THAT(unstemmed("مستشفى"), ElementsAre("مستشفي"));
}

TEST(ArabicNormalization, TehMarbutaBecomesHeh) {
  EXPECT_THAT(unstemmed("مدرسة"), ElementsAre("مدرسه"));
}

TEST(ArabicNormalization, PersianKafAndYehAreUnified) {
  EXPECT_THAT(unstemmed("کتاب یک"), ElementsAre("كتاب", "يك"));
}

TEST(ArabicNormalization, HamzaOnWawAndYehIsKept) {
  EXPECT_THAT(unstemmed("مسؤول سائل"), ElementsAre("مسؤول", "سائل"));
}

TEST(ArabicNormalization, ArabicIndicDigitsBecomeAscii) {
  Analyzer a;
  std::vector<Token> tokens;
  a.analyze("٢٠٢٤ ۱۴۰۳ ٣٫١٤ ١٬٠٠٠", "", &tokens);
  ASSERT_EQ(tokens.size(), 4u);
  EXPECT_EQ(tokens[0].term, "2024");
  EXPECT_EQ(tokens[0].kind, TokenKind::kNumber);
  EXPECT_EQ(tokens[1].term, "1403");
  EXPECT_EQ(tokens[2].term, "3.14");
  EXPECT_EQ(tokens[3].term, "1000");
}

TEST(ArabicNormalization, PresentationFormsAreMapped) {
  EXPECT_THAT(unstemmed("ﻻ ﷲ"), ElementsAre("لا", "الله"));
}

TEST(ArabicNormalization, ArabicPunctuationSeparates) {
  EXPECT_THAT(unstemmed("نعم،لا؛ماذا؟"), ElementsAre("نعم", "لا", "ماذا"));
}

TEST(ArabicStemming, DefiniteArticleAndAttachedPrefixes) {
  EXPECT_THAT(stemmed("الكتاب والكتاب بالكتاب كالكتاب فالكتاب للكتاب"),
              ElementsAre("كتاب", "كتاب", "كتاب", "كتاب", "كتاب", "كتاب"));
}

TEST(ArabicStemming, Suffixes) {
  EXPECT_THAT(stemmed("سياراتها معلمات مهندسون مهندسين مدرسة كتابه عربية مصريين"),
              ElementsAre("سيار", "معلم", "مهندس", "مهندس", "مدرس", "كتاب", "عرب", "مصر"));
}

TEST(ArabicStemming, ShortWordsAreNotStripped) {
  // ال leaves at least 2 letters; suffixes leave at least 3.
  EXPECT_THAT(stemmed("الحب ال امه بيته سكان لبنان وزارة"),
              ElementsAre("حب", "ال", "امه", "بيت", "سكان", "لبنان", "وزار"));
}

TEST(ArabicStemming, HashtagsAreNormalizedButNotStemmed) {
  EXPECT_THAT(stemmed("#غزة #الأخبار_العاجلة"), ElementsAre("#غزه", "#الاخبار_العاجله"));
}

TEST(ArabicStemming, RealisticSentence) {
  EXPECT_THAT(stemmed("اندلع حريقٌ كبيرٌ في مستشفى المدينة، وأُصيب ١٢ شخصاً #حريق_المستشفى"),
              ElementsAre("اندلع", "حريق", "كبير", "في", "مستشف", "مدين", "واصيب", "12", "شخصا",
                          "#حريق_المستشفي"));
}

TEST(ArabicStemming, MixedRtlAndLtrText) {
  Analyzer a;
  std::vector<Token> tokens;
  a.analyze("\u200Fقال Biden إن الوضع\u200E خطير (CNN) في 2024", "", &tokens);
  std::vector<std::string> got;
  for (const Token& t : tokens) got.push_back(t.term);
  EXPECT_THAT(got, ElementsAre("قال", "biden", "ان", "وضع", "خطير", "cnn", "في", "2024"));
  // A word never spans two scripts, even without a space between them.
  EXPECT_THAT(stemmed("iPhoneالجديد"), ElementsAre("iphon", "جديد"));
}

bool intersects(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  return std::any_of(a.begin(), a.end(), [&](const std::string& t) {
    return std::find(b.begin(), b.end(), t) != b.end();
  });
}

TEST(ArabicStemming, QueryInOneSpellingFindsTheOther) {
  const std::pair<const char*, const char*> pairs[] = {
      {"أحمد", "احمد"},     {"مدرسة", "مدرسه"},     {"الكتاب", "كتاب"}, {"مستشفى", "مستشفي"},
      {"كـــتاب", "كتاب"},  {"مُدَرِّس", "مدرس"},       {"إسلام", "اسلام"}, {"آمن", "امن"},
      {"المدرسة", "مدرسه"}, {"للمستشفى", "مستشفي"}, {"کتاب", "كتاب"},   {"السيارات", "سياره"},
  };
  Analyzer a;
  for (const auto& [query, post] : pairs) {
    EXPECT_TRUE(intersects(a.terms(query), a.terms(post))) << query << " vs " << post;
    EXPECT_EQ(a.normalize_word(query), a.normalize_word(post)) << query << " vs " << post;
  }
}

TEST(ArabicStemming, ShortWordListOnlyStemsPlainArabicWords) {
  std::string mixed = "كتاب9ها";
  internal::stem_arabic(&mixed);
  EXPECT_EQ(mixed, "كتاب9ها");
  EXPECT_FALSE(internal::is_plain_arabic_word(""));
  EXPECT_TRUE(internal::is_plain_arabic_word("كتاب"));
}

}  // namespace
}  // namespace chorus::text
