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

// Reads `text` as the config file.
Status load_text(const std::string& text, ServeConfig* c) {
  return load_config_file([&](const std::string&) -> Result<std::string> { return text; }, "x.toml",
                          c);
}

TEST(ServeConfig, RetentionKeysFromFileAndEnvironment) {
  ServeConfig c;
  EXPECT_EQ(c.retention_age_ms, 0);  // keep forever
  EXPECT_EQ(c.retention_posts, 0u);
  EXPECT_EQ(c.retention_interval_ms, 30'000);
  ASSERT_TRUE(load_text("retention_age = \"7d\"\nretention_posts = 5_000_000\nsegment_posts = "
                        "4096\nretention_interval = \"5m\"\n",
                        &c)
                  .is_ok());
  EXPECT_EQ(c.retention_interval_ms, 300'000);
  EXPECT_EQ(c.retention_age_ms, 7 * 86'400'000LL);
  EXPECT_EQ(c.retention_posts, 5'000'000u);
  EXPECT_EQ(c.segment_posts, 4096u);
  std::map<std::string, std::string> env = {{"CHORUS_RETENTION_AGE", "12h"},
                                            {"CHORUS_RETENTION_POSTS", "300"},
                                            {"CHORUS_RETENTION_INTERVAL", "500ms"}};
  auto getenv = [&](const char* n) -> const char* {
    auto it = env.find(n);
    return it == env.end() ? nullptr : it->second.c_str();
  };
  ASSERT_TRUE(apply_environment(getenv, &c).is_ok());
  EXPECT_EQ(c.retention_age_ms, 12 * 3'600'000LL);
  EXPECT_EQ(c.retention_posts, 300u);
  EXPECT_EQ(c.retention_interval_ms, 500);
  EXPECT_TRUE(validate_config(c).is_ok());
  ServeConfig off;
  ASSERT_TRUE(load_text("retention_age = 0\n", &off).is_ok());
  EXPECT_EQ(off.retention_age_ms, 0);
}

TEST(ServeConfig, BadRetentionValuesNameTheKey) {
  const std::pair<std::string, std::string> cases[] = {
      {"retention_age = \"soon\"\n", "retention_age"},
      {"retention_age = \"7 days\"\n", "retention_age"},
      {"retention_age = \"-1d\"\n", "retention_age"},
      {"retention_age = 5\n", "retention_age"},
      {"retention_posts = -1\n", "retention_posts"},
      {"retention_posts = \"many\"\n", "retention_posts"},
      {"segment_posts = 99999999\n", "segment_posts"},
      {"retention_interval = \"0s\"\n", "retention_interval"},
      {"retention_interval = 30\n", "retention_interval"},
      {"retention_interval = \"often\"\n", "retention_interval"},
  };
  for (const auto& [text, key] : cases) {
    ServeConfig c;
    Status s = load_text(text, &c);
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << text;
    EXPECT_NE(s.message().find(key), std::string::npos) << text << ": " << s.to_string();
  }
  std::map<std::string, std::string> env = {{"CHORUS_RETENTION_AGE", "1y"}};
  ServeConfig c;
  Status s = apply_environment(
      [&](const char* n) -> const char* {
        auto it = env.find(n);
        return it == env.end() ? nullptr : it->second.c_str();
      },
      &c);
  EXPECT_NE(s.message().find("CHORUS_RETENTION_AGE"), std::string::npos) << s.to_string();
}

TEST(ServeConfig, DurationsInMilliseconds) {
  const std::pair<const char*, int64_t> good[] = {
      {"90s", 90'000}, {"30m", 1'800'000}, {"12h", 43'200'000}, {"7d", 604'800'000},
      {"500ms", 500},  {"0", 0},           {"0d", 0},           {"1s", 1000},
  };
  for (const auto& [text, ms] : good) {
    Result<int64_t> r = parse_duration_setting("--retention-age", text);
    ASSERT_TRUE(r.is_ok()) << text << ": " << r.status().to_string();
    EXPECT_EQ(*r, ms) << text;
  }
  for (const char* text : {"", "d", "7x", "7 d", "1.5h", "-1s", "+1s", "7D", "1e3s",
                           "999999999999999d", "9999999999999999s"}) {
    Result<int64_t> r = parse_duration_setting("--retention-age", text);
    ASSERT_FALSE(r.is_ok()) << "'" << text << "' was accepted";
    EXPECT_NE(r.status().message().find("--retention-age"), std::string::npos);
  }
}

}  // namespace
}  // namespace chorus::server
