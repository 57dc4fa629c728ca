// The analyzer over real posts from /work/shared/data: every token keeps its contract, mentions
// in retweets are found, and guess_language agrees with the language tags Bluesky authors set.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "base/utf8.h"
#include "support/temp_dir.h"
#include "text/analyzer.h"

namespace chorus::text {
namespace {

void expect_contract(const std::vector<Token>& tokens, const std::string& text) {
  uint32_t last = 0;
  for (const Token& t : tokens) {
    EXPECT_FALSE(t.term.empty()) << text;
    EXPECT_TRUE(utf8::valid(t.term)) << text;
    EXPECT_GE(t.position, last) << text;
    last = t.position;
  }
}

TEST(SharedData, DavidsonTweetsAnalyzeAndRetweetMentionsAreFound) {
  std::string dir = testing::shared_dir();
  if (dir.empty()) GTEST_SKIP() << "shared data folder not found";
  std::ifstream in(dir + "/data/davidson_hate_offensive/labeled_data.csv");
  if (!in) GTEST_SKIP() << "davidson_hate_offensive/labeled_data.csv not found";
  Analyzer analyzer;
  std::string line;
  size_t lines = 0, retweets = 0, retweets_with_mention = 0;
  while (std::getline(in, line)) {
    ++lines;
    std::vector<Token> tokens;
    analyzer.analyze(line, "", &tokens);
    expect_contract(tokens, line);
    size_t rt = line.find("RT @");
    if (rt == std::string::npos || line.size() < rt + 5 || !std::isalnum(line[rt + 4])) continue;
    ++retweets;
    for (const Token& t : tokens) {
      if (t.kind == TokenKind::kMention) {
        ++retweets_with_mention;
        break;
      }
    }
  }
  EXPECT_GT(lines, 20000u);
  EXPECT_GT(retweets, 1000u);
  EXPECT_EQ(retweets_with_mention, retweets);
}

TEST(SharedData, GuessLanguageAgreesWithBlueskyTags) {
  std::string dir = testing::shared_dir();
  if (dir.empty()) GTEST_SKIP() << "shared data folder not found";
  std::ifstream in(dir + "/data/bluesky_jetstream_events/jetstream_v1_152_events.jsonl");
  if (!in) GTEST_SKIP() << "jetstream_v1_152_events.jsonl not found";
  const std::set<std::string> script_languages = {"en", "ar", "ja", "ko", "zh", "ru"};
  Analyzer analyzer;
  std::string line;
  size_t checked = 0;
  while (std::getline(in, line)) {
    auto event = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    const auto* record =
        event.is_object() && event.contains("commit") && event["commit"].contains("record")
            ? &event["commit"]["record"]
            : nullptr;
    if (record == nullptr || record->value("$type", "") != "app.bsky.feed.post") continue;
    std::string text = record->value("text", "");
    std::vector<Token> tokens;
    analyzer.analyze(text, "", &tokens);
    expect_contract(tokens, text);
    if (!record->contains("langs") || (*record)["langs"].empty()) continue;
    std::string tag = (*record)["langs"][0].get<std::string>().substr(0, 2);
    std::string guess = guess_language(text);
    if (!script_languages.count(tag) || guess.empty()) continue;  // "": only a URL, no letters
    EXPECT_EQ(guess, tag) << text;
    ++checked;
  }
  EXPECT_GE(checked, 5u);
}

}  // namespace
}  // namespace chorus::text
