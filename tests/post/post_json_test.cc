#include "post/post_json.h"

#include <gtest/gtest.h>

namespace chorus {
namespace {

constexpr const char* kFull =
    R"({"id":"p1","author":{"id":"a1","handle":"@alice","display_name":"Alice",
"created_at":"2020-01-01T00:00:00Z","followers":120,"following":80,"verified":true},
"text":"Fire near the port of Alexandria #fire","created_at":1709294400123,"lang":"en",
"reply_to":"p0","quote_of":null,"hashtags":["fire"],"mentions":["bob"],"urls":["https://x.org/a"],
"metrics":{"likes":3,"reposts":1,"replies":0,"quotes":0,"views":99},"source":"simulator",
"credibility":0.5,"unknown_field":{"nested":[1,2,3]}})";

TEST(PostJson, ParsesEveryField) {
  auto r = parse_post_json(kFull);
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  const Post& p = *r;
  EXPECT_EQ(p.id, "p1");
  EXPECT_EQ(p.author.handle, "alice");
  EXPECT_EQ(p.author.created_at_ms, 1577836800000);
  EXPECT_TRUE(p.author.verified);
  EXPECT_EQ(p.created_at_ms, 1709294400123);
  EXPECT_EQ(p.reply_to, "p0");
  EXPECT_EQ(p.quote_of, "");
  EXPECT_EQ(p.hashtags, std::vector<std::string>{"fire"});
  EXPECT_EQ(p.metrics.views, 99);
  EXPECT_FLOAT_EQ(p.credibility, 0.5f);
}

TEST(PostJson, RoundTrips) {
  Post p = *parse_post_json(kFull);
  p.text = "quote \" backslash \\ newline \n tab \t ctrl \x01 arabic مرحبا emoji 😀";
  auto back = parse_post_json(post_to_json(p));
  ASSERT_TRUE(back.is_ok()) << back.status().to_string();
  EXPECT_EQ(*back, p);
}

TEST(PostJson, EscapesExactlyTheBytesJsonRequires) {
  std::string out;
  append_json_string("a\"b\\c\nd\re\tf\x01g\x1fh/ü😀", &out);
  EXPECT_EQ(out, "\"a\\\"b\\\\c\\nd\\re\\tf\\u0001g\\u001fh/ü😀\"");
  out.clear();
  append_json_string("", &out);
  EXPECT_EQ(out, "\"\"");
}

TEST(PostJson, WritesCredibilityAsNineSignificantDigits) {
  Post p = *parse_post_json(kFull);
  p.credibility = 0.1f;
  EXPECT_NE(post_to_json(p).find("\"credibility\":0.100000001}"), std::string::npos);
  p.credibility = 1.0f;
  EXPECT_NE(post_to_json(p).find("\"credibility\":1}"), std::string::npos);
}

struct BadCase {
  const char* json;
  const char* expect_in_message;
};

// Regression (found by post_json_fuzz): "@@lice" became "@lice", which the next parse changed
// again; every leading '@' is dropped.
TEST(PostJson, HandleLosesEveryLeadingAt) {
  std::string json = kFull;
  json.replace(json.find("@alice"), 6, "@@alice");
  auto r = parse_post_json(json);
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  EXPECT_EQ(r->author.handle, "alice");
  EXPECT_EQ(post_to_json(*parse_post_json(post_to_json(*r))), post_to_json(*r));
}

