#include "base/utf8.h"

#include <gtest/gtest.h>

namespace chorus {
namespace {

TEST(Utf8, Validates) {
  EXPECT_TRUE(utf8::valid("plain ascii"));
  EXPECT_TRUE(utf8::valid("مرحبا بالعالم"));
  EXPECT_TRUE(utf8::valid("emoji \xF0\x9F\x98\x80 ok"));
  EXPECT_FALSE(utf8::valid("bad \xC0\xAF overlong"));
  EXPECT_FALSE(utf8::valid("surrogate \xED\xA0\x80"));
  EXPECT_FALSE(utf8::valid("truncated \xE2\x82"));
  EXPECT_FALSE(utf8::valid("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_EQ(utf8::first_invalid("abcdefghij\xFFxyz"), 10u);
}

TEST(Utf8, DecodeAndAppendRoundTrip) {
  for (char32_t cp : {U'a', U'\u00e9', U'\u0627', U'\u4e2d', U'\U0001F600'}) {
    std::string s;
    utf8::append(s, cp);
    char32_t back = 0;
    EXPECT_EQ(utf8::decode(s, &back), s.size());
    EXPECT_EQ(back, cp);
  }
}

TEST(Utf8, CompletePrefixStopsBeforePartialCharacter) {
  std::string s = "ab\xF0\x9F\x98\x80";
  EXPECT_EQ(utf8::complete_prefix(s), s.size());
  EXPECT_EQ(utf8::complete_prefix(s.substr(0, 5)), 2u);
  EXPECT_EQ(utf8::complete_prefix(s.substr(0, 3)), 2u);
  EXPECT_EQ(utf8::complete_prefix("ab"), 2u);
}

TEST(Utf8, SanitizeReplacesBadBytes) {
  EXPECT_EQ(utf8::sanitize("a\xFF" "b"), "a\xEF\xBF\xBD" "b");
}

}  // namespace
}  // namespace chorus
