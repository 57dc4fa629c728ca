// Retrieval widening, story grouping (near-duplicates, coordination, rare-term and link joins)
// and evidence selection (diversity, token budget).
#include <gtest/gtest.h>

#include "answer/evidence_selector.h"
#include "answer/retriever.h"
#include "answer/story_grouper.h"
#include "answer_test_util.h"

namespace chorus::answer {
namespace {

using testing::IndexFixture;
using testing::kHourMs;
using testing::kMin;
using testing::kNow;
using testing::make_post;

Candidate cand(const Post& p, double relevance = 1, double cred = 0.8) {
  Candidate c;
  c.post = p;
  c.relevance = relevance;
  c.trust.credibility = cred;
  c.terms = similarity_terms(p.text);
  return c;
}

class RetrievalTest : public IndexFixture {};

TEST_F(RetrievalTest, WidensTheWindowWhenTooLittleIsFound) {
  for (int i = 0; i < 6; ++i)
    add(make_post("old" + std::to_string(i), "u" + std::to_string(i),
                  "flooding on the corniche in Beirut " + std::to_string(i), 3 * kHourMs));
  PostFieldAssessor assessor;
  Retriever r(*index_, assessor);
  QuestionPlan plan = plan_question("Is there flooding in Beirut right now?", kNow);
  auto got = r.retrieve(plan, kNow);
  ASSERT_TRUE(got.is_ok()) << got.status().to_string();
  EXPECT_TRUE(got->widened);
  EXPECT_FALSE(got->relaxed);
  EXPECT_EQ(got->candidates.size(), 6u);
  EXPECT_LT(got->since_ms, kNow - 3 * kHourMs);
}

TEST_F(RetrievalTest, StaysInWindowWhenEnoughIsFound) {
  for (int i = 0; i < 6; ++i)
    add(make_post("new" + std::to_string(i), "u" + std::to_string(i),
                  "flooding in Beirut again " + std::to_string(i), 5 * kMin));
  PostFieldAssessor assessor;
  Retriever r(*index_, assessor);
  auto got = r.retrieve(plan_question("flooding in Beirut right now", kNow), kNow);
  ASSERT_TRUE(got.is_ok());
  EXPECT_FALSE(got->widened);
  EXPECT_EQ(got->since_ms, kNow - kHourMs);
}

TEST_F(RetrievalTest, RelaxesAndToOr) {
  for (int i = 0; i < 3; ++i)
    add(make_post("f" + std::to_string(i), "a" + std::to_string(i),
                  "big fire downtown " + std::to_string(i)));
  for (int i = 0; i < 3; ++i)
    add(make_post("w" + std::to_string(i), "b" + std::to_string(i),
                  "flood warning issued " + std::to_string(i)));
  PostFieldAssessor assessor;
  Retriever r(*index_, assessor);
  auto got = r.retrieve(plan_question("fire flood", kNow), kNow);
  ASSERT_TRUE(got.is_ok());
  EXPECT_TRUE(got->relaxed);
  EXPECT_EQ(got->candidates.size(), 6u);
}

TEST(StoryTest, NearDuplicatesCollapseToOneRepresentative) {
  std::vector<Candidate> c = {
      cand(make_post("a", "alice", "Huge fire near Zamalek in Cairo, 12 injured #CairoFire"), 1.0),
      cand(make_post("b", "bob", "Huge fire near Zamalek in Cairo, 12 injured #CairoFire!"), 0.9),
      cand(make_post("c", "carol", "Cairo marathon route announced for Friday"), 0.5),
  };
  auto stories = group_stories(&c, {"cairo"});
  EXPECT_EQ(c[0].duplicate_of, -1);
  EXPECT_EQ(c[1].duplicate_of, 0);
  EXPECT_EQ(c[0].story, c[1].story);
  EXPECT_NE(c[0].story, c[2].story);
  EXPECT_EQ(stories.size(), 2u);
  EXPECT_EQ(stories[0].authors, 2u);  // the duplicate still counts as a second voice
  EXPECT_FALSE(c[0].trust.flags & kSourceCampaign);
}

TEST(StoryTest, AccountsCreatedTogetherPostingTheSameTextAreCoordinated) {
  const int64_t born = kNow - 20 * 24 * kHourMs;
  std::vector<Candidate> c;
  for (int i = 0; i < 4; ++i) {
    c.push_back(cand(make_post("s" + std::to_string(i), "truth_voice" + std::to_string(i),
                               "Tap water in Beirut is poisoned! 40 in hospital, don't drink it",
                               i * kMin, 0.8f, born + i * 600'000)));
  }
  Post amp = make_post("amp", "ordinary", "Everyone needs to see this");
  amp.quote_of = "s0";
  c.push_back(cand(amp));
  c.push_back(cand(make_post("ok", "reporter", "Water authority in Beirut says tests are normal")));
  group_stories(&c, {"beirut", "water"});
  for (int i = 0; i < 4; ++i) EXPECT_TRUE(c[i].trust.flags & kSourceCampaign) << i;
  EXPECT_TRUE(c[4].trust.flags & kSourceCoordinated);  // amplifies a campaign post
  EXPECT_FALSE(c[5].trust.flags & (kSourceCampaign | kSourceCoordinated));
}

TEST(StoryTest, RareSharedTermsAndLinksJoinStories) {
  std::vector<Candidate> c = {
      cand(make_post("r1", "a1", "BREAKING: fire in Zamalek, Cairo #CairoFire")),
      cand(make_post("r2", "a2", "Smoke over Zamalek from my window #CairoFire")),
      cand(make_post("r3", "a3", "Cairo traffic is terrible on the ring road")),
      cand(make_post("r4", "a4", "stay safe everyone")),
  };
  c[3].post.reply_to = "r1";
  auto stories = group_stories(&c, {"cairo"});
  EXPECT_EQ(c[0].story, c[1].story);  // zamalek, #cairofire
  EXPECT_EQ(c[0].story, c[3].story);  // reply link
  EXPECT_NE(c[0].story, c[2].story);
  EXPECT_EQ(stories[0].members.size(), 3u);
}

TEST(EvidenceTest, PrefersDiverseSourcesOverRepeats) {
  std::vector<Candidate> c = {
      cand(make_post("a", "a", "fire at the port, ten trucks burning, roads closed"), 1.0),
      cand(make_post("b", "b", "fire at the port, ten trucks burning, roads closed now"), 0.95),
      cand(make_post("c", "c", "ambulances heading to the harbour, hospital on alert"), 0.7),
  };
  Story s;
  s.members = {0, 1, 2};
  s.score = 1;
  for (auto& x : c) x.story = 0;
  EvidenceOptions o;
  o.max_sources = 2;
  auto picked = select_evidence(c, {s}, o);
  ASSERT_EQ(picked.size(), 2u);
  EXPECT_EQ(picked[0], 0);
  EXPECT_EQ(picked[1], 2);  // not the near-copy
}

TEST(EvidenceTest, RespectsTokenBudgetAndExclusions) {
  std::vector<Candidate> c;
  for (int i = 0; i < 6; ++i)
    c.push_back(
        cand(make_post("p" + std::to_string(i), "u" + std::to_string(i), std::string(400, 'a' + i)),
             1.0 - i * 0.1));
  c[1].excluded = Exclusion::kInjection;
  Story s;
  s.members = {0, 1, 2, 3, 4, 5};
  s.score = 1;
  EvidenceOptions o;
  o.token_budget = 3 * estimate_tokens(std::string(400, 'x'));
  auto picked = select_evidence(c, {s}, o);
  EXPECT_EQ(picked.size(), 3u);
  for (int i : picked) EXPECT_NE(i, 1);
}

TEST(EvidenceTest, WeakStoriesAreLeftOut) {
  std::vector<Candidate> c = {cand(make_post("a", "a", "main story text here")),
                              cand(make_post("b", "b", "minor unrelated thing"))};
  Story big{{0}, 1.0, 1, false}, small{{1}, 0.1, 1, false};
  auto picked = select_evidence(c, {big, small}, EvidenceOptions{});
  ASSERT_EQ(picked.size(), 1u);
  EXPECT_EQ(picked[0], 0);
}

}  // namespace
}  // namespace chorus::answer