TEST(PostJson, RejectsBadInputNamingTheField) {
  const BadCase cases[] = {
      {R"({"text":"no id","created_at":1})", "id"},
      {R"({"id":"x","text":"no time"})", "created_at"},
      {R"({"id":7,"created_at":1})", "id"},
      {R"({"id":"x","created_at":"yesterday"})", "created_at"},
      {R"({"id":"x","created_at":9007199254740993})", "created_at"},
      {R"({"id":"x","created_at":1,"metrics":{"likes":"many"}})", "metrics.likes"},
      {R"({"id":"x","created_at":1,"hashtags":"notalist"})", "hashtags"},
      {R"({"id":"x","created_at":1,"author":[]})", "author"},
      {R"({"id":"x","created_at":1,"text":"bad \xff utf8"})", "text"},
      {R"({"id":"x","created_at":1)", "malformed"},
      {R"([1,2])", "object"},
      {R"({"id":"x","created_at":1} trailing)", "malformed"},
      {"", "malformed"},
  };
  for (const auto& c : cases) {
    auto r = parse_post_json(c.json);
    ASSERT_FALSE(r.is_ok()) << c.json;
    EXPECT_NE(r.status().message().find(c.expect_in_message), std::string::npos)
        << c.json << " -> " << r.status().message();
  }
}

TEST(PostJson, RejectsOversizeText) {
  std::string text(kMaxTextBytes + 1, 'a');
  auto r = parse_post_json(R"({"id":"x","created_at":1,"text":")" + text + "\"}");
  ASSERT_FALSE(r.is_ok());
  EXPECT_NE(r.status().message().find("text"), std::string::npos);
}

TEST(PostJson, ParserIsReusable) {
  PostJsonParser parser;
  Post p;
  EXPECT_FALSE(parser.parse("{bad", &p).is_ok());
  EXPECT_TRUE(parser.parse(R"({"id":"a","created_at":5})", &p).is_ok());
  EXPECT_EQ(p.id, "a");
}

// parse_padded reads the input in place; it must accept and reject exactly what parse() does.
TEST(PostJson, PaddedParseAgreesWithParse) {
  const std::string records[] = {
      R"({"id":"a","created_at":5,"text":"plain ascii","author":{"handle":"@@x"}})",
      R"({"id":"b","created_at":5,"text":"caf\u00e9 \ud83d\udd25 \"q\" \\u0041"})",
      "{\"id\":\"c\",\"created_at\":5,\"text\":\"\xd8\xb5\xd8\xa8\xd8\xa7\xd8\xad \\n\"}",
      R"({"id":"d","created_at":5,"text":"lone \ud800 surrogate"})",
      R"({"id":"e","created_at":5,"text":"lone \udc00 low"})",
      "{\"id\":\"f\",\"created_at\":5,\"text\":\"bad \xff byte\"}",
      "{\"id\":\"g\",\"created_at\":5,\"author\":{\"id\":\"\xc0\xaf\"}}",
      R"({"id":"h","created_at":5,"text":"nul \u0000 inside"})",
      R"({"id":"i","created_at":1,"lang":"enenenenenenenenen"})",
      R"({"id":"j"})",
  };
  PostJsonParser plain, padded;
  for (const std::string& r : records) {
    Post want, got;
    const Status a = plain.parse(r, &want);
    std::string buf = r + std::string(kPostJsonPadding, 'x');  // padding of any value
    const Status b = padded.parse_padded(std::string_view(buf.data(), r.size()), &got);
    EXPECT_EQ(a.to_string(), b.to_string()) << r;
    if (a.is_ok()) {
      EXPECT_EQ(want, got) << r;
    }
  }
}

// Strings from \u escapes are checked again; the text of a parsed post is always valid UTF-8.
TEST(PostJson, EscapedCodePointsStayValidUtf8) {
  PostJsonParser parser;
  Post p;
  ASSERT_TRUE(parser.parse(R"({"id":"a","created_at":5,"text":"\u00e9\ud83d\udd25"})", &p).is_ok());
  EXPECT_EQ(p.text, "\xc3\xa9\xf0\x9f\x94\xa5");
  EXPECT_FALSE(parser.parse(R"({"id":"a","created_at":5,"text":"\udfff"})", &p).is_ok());
  EXPECT_FALSE(
      parser.parse("{\"id\":\"a\",\"created_at\":5,\"text\":\"\xed\xa0\x80\"}", &p).is_ok());
}

}  // namespace
}  // namespace chorus
