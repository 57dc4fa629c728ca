#include "server/toml_config.h"

#include <gtest/gtest.h>

namespace chorus::server {
namespace {

TEST(TomlConfig, ReadsEveryValueTypeAndSections) {
  auto doc = TomlDoc::parse(R"(# comment
host = "0.0.0.0"   # trailing comment
port = 8_081
require_auth = true
keys = ["a", 'b\c', "q\"x"]
[simulator]
rate = 2.5
"quoted key" = 'lit'
)");
  ASSERT_TRUE(doc.is_ok()) << doc.status().to_string();
  std::string host, lit;
  int64_t port = 0;
  bool auth = false;
  double rate = 0;
  std::vector<std::string> keys;
  ASSERT_TRUE(doc->get("host", &host).is_ok());
  ASSERT_TRUE(doc->get("port", &port).is_ok());
  ASSERT_TRUE(doc->get("require_auth", &auth).is_ok());
  ASSERT_TRUE(doc->get("keys", &keys).is_ok());
  ASSERT_TRUE(doc->get("simulator.rate", &rate).is_ok());
  ASSERT_TRUE(doc->get("simulator.quoted key", &lit).is_ok());
  EXPECT_EQ(host, "0.0.0.0");
  EXPECT_EQ(port, 8081);
  EXPECT_TRUE(auth);
  EXPECT_EQ(keys, (std::vector<std::string>{"a", "b\\c", "q\"x"}));
  EXPECT_DOUBLE_EQ(rate, 2.5);
  EXPECT_EQ(lit, "lit");
}

TEST(TomlConfig, IntegerAcceptedAsFloatButNotTheReverse) {
  auto doc = TomlDoc::parse("a = 3\nb = 1.5\n");
  ASSERT_TRUE(doc.is_ok());
  double a = 0;
  int64_t b = 0;
  EXPECT_TRUE(doc->get("a", &a).is_ok());
  EXPECT_DOUBLE_EQ(a, 3);
  Status s = doc->get("b", &b);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("b"), std::string::npos);
  EXPECT_EQ(doc->get("missing", &b).code(), StatusCode::kNotFound);
}

TEST(TomlConfig, ErrorsNameTheLine) {
  struct Case {
    const char* text;
    const char* want;
  } cases[] = {
      {"a = 1\nb 2\n", "line 2: expected '='"},
      {"a = \"open\n", "line 1: unterminated string"},
      {"\n\n[sec\n", "line 3: unterminated section"},
      {"a = [1, 2]\n", "line 1: arrays may hold only strings"},
      {"a = 1\na = 2\n", "line 2: duplicate key a"},
      {"a = 1 2\n", "line 1: text after the value"},
      {"a = nope\n", "line 1: cannot read value"},
      {"a = \"\\q\"\n", "line 1: unknown escape"},
  };
  for (const Case& c : cases) {
    auto doc = TomlDoc::parse(c.text);
    ASSERT_FALSE(doc.is_ok()) << c.text;
    EXPECT_NE(doc.status().message().find(c.want), std::string::npos)
        << c.text << " -> " << doc.status().message();
  }
}

}  // namespace
}  // namespace chorus::server
