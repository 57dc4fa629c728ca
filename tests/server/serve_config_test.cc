#include "server/serve_config.h"

#include <gtest/gtest.h>

#include <map>

namespace chorus::server {
namespace {

TEST(ServeConfig, DefaultsWithoutFile) {
  ServeConfig c;
  EXPECT_EQ(c.host, "127.0.0.1");
  EXPECT_EQ(c.port, 8080);
  EXPECT_EQ(c.data_dir, "./chorus-data");
  EXPECT_EQ(c.source, "simulator");
  EXPECT_TRUE(validate_config(c).is_ok());
}

TEST(ServeConfig, FileThenEnvironmentOverride) {
  ServeConfig c;
  auto read = [](const std::string&) -> Result<std::string> {
    return std::string(
        "port = 9000\nhost = \"0.0.0.0\"\napi_keys = [\"k1\"]\n[simulator]\nrate = 5\n");
  };
  ASSERT_TRUE(load_config_file(read, "x.toml", &c).is_ok());
  EXPECT_EQ(c.port, 9000);
  EXPECT_EQ(c.host, "0.0.0.0");
  EXPECT_EQ(c.api_keys, std::vector<std::string>{"k1"});
  EXPECT_DOUBLE_EQ(c.sim_rate, 5);
  std::map<std::string, std::string> env = {{"CHORUS_PORT", "9100"},
                                            {"CHORUS_API_KEYS", "a, b,,c"},
                                            {"CHORUS_LLM_URL", "http://x:1,http://y:2"}};
  auto getenv = [&](const char* n) -> const char* {
    auto it = env.find(n);
    return it == env.end() ? nullptr : it->second.c_str();
  };
  ASSERT_TRUE(apply_environment(getenv, &c).is_ok());
  EXPECT_EQ(c.port, 9100);
  EXPECT_EQ(c.host, "0.0.0.0");  // not in the environment: the file's value stays
  EXPECT_EQ(c.api_keys, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(c.llm_urls.size(), 2u);
}

TEST(ServeConfig, BadValuesAreNamed) {
  ServeConfig c;
  auto read = [](const std::string&) -> Result<std::string> { return std::string("prot = 1\n"); };
  Status s = load_config_file(read, "x.toml", &c);
  EXPECT_NE(s.message().find("unknown key prot"), std::string::npos) << s.to_string();
  std::map<std::string, std::string> env = {{"CHORUS_PORT", "80x"}};
  s = apply_environment(
      [&](const char* n) -> const char* {
        auto it = env.find(n);
        return it == env.end() ? nullptr : it->second.c_str();
      },
      &c);
  EXPECT_NE(s.message().find("CHORUS_PORT"), std::string::npos);
  ServeConfig bad;
  bad.source = "ftp:x";
  EXPECT_NE(validate_config(bad).message().find("source"), std::string::npos);
  bad = ServeConfig{};
  bad.model = "m.gguf";
  bad.llm_urls = {"http://x:1"};
  EXPECT_FALSE(validate_config(bad).is_ok());
  bad = ServeConfig{};
  bad.parallel = 0;
  EXPECT_NE(validate_config(bad).message().find("parallel"), std::string::npos);
}

}  // namespace
}  // namespace chorus::server
