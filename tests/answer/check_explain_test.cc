// check verdicts on a crafted corpus (supported / disputed / unverified, campaigns discounted)
// and explain on a thread.
#include <gtest/gtest.h>

#include <algorithm>

#include "answer/answerer.h"
#include "answer/claim_checker.h"
#include "answer_test_util.h"

namespace chorus::answer {
namespace {

using testing::IndexFixture;
using testing::kHourMs;
using testing::kMin;
using testing::kNow;
using testing::make_post;

using testing::has;

class CheckTest : public IndexFixture {
 protected:
  Answer check(const std::string& input) {
    Answerer answerer(*index_, assessor_, nullptr);
    auto r = answerer.answer(Mode::kCheck, input, kNow);
    EXPECT_TRUE(r.is_ok()) << r.status().to_string();
    EXPECT_TRUE(r.is_ok() && r->verdict.has_value());
    return r.is_ok() ? *r : Answer{};
  }
  PostFieldAssessor assessor_;
};

TEST(ClaimCheckerTest, ContradictionCues) {
  EXPECT_TRUE(has_contradiction_cue("FALSE: the airport is open"));
  EXPECT_TRUE(has_contradiction_cue("This was debunked by officials"));
  EXPECT_TRUE(has_contradiction_cue("that is not true at all"));
  EXPECT_TRUE(has_contradiction_cue("غير صحيح: مطار القاهرة يعمل"));
  EXPECT_TRUE(has_contradiction_cue("المحافظة تنفي الشائعة"));
  EXPECT_TRUE(has_contradiction_cue("FAUX : l'aéroport est ouvert"));
  EXPECT_FALSE(has_contradiction_cue("The airport is open and flights are normal"));
}

TEST_F(CheckTest, IndependentCredibleReportsSupport) {
  add(make_post("s1", "metro_news", "Metro line 3 in Amman reopened this morning after repairs",
                30 * kMin, 0.9f));
  add(make_post("s2", "commuter", "Took the reopened metro line 3 in Amman today, all fine",
                20 * kMin, 0.7f));
  add(make_post("s3", "city_desk", "Amman metro line 3 has reopened, trains every 5 minutes",
                10 * kMin, 0.9f));
  Answer a = check("Is it true that metro line 3 in Amman reopened?");
  EXPECT_EQ(a.verdict->label, "supported") << a.text;
  EXPECT_EQ(a.verdict->supporting.size(), 3u);
  EXPECT_TRUE(a.verdict->contradicting.empty());
  EXPECT_GT(a.verdict->confidence, 0.5);
  EXPECT_NE(a.text.find("Verdict: supported"), std::string::npos);
}

TEST_F(CheckTest, CredibleContradictionsDispute) {
  add(make_post("c1", "rumours", "Amman airport closed for a week, all flights cancelled",
                50 * kMin, 0.5f));
  add(make_post("c2", "airport_official",
                "FALSE: Amman airport is open and flights are running normally", 20 * kMin, 0.95f));
  add(make_post("c3", "reporter",
                "Fact check: Amman airport has not closed, flights cancelled claims are a hoax",
                10 * kMin, 0.9f));
  Answer a = check("Is it true that Amman airport closed for a week?");
  EXPECT_EQ(a.verdict->label, "disputed") << a.text;
  EXPECT_TRUE(has(a.verdict->contradicting, "c2"));
  EXPECT_TRUE(has(a.verdict->contradicting, "c3"));
  EXPECT_TRUE(has(a.verdict->supporting, "c1"));
  EXPECT_FALSE(a.citations.empty());
}

TEST_F(CheckTest, ASingleVoiceIsUnverified) {
  add(make_post("u1", "someone", "Heard the Amman zoo got three new pandas", 5 * kMin, 0.6f));
  Answer a = check("Is it true that the Amman zoo got new pandas?");
  EXPECT_EQ(a.verdict->label, "unverified") << a.text;
}

TEST_F(CheckTest, CampaignCopiesDoNotSupport) {
  const int64_t born = kNow - 15 * 24 * kHourMs;
  for (int i = 0; i < 6; ++i) {
    add(make_post(
        "cp" + std::to_string(i), "truth_voice" + std::to_string(40 + i),
        "Banks in Amman freeze withdrawals tomorrow, take your cash out now #AmmanBankRun",
        (10 + i) * kMin, 0.8f, born + i * 900'000));
  }
  Answer by_claim = check("Is it true that banks in Amman freeze withdrawals tomorrow?");
  EXPECT_NE(by_claim.verdict->label, "supported") << by_claim.text;
  size_t campaign = 0;
  for (const ExcludedSource& e : by_claim.audit.excluded)
    campaign += e.reason == Exclusion::kCampaign;
  EXPECT_EQ(campaign, 6u);
  // Checking one of the posts by id: the post is the subject, its copies are a campaign.
  Answer by_post = check("cp0");
  EXPECT_NE(by_post.verdict->label, "supported");
  EXPECT_TRUE(has(by_post.audit.flags, "subject_coordinated"));
}

class ExplainTest : public IndexFixture {};

TEST_F(ExplainTest, ExplainsAThread) {
  add(make_post("root", "cityhall", "Water cuts in Hamra, Beirut until 6pm for pipe repairs",
                30 * kMin));
  Post reply = make_post("r1", "resident", "@cityhall again? third time this month", 20 * kMin);
  reply.reply_to = "root";
  add(reply);
  Post quote =
      make_post("q1", "journalist", "Residents of Hamra say the cuts hit hospitals too", 15 * kMin);
  quote.quote_of = "root";
  add(quote);
  Post child = make_post("child", "neighbour", "@cityhall thanks for the heads up", 10 * kMin);
  child.reply_to = "root";
  add(child);
  add(make_post("rel", "reporter", "Beirut water authority: repairs in Hamra almost finished",
                5 * kMin));
  add(make_post("off", "fan", "What a goal tonight", 5 * kMin));
  PostFieldAssessor assessor;
  Answerer answerer(*index_, assessor, nullptr);
  auto r = answerer.answer(Mode::kExplain, "root", kNow);
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  const Answer& a = *r;
  ASSERT_GE(a.audit.used.size(), 4u);
  EXPECT_EQ(a.audit.used[0], "root");
  EXPECT_TRUE(has(a.audit.used, "r1"));
  EXPECT_TRUE(has(a.audit.used, "q1"));
  EXPECT_TRUE(has(a.audit.used, "child"));
  EXPECT_TRUE(has(a.audit.used, "rel")) << a.text;
  EXPECT_FALSE(has(a.audit.used, "off"));
  EXPECT_NE(a.text.find("The post:"), std::string::npos);
  EXPECT_NE(a.text.find("Reply:"), std::string::npos);
  EXPECT_NE(a.text.find("Quote:"), std::string::npos);
  EXPECT_NE(a.text.find("Related:"), std::string::npos);

  auto reply_view = answerer.answer(Mode::kExplain, "r1", kNow);
  ASSERT_TRUE(reply_view.is_ok());
  EXPECT_NE(reply_view->text.find("It responds to:"), std::string::npos);

  auto missing = answerer.answer(Mode::kExplain, "nope", kNow);
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace chorus::answer
