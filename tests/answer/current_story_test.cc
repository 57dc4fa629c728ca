// "Now" questions about a story seconds old: two witnesses' posts are too few for a trending burst
// ratio, but terms never seen in the hour before make the story current; the same posts repeating
// what was said twenty minutes earlier do not.
#include <gtest/gtest.h>

#include "answer/answerer.h"
#include "answer_test_util.h"

namespace chorus::answer {
namespace {

using testing::has;
using testing::IndexFixture;
using testing::kMin;
using testing::kNow;
using testing::make_post;

constexpr char kWitnessFirst[] = "BREAKING: fire in Zamalek, Cairo. 4 injured so far #CairoFire";
constexpr char kWitnessSecond[] =
    "Huge fire near Zamalek right now, Cairo. Reports say 4 injured #CairoFire";

class YoungStoryTest : public IndexFixture {
 protected:
  // Background about Cairo, then two witnesses 8 s and 3 s before kNow (40 s into a minute).
  void SetUp() override {
    add(make_post("b1", "chatter", "Sunny again in Cairo today #weather", 40 * kMin));
    add(make_post("b2", "commuter", "Traffic in Cairo is slow again this morning", 25 * kMin));
    add(make_post("b3", "foodie", "Best koshari in Cairo, no contest", 12 * kMin));
  }
  void add_witnesses() {
    add(make_post("y1", "eyewitness1", kWitnessFirst, 8'000));
    add(make_post("y2", "eyewitness2", kWitnessSecond, 3'000));
  }
  double burst_of(const std::string& term) const {
    for (const index::TrendingItem& t : index_->trending(60'000, 1000, kNow))
      if (t.term == term) return t.burst;
    return 0;
  }
  Answer ask() {
    Answerer answerer(*index_, assessor_, nullptr);
    auto r = answerer.answer(Mode::kAsk, "What is happening in Cairo?", kNow);
    EXPECT_TRUE(r.is_ok()) << r.status().to_string();
    return r.is_ok() ? *r : Answer{};
  }
  PostFieldAssessor assessor_;
};

TEST_F(YoungStoryTest, NewTermsOfTwoFreshAuthorsMakeItCurrent) {
  add_witnesses();
  // Two posts in the last minute are below the burst a "now" story otherwise needs.
  EXPECT_LT(burst_of("#cairofire"), AnswerOptions{}.min_burst);
  const Answer a = ask();
  EXPECT_FALSE(has(a.audit.flags, "no_current_story")) << a.text;
  ASSERT_FALSE(a.citations.empty()) << a.text;
  for (const Citation& c : a.citations) EXPECT_EQ(c.post_id[0], 'y') << c.post_id;
}

TEST_F(YoungStoryTest, TermsSeenInTheLastHourDoNot) {
  add(make_post("o1", "earlybird1", kWitnessFirst, 20 * kMin));
  add(make_post("o2", "earlybird2", kWitnessSecond, 20 * kMin));
  add_witnesses();
  const Answer a = ask();
  EXPECT_TRUE(has(a.audit.flags, "no_current_story")) << a.text;
  EXPECT_TRUE(a.citations.empty());
}

TEST_F(YoungStoryTest, WitnessesEchoingOneAnotherCount) {
  // Near-duplicates collapse to one source, but each is an independent author.
  add(make_post("y1", "eyewitness1", kWitnessFirst, 8'000));
  add(make_post("y2", "eyewitness2", kWitnessFirst, 3'000));
  const Answer a = ask();
  EXPECT_FALSE(has(a.audit.flags, "no_current_story")) << a.text;
  ASSERT_EQ(a.citations.size(), 1u) << a.text;
  EXPECT_EQ(a.citations[0].post_id[0], 'y');
}

TEST_F(YoungStoryTest, OneFreshAuthorIsNotAStory) {
  add(make_post("y1", "eyewitness1", kWitnessFirst, 8'000));
  add(make_post("y2", "eyewitness1", kWitnessSecond, 3'000));
  const Answer a = ask();
  EXPECT_TRUE(has(a.audit.flags, "no_current_story")) << a.text;
}

}  // namespace
}  // namespace chorus::answer
