// `chorus ingest` and `chorus serve` retention flags, through the binary: what ingest leaves in
// the data dir, which value wins between the config file and a flag, and bad values.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "base/env.h"
#include "post/post_json.h"
#include "support/cli_run.h"
#include "support/temp_dir.h"

extern char** environ;

namespace chorus {
namespace {

using testing::CliRun;

CliRun run(const std::string& args) {
  return testing::run_chorus(args);
}

// A JSON number field of a flat object, or -1.
int64_t json_field(const std::string& json, const std::string& key) {
  const size_t at = json.find("\"" + key + "\":");
  return at == std::string::npos ? -1 : std::stoll(json.substr(at + key.size() + 3));
}

std::string posts_jsonl(int n) {
  std::string out;
  for (int i = 0; i < n; ++i) {
    Post p;
    p.id = "cli" + std::to_string(i);
    p.author.id = "a" + std::to_string(i % 7);
    p.author.handle = "user" + std::to_string(i % 7);
    p.text = "retention from the command line, post " + std::to_string(i);
    p.lang = "en";
    p.created_at_ms = 1'700'000'000'000 + i * 1000LL;
    out += post_to_json(p) + "\n";
  }
  return out;
}

TEST(RetentionCli, IngestLeavesAtMostTheLimitPlusOneSegment) {
  testing::TempDir dir;
  const std::string input = dir.file("posts.jsonl");
  ASSERT_TRUE(Env::posix()->write_file_atomic(input, posts_jsonl(1000)).is_ok());
  const std::string data = dir.file("data");
  CliRun ingest = run("ingest --no-trust --data-dir " + data +
                      " --retention-posts 300 --segment-posts 100 " + input);
  ASSERT_EQ(ingest.code, 0) << ingest.out;
  EXPECT_NE(ingest.out.find("\"ingested\":1000"), std::string::npos) << ingest.out;
  CliRun stats = run("stats --json --data-dir " + data);
  ASSERT_EQ(stats.code, 0) << stats.out;
  const int64_t posts = json_field(stats.out, "posts");
  EXPECT_GE(posts, 300) << stats.out;
  EXPECT_LT(posts, 300 + 100) << stats.out;
  // The summary accounts for what retention dropped.
  EXPECT_EQ(json_field(ingest.out, "retention_dropped_posts"), 1000 - posts) << ingest.out;
  EXPECT_GE(json_field(ingest.out, "retention_runs"), 1) << ingest.out;
  EXPECT_EQ(json_field(ingest.out, "retention_errors"), 0) << ingest.out;
  // Without retention the same file keeps everything.
  CliRun all =
      run("ingest --no-trust --data-dir " + dir.file("all") + " --segment-posts 100 " + input);
  ASSERT_EQ(all.code, 0) << all.out;
  EXPECT_EQ(all.out.find("retention_"), std::string::npos) << all.out;
  EXPECT_EQ(json_field(run("stats --json --data-dir " + dir.file("all")).out, "posts"), 1000);
}

TEST(RetentionCli, IngestRunsRetentionAsOftenAsTheIntervalSays) {
  testing::TempDir dir;
  const std::string input = dir.file("posts.jsonl");
  ASSERT_TRUE(Env::posix()->write_file_atomic(input, posts_jsonl(1000)).is_ok());
  auto runs = [&](const std::string& data, const std::string& interval) {
    CliRun ingest = run("ingest --no-trust --batch 10 --retention-posts 300 --segment-posts 100" +
                        std::string(" --retention-interval ") + interval + " --data-dir " +
                        dir.file(data) + " " + input);
    EXPECT_EQ(ingest.code, 0) << ingest.out;
    EXPECT_EQ(json_field(ingest.out, "retention_errors"), 0) << ingest.out;
    return json_field(ingest.out, "retention_runs");
  };
  // The whole run takes well under 30 s: once while writing at most, and once after.
  EXPECT_LE(runs("slow", "30s"), 2);
  // A millisecond apart: many times over 100 batches.
  EXPECT_GT(runs("fast", "1ms"), 2);
  CliRun zero =
      run("ingest --no-trust --retention-interval 0s --data-dir " + dir.file("zero") + " " + input);
  EXPECT_NE(zero.code, 0);
  EXPECT_NE(zero.out.find("--retention-interval"), std::string::npos) << zero.out;
}

TEST(RetentionCli, BadValuesNameTheFlagOrKey) {
  testing::TempDir dir;
  CliRun ingest = run("ingest --no-trust --data-dir " + dir.file("d") + " --retention-age 7x " +
                      dir.file("none.jsonl"));
  EXPECT_NE(ingest.code, 0);
  EXPECT_NE(ingest.out.find("--retention-age"), std::string::npos) << ingest.out;
  CliRun serve =
      run("serve --port 0 --source none --data-dir " + dir.file("s") + " --retention-age soon");
  EXPECT_NE(serve.code, 0);
  EXPECT_NE(serve.out.find("--retention-age"), std::string::npos) << serve.out;
  CliRun interval = run("serve --port 0 --source none --data-dir " + dir.file("s") +
                        " --retention-interval never");
  EXPECT_NE(interval.code, 0);
  EXPECT_NE(interval.out.find("--retention-interval"), std::string::npos) << interval.out;
  CliRun negative =
      run("serve --port 0 --source none --data-dir " + dir.file("s") + " --retention-posts -3");
  EXPECT_NE(negative.code, 0);
  EXPECT_NE(negative.out.find("--retention-posts"), std::string::npos) << negative.out;
  const std::string config = dir.file("bad.toml");
  ASSERT_TRUE(Env::posix()->write_file_atomic(config, "retention_posts = -5\n").is_ok());
  CliRun file =
      run("serve --port 0 --source none --data-dir " + dir.file("s") + " --config " + config);
  EXPECT_NE(file.code, 0);
  EXPECT_NE(file.out.find("retention_posts"), std::string::npos) << file.out;
}

// Starts `chorus serve ...` with stderr in `log`; the pid, or -1.
pid_t spawn_serve(const std::vector<std::string>& args, const std::string& log) {
  std::vector<std::string> argv_s = {CHORUS_BIN, "serve"};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 2, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid = -1;
  if (posix_spawn(&pid, CHORUS_BIN, &actions, nullptr, argv.data(), environ) != 0) pid = -1;
  posix_spawn_file_actions_destroy(&actions);
  return pid;
}

TEST(RetentionCli, ServeFlagOverridesTheConfigFile) {
  testing::TempDir dir;
  const std::string config = dir.file("serve.toml");
  ASSERT_TRUE(Env::posix()
                  ->write_file_atomic(config, "retention_age = \"1d\"\nretention_posts = 5\n")
                  .is_ok());
  const std::string log = dir.file("serve.log");
  pid_t pid = spawn_serve({"--port", "0", "--source", "none", "--log-text", "--data-dir",
                           dir.file("data"), "--config", config, "--retention-posts", "300"},
                          log);
  ASSERT_GT(pid, 0);
  // Waits for the server to listen (not a timing check).
  std::string text;
  for (int i = 0; i < 6000 && text.find("listening on") == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    Result<std::string> r = Env::posix()->read_file(log);
    if (r.is_ok()) text = *r;
  }
  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << text;
  // The age from the file, the count from the flag.
  EXPECT_NE(text.find("index retention: age 86400000 ms, 300 posts"), std::string::npos) << text;
}

}  // namespace
}  // namespace chorus
