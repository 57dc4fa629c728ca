// The English light stemmer, rule by rule, and "a query for one form finds the others".
#include "text/english.h"

#include <gtest/gtest.h>

#include "text/analyzer.h"

namespace chorus::text {
namespace {

std::string stem(std::string w) {
  internal::stem_english(&w);
  return w;
}

TEST(EnglishStemmer, Plurals) {
  EXPECT_EQ(stem("fires"), "fir");
  EXPECT_EQ(stem("cities"), "citi");
  EXPECT_EQ(stem("ties"), "tie");
  EXPECT_EQ(stem("boxes"), "box");
  EXPECT_EQ(stem("classes"), "class");
  EXPECT_EQ(stem("churches"), "church");
  EXPECT_EQ(stem("buses"), "bus");
}

TEST(EnglishStemmer, WordsThatLookPluralAreKept) {
  EXPECT_EQ(stem("news"), "news");
  EXPECT_EQ(stem("this"), "this");
  EXPECT_EQ(stem("bus"), "bus");
  EXPECT_EQ(stem("class"), "class");
  EXPECT_EQ(stem("status"), "status");
  EXPECT_EQ(stem("crisis"), "crisis");
  EXPECT_EQ(stem("gas"), "gas");
  EXPECT_EQ(stem("yes"), "yes");
}

TEST(EnglishStemmer, IngAndEd) {
  EXPECT_EQ(stem("burning"), "burn");
  EXPECT_EQ(stem("running"), "run");
  EXPECT_EQ(stem("stopped"), "stop");
  EXPECT_EQ(stem("adding"), "add");
  EXPECT_EQ(stem("falling"), "fall");
  EXPECT_EQ(stem("created"), "creat");
  EXPECT_EQ(stem("buildings"), "build");
}

TEST(EnglishStemmer, ShortAndVowellessStemsAreKept) {
  EXPECT_EQ(stem("king"), "king");
  EXPECT_EQ(stem("thing"), "thing");
  EXPECT_EQ(stem("string"), "string");
  EXPECT_EQ(stem("sing"), "sing");
  EXPECT_EQ(stem("need"), "need");
  EXPECT_EQ(stem("speed"), "speed");
  EXPECT_EQ(stem("used"), "used");
  EXPECT_EQ(stem("red"), "red");
  EXPECT_EQ(stem("tree"), "tree");
  EXPECT_EQ(stem("the"), "the");
}

TEST(EnglishStemmer, NonLetterWordsAreUntouched) {
  EXPECT_EQ(stem("covid19s"), "covid19s");
  EXPECT_EQ(stem("cafés"), "cafés");
  EXPECT_EQ(stem(""), "");
}

TEST(EnglishStemmer, InflectionsMeetTheirBaseForm) {
  const std::vector<std::vector<std::string>> groups = {
      {"fire", "fires", "fired", "firing"},
      {"city", "cities"},
      {"movie", "movies"},
      {"fly", "flies"},
      {"study", "studies", "studying", "studied"},
      {"play", "plays", "played", "playing"},
      {"make", "makes", "making"},
      {"box", "boxes", "boxed", "boxing"},
      {"create", "creates", "created", "creating"},
      {"protest", "protests", "protested", "protesting"},
      {"flood", "floods", "flooded", "flooding"},
      {"hope", "hopes", "hoped", "hoping"},
      {"tie", "ties"},
  };
  Analyzer a;
  for (const auto& group : groups) {
    for (const std::string& w : group) {
      EXPECT_EQ(a.normalize_word(w), a.normalize_word(group[0])) << w << " vs " << group[0];
    }
  }
}

}  // namespace
}  // namespace chorus::text
