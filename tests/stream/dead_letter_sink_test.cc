#include "stream/dead_letter_sink.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sstream>
#include <thread>
#include <vector>

#include "base/utf8.h"
#include "support/fault_env.h"
#include "support/temp_dir.h"

namespace chorus::stream {
namespace {

std::vector<nlohmann::json> read_lines(const std::string& path) {
  auto data = Env::posix()->read_file(path);
  EXPECT_TRUE(data.is_ok());
  std::vector<nlohmann::json> out;
  std::istringstream in(data.is_ok() ? *data : "");
  std::string line;
  while (std::getline(in, line)) {
    EXPECT_TRUE(utf8::valid(line));
    out.push_back(nlohmann::json::parse(line));
  }
  return out;
}

TEST(DeadLetterSink, WritesOneJsonObjectPerRejection) {
  testing::TempDir dir;
  testing::FaultEnv env;
  env.set_now_ms(1709294400123);
  DeadLetterSink sink(&env, dir.file("dead_letters.jsonl"));
  ASSERT_TRUE(sink.add("jsonl", 17, "id: missing", R"({"text":"x"})").is_ok());
  ASSERT_TRUE(sink.add("kafka", 0, "malformed JSON", "{").is_ok());
  ASSERT_TRUE(sink.close().is_ok());
  auto lines = read_lines(dir.file("dead_letters.jsonl"));
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0]["time"], "2024-03-01T12:00:00.123Z");
  EXPECT_EQ(lines[0]["source"], "jsonl");
  EXPECT_EQ(lines[0]["line"], 17);
  EXPECT_EQ(lines[0]["reason"], "id: missing");
  EXPECT_EQ(lines[0]["raw"], R"({"text":"x"})");
  EXPECT_TRUE(lines[1]["line"].is_null());
  EXPECT_EQ(sink.count(), 2u);
}

TEST(DeadLetterSink, TruncatesOnCharacterBoundaryAndSanitizes) {
  std::string raw = "ab\xff" + std::string(5000, 'x');
  raw.replace(4094, 3, "\xe2\x82\xac");  // a euro sign straddling the 4096-byte cut
  auto line = format_dead_letter(1, "s", 1, "bad \xc3", raw, 4096);
  auto j = nlohmann::json::parse(line);
  EXPECT_TRUE(j["truncated"].get<bool>());
  EXPECT_EQ(j["raw_bytes"], raw.size());
  std::string r = j["raw"];
  EXPECT_TRUE(utf8::valid(r));
  EXPECT_EQ(r.substr(0, 6),
            "ab\xef\xbf\xbd"
            "x");
  EXPECT_EQ(r.size(), 4094u + 2);  // 4094 bytes kept, 0xff became a 3-byte U+FFFD
  EXPECT_TRUE(utf8::valid(j["reason"].get<std::string>()));
}

TEST(DeadLetterSink, NoFileWithoutRejectionsAndBuffersUntilFlush) {
  testing::TempDir dir;
  testing::FaultEnv env;
  env.set_now_ms(1000000);
  DeadLetterOptions opt;
  opt.flush_interval_ms = 60'000;
  DeadLetterSink sink(&env, dir.file("dl.jsonl"), opt);
  ASSERT_TRUE(sink.flush().is_ok());
  EXPECT_FALSE(env.exists(dir.file("dl.jsonl")));
  ASSERT_TRUE(sink.add("jsonl", 1, "r", "x").is_ok());  // first add writes (interval elapsed)
  ASSERT_TRUE(sink.add("jsonl", 2, "r", "y").is_ok());  // buffered
  EXPECT_EQ(read_lines(dir.file("dl.jsonl")).size(), 1u);
  env.advance_ms(60'000);
  ASSERT_TRUE(sink.add("jsonl", 3, "r", "z").is_ok());
  EXPECT_EQ(read_lines(dir.file("dl.jsonl")).size(), 3u);
}

TEST(DeadLetterSink, ReportsWriteFailure) {
  testing::TempDir dir;
  testing::FaultEnv env;
  env.set_disk_budget(10);
  DeadLetterSink sink(&env, dir.file("dl.jsonl"));
  Status st = sink.add("jsonl", 1, "r", "x");
  EXPECT_EQ(st.code(), StatusCode::kNoSpace) << st.to_string();
  EXPECT_EQ(sink.count(), 1u);
}

TEST(DeadLetterSink, ConcurrentAddsLoseNothing) {
  testing::TempDir dir;
  {
    DeadLetterSink sink(Env::posix(), dir.file("dl.jsonl"));
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
      threads.emplace_back([&sink, t] {
        for (int i = 0; i < 500; ++i)
          ASSERT_TRUE(sink.add("t" + std::to_string(t), i + 1, "reason", "raw").is_ok());
      });
    for (auto& th : threads) th.join();
    ASSERT_TRUE(sink.close().is_ok());
    EXPECT_EQ(sink.count(), 2000u);
  }
  EXPECT_EQ(read_lines(dir.file("dl.jsonl")).size(), 2000u);
}

}  // namespace
}  // namespace chorus::stream
