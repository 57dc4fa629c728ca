#include "model/runtime/stop_strings.h"

#include <gtest/gtest.h>

namespace chorus::model {
namespace {

TEST(StopStringsTest, PassesTextWithoutStops) {
  StopStrings s({"</s>"});
  EXPECT_EQ(s.feed("hello "), "hello ");
  EXPECT_EQ(s.feed("world"), "world");
  EXPECT_FALSE(s.stopped());
  EXPECT_EQ(s.finish(), "");
}

TEST(StopStringsTest, MatchesAcrossPieceBoundariesAndHoldsPrefixes) {
  StopStrings s({"<|im_end|>"});
  EXPECT_EQ(s.feed("Hi there<|"), "Hi there");  // "<|" may start the stop string
  EXPECT_EQ(s.feed("im_"), "");
  EXPECT_EQ(s.feed("end|> trailing"), "");
  EXPECT_TRUE(s.stopped());
  EXPECT_EQ(s.matched(), "<|im_end|>");
  EXPECT_EQ(s.feed("more"), "");
  EXPECT_EQ(s.finish(), "");
}

TEST(StopStringsTest, ReleasesHeldTextWhenPrefixBreaks) {
  StopStrings s({"STOP"});
  EXPECT_EQ(s.feed("a ST"), "a ");
  EXPECT_EQ(s.feed("ar"), "STar");
  EXPECT_EQ(s.feed("S"), "");
  EXPECT_EQ(s.finish(), "S");
  EXPECT_FALSE(s.stopped());
}

TEST(StopStringsTest, EarliestOfSeveralStopsWins) {
  StopStrings s({"world", "lo w"});
  EXPECT_EQ(s.feed("hello world"), "hel");
  EXPECT_EQ(s.matched(), "lo w");
}

TEST(StopStringsTest, StopInsideOnePiece) {
  StopStrings s({"\n\n"});
  EXPECT_EQ(s.feed("line\n\nnext"), "line");
  EXPECT_TRUE(s.stopped());
}

TEST(StopStringsTest, OverlappingPrefixHoldsLongestCandidate) {
  StopStrings s({"aab"});
  EXPECT_EQ(s.feed("xaa"), "x");
  EXPECT_EQ(s.feed("a"), "a");  // "aaa": only "aa" can still start "aab"
  EXPECT_EQ(s.feed("b"), "");
  EXPECT_TRUE(s.stopped());
}

}  // namespace
}  // namespace chorus::model
