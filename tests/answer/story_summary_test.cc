// Trending stories: a simulated burst gets a summary citing that burst's posts; a summary whose
// citation check fails is withheld (no headline without sources).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "answer/answerer.h"
#include "answer/story_summary.h"
#include "answer_test_util.h"

namespace chorus::answer {
namespace {

using testing::IndexFixture;
using testing::kMin;
using testing::kNow;
using testing::make_post;

class StorySummaryTest : public IndexFixture {
 protected:
  void SetUp() override {
    // Two hours of ordinary chatter, then a burst of earthquake posts in the last five minutes.
    for (int i = 0; i < 24; ++i) {
      add(make_post("chat" + std::to_string(i), "user" + std::to_string(i % 6),
                    "Morning coffee and a long walk in the park", (120 - i * 5) * kMin));
    }
    const char* lines[] = {"Strong earthquake felt across Izmir, buildings shaking",
                           "Earthquake in Izmir just now, people in the streets",
                           "Felt the earthquake here in Izmir, everything shook",
                           "Izmir earthquake: sirens and crowds outside",
                           "Huge earthquake shaking Izmir right now",
                           "The earthquake in Izmir knocked books off my shelves"};
    for (int i = 0; i < 6; ++i)
      add(make_post("eq" + std::to_string(i), "witness" + std::to_string(i), lines[i],
                    (5 - i) * 40'000));
  }
  PostFieldAssessor assessor_;
  Answerer answerer_{*index_, assessor_, nullptr};
  AnswerFn fn_ = [this](Mode m, const std::string& in, int64_t now) {
    return answerer_.answer(m, in, now);
  };
};

TEST_F(StorySummaryTest, BurstSummaryCitesTheBurstPosts) {
  const std::vector<TrendingStory> stories = summarize_trending(*index_, fn_, kNow);
  ASSERT_FALSE(stories.empty());
  size_t summarized = 0;
  for (const TrendingStory& s : stories) {
    EXPECT_EQ(s.term.find("coffee"), std::string::npos);  // chatter is not a burst
    if (s.summary.empty()) {
      EXPECT_FALSE(s.withheld.empty()) << s.term;
      continue;
    }
    ++summarized;
    EXPECT_TRUE(s.extractive);
    ASSERT_FALSE(s.citations.empty()) << s.term;
    for (const Citation& c : s.citations) {
      EXPECT_EQ(c.post_id.rfind("eq", 0), 0u) << s.term << " cites " << c.post_id;
      EXPECT_NE(s.summary.find("[" + std::to_string(c.n) + "]"), std::string::npos);
    }
  }
  EXPECT_GE(summarized, 1u);
  const auto j = nlohmann::json::parse(stories_to_json(stories, 600'000));
  EXPECT_EQ(j["stories"].size(), stories.size());
}

TEST(StorySummaryCheckTest, FailedCheckWithholdsTheSummary) {
  Answer a;
  a.text = "A tower fell [1]. Nobody knows why.";
  a.citations.push_back({1, "p1", "bob", kNow, "", "A tower fell"});
  TrendingStory ok;
  summarize_answer(a, 2, &ok);
  EXPECT_EQ(ok.summary, "A tower fell [1]. Nobody knows why.");
  ASSERT_EQ(ok.citations.size(), 1u);

  a.unsupported_sentences = {"Nobody knows why."};
  TrendingStory unsupported;
  summarize_answer(a, 2, &unsupported);
  EXPECT_TRUE(unsupported.summary.empty());
  EXPECT_EQ(unsupported.withheld, "unsupported_sentence");

  a.unsupported_sentences.clear();
  a.audit.flags = {"invalid_citation:4"};
  TrendingStory invalid;
  summarize_answer(a, 2, &invalid);
  EXPECT_EQ(invalid.withheld, "invalid_citation");

  Answer uncited;
  uncited.text = "Something happened.";
  TrendingStory none;
  summarize_answer(uncited, 2, &none);
  EXPECT_EQ(none.withheld, "no_citations");
  const auto j = nlohmann::json::parse(stories_to_json({none}, 600'000));
  EXPECT_TRUE(j["stories"][0]["summary"].is_null());
}

}  // namespace
}  // namespace chorus::answer
