#include <simdjson.h>

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "base/utf8.h"
#include "post/post.h"

namespace chorus {
namespace {

// validate() takes simdjson's vectorized UTF-8 check as proof of well-formedness: both checks
// must accept exactly the same strings. Mutated multi-byte text reaches every class of error
// (stray continuation bytes, truncated sequences, overlong forms, surrogates, > U+10FFFF).
TEST(PostValidate, Utf8ChecksAgree) {
  const std::string seeds[] = {
      "plain ascii text, long enough to cross a vector width: 0123456789abcdef",
      "مرحبا بالعالم، هذا نص عربي طويل بما يكفي ليعبر عرض المتجه",
      "emoji 😀👍🏽 and CJK 漢字 and accents éàü mixed with ascii",
      "\xed\x9f\xbf\xee\x80\x80\xf4\x8f\xbf\xbf\xf0\x90\x80\x80\xc2\x80\xe0\xa0\x80",
  };
  const unsigned char edge[] = {0x00, 0x7f, 0x80, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0,
                                0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xf8, 0xfe, 0xff, 0xa0};
  std::mt19937 rng(42);
  int invalid = 0;
  for (int round = 0; round < 200'000; ++round) {
    std::string s = seeds[round % std::size(seeds)];
    const int edits = 1 + static_cast<int>(rng() % 3);
    for (int e = 0; e < edits; ++e) {
      const size_t at = rng() % s.size();
      switch (rng() % 3) {
        case 0:
          s[at] = static_cast<char>(edge[rng() % std::size(edge)]);
          break;
        case 1:
          s.erase(at, 1);
          break;
        default:
          s.resize(at);
      }
      if (s.empty()) s = "x";
    }
    const bool scalar = utf8::first_invalid(s) == s.size();
    ASSERT_EQ(simdjson::validate_utf8(s.data(), s.size()), scalar) << "round " << round;
    invalid += !scalar;
  }
  EXPECT_GT(invalid, 50'000);  // the mutations reach bad input often
}

TEST(PostValidate, NamesTheFieldAndByteOfBadUtf8) {
  Post p;
  p.id = "p1";
  p.author.id = "a1";
  p.created_at_ms = 1;
  p.text = "fine text then \xe2\x82 broken";
  Status s = validate(p);
  ASSERT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("text: invalid UTF-8 at byte 15"), std::string::npos) << s.message();
  p.text = "fine";
  EXPECT_TRUE(validate(p).is_ok()) << validate(p).message();
}

}  // namespace
}  // namespace chorus
