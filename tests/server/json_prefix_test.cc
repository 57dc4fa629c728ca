#include "server/json_prefix.h"

#include <gtest/gtest.h>

namespace chorus::server {
namespace {

bool accepts(std::string_view s) {
  JsonPrefix p;
  return p.feed(s);
}

TEST(JsonPrefix, WholeObjectsAreCompleteAndEveryPrefixIsAccepted) {
  const char* docs[] = {
      R"({})",
      R"({"a":1})",
      R"({ "a" : [1, -2.5e+3, 0, true, false, null, "x\"\\\u00e9"], "b": {"c": {}} })",
      R"({"emoji":"🔥","n":-0.5E-2})",
  };
  for (const char* d : docs) {
    std::string s(d);
    for (size_t i = 0; i <= s.size(); ++i) EXPECT_TRUE(accepts(s.substr(0, i))) << s.substr(0, i);
    JsonPrefix p;
    ASSERT_TRUE(p.feed(s));
    EXPECT_TRUE(p.complete()) << s;
    EXPECT_EQ(p.depth(), 0);
  }
}

TEST(JsonPrefix, RejectsWhatNoObjectCanContinue) {
  const char* bad[] = {"[",
                       "1",
                       "\"a\"",
                       "{a",
                       "{\"a\" 1",
                       "{\"a\":}",
                       "{\"a\":1,}",
                       "{\"a\":01",
                       "{\"a\":-}",
                       "{\"a\":tru}",
                       "{\"a\":[1}",
                       "{\"a\":\"\x01",
                       "{\"a\":\"\\x",
                       "{}x",
                       "{} {",
                       "{\"a\":1.}",
                       "{\"a\":\"\\u12G"};
  for (const char* b : bad) EXPECT_FALSE(accepts(b)) << b;
}

TEST(JsonPrefix, IncompleteUntilTheTopObjectCloses) {
  JsonPrefix p;
  ASSERT_TRUE(p.feed("{\"a\":{\"b\":[1"));
  EXPECT_FALSE(p.complete());
  EXPECT_EQ(p.depth(), 3);
  ASSERT_TRUE(p.feed("]}}"));
  EXPECT_TRUE(p.complete());
  EXPECT_TRUE(p.feed(" \n"));  // trailing whitespace is fine
}

TEST(JsonPrefix, WhitespaceRunsAreCapped) {
  JsonPrefix p;
  EXPECT_TRUE(p.feed("{" + std::string(JsonPrefix::kMaxWhitespaceRun, ' ')));
  EXPECT_FALSE(p.feed(" "));
  JsonPrefix q;
  // Inside strings whitespace is content, not capped.
  EXPECT_TRUE(q.feed("{\"a\":\"" + std::string(100, ' ')));
}

}  // namespace
}  // namespace chorus::server
