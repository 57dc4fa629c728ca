// Question planning: time intents (English and Arabic), keywords, entities, hashtags, language.
#include <gtest/gtest.h>

#include <algorithm>

#include "answer/question_plan.h"
#include "answer_test_util.h"

namespace chorus::answer {
namespace {

constexpr int64_t kPlanHour = 3'600'000;
constexpr int64_t kPlanDay = 24 * kPlanHour;
// 2024-05-29T16:26:40Z
constexpr int64_t kPlanNow = 1'717'000'000'000;
constexpr int64_t kMidnight = kPlanNow - kPlanNow % kPlanDay;

using testing::has;

TEST(PlannerTest, EnglishTimeIntents) {
  struct Case {
    const char* q;
    const char* intent;
    int64_t since, until;
  } cases[] = {
      {"What is happening in Cairo right now?", "now", kPlanNow - kPlanHour, kPlanNow + 1},
      {"fires today", "today", kMidnight, kPlanNow + 1},
      {"floods in the last hour", "last_hour", kPlanNow - kPlanHour, kPlanNow + 1},
      {"protests since yesterday", "since_yesterday", kMidnight - kPlanDay, kPlanNow + 1},
      {"what did the mayor say this morning", "this_morning", kMidnight, kPlanNow + 1},
      {"news from yesterday", "yesterday", kMidnight - kPlanDay, kMidnight},
      {"strikes in the last 3 hours", "last_hours", kPlanNow - 3 * kPlanHour, kPlanNow + 1},
  };
  for (const Case& c : cases) {
    QuestionPlan p = plan_question(c.q, kPlanNow);
    EXPECT_EQ(p.time_intent, c.intent) << c.q;
    EXPECT_EQ(p.since_ms, c.since) << c.q;
    EXPECT_EQ(p.until_ms, c.until) << c.q;
    EXPECT_TRUE(p.explicit_window) << c.q;
  }
}

TEST(PlannerTest, ArabicTimeIntents) {
  struct Case {
    const char* q;
    const char* intent;
    int64_t since;
  } cases[] = {
      {"ماذا يحدث في القاهرة الآن؟", "now", kPlanNow - kPlanHour},
      {"حريق اليوم", "today", kMidnight},
      {"ما الأخبار خلال الساعة الماضية", "last_hour", kPlanNow - kPlanHour},
      {"مظاهرات منذ أمس", "since_yesterday", kMidnight - kPlanDay},
      {"مظاهرات منذ امس", "since_yesterday", kMidnight - kPlanDay},  // hamza-less spelling
  };
  for (const Case& c : cases) {
    QuestionPlan p = plan_question(c.q, kPlanNow);
    EXPECT_EQ(p.time_intent, c.intent) << c.q;
    EXPECT_EQ(p.since_ms, c.since) << c.q;
    EXPECT_EQ(p.lang, "ar") << c.q;
  }
}

TEST(PlannerTest, NoTimeGivesDefaultWindow) {
  QuestionPlan p = plan_question("Tell me about the Cairo marathon", kPlanNow);
  EXPECT_EQ(p.time_intent, "");
  EXPECT_FALSE(p.explicit_window);
  EXPECT_EQ(p.since_ms, kPlanNow - kPlanDay);
  EXPECT_EQ(p.lang, "en");
}

TEST(PlannerTest, KeywordsEntitiesHashtags) {
  QuestionPlan p = plan_question("What is happening with the fire in New York? #NYCFire", kPlanNow);
  EXPECT_TRUE(has(p.keywords, "fire"));
  EXPECT_TRUE(has(p.keywords, "york"));
  EXPECT_FALSE(has(p.keywords, "happening"));  // the time intent's word
  EXPECT_FALSE(has(p.keywords, "what"));
  EXPECT_TRUE(has(p.entities, "New York"));
  EXPECT_FALSE(has(p.entities, "What"));
  EXPECT_TRUE(has(p.hashtags, "#nycfire"));
}

TEST(PlannerTest, PlacesSearchAllThreeLanguages) {
  QuestionPlan en = plan_question("What is happening in Cairo?", kPlanNow);
  ASSERT_EQ(en.groups.size(), 1u);
  EXPECT_EQ(en.groups[0].front(), "cairo");
  ASSERT_EQ(en.groups[0].size(), 3u);  // + القاهره, caire ("Le Caire")
  EXPECT_EQ(en.groups[0][2], "caire");
  EXPECT_TRUE(has(en.entities, "Cairo"));
  EXPECT_EQ(en.query_text(false), "cairo OR " + en.groups[0][1] + " OR caire");

  QuestionPlan ar = plan_question("ماذا يحدث في القاهرة؟", kPlanNow);
  ASSERT_EQ(ar.groups.size(), 1u);
  EXPECT_TRUE(has(ar.groups[0], "cairo"));
  EXPECT_TRUE(has(ar.groups[0], "caire"));
  EXPECT_EQ(ar.entities.size(), 1u);

  QuestionPlan fr = plan_question("Que se passe-t-il à Beyrouth ?", kPlanNow);
  bool beirut = false;
  for (const auto& g : fr.groups) beirut = beirut || (has(g, "beyrouth") && has(g, "beirut"));
  EXPECT_TRUE(beirut);

  // A place spelled the same in English and French has one name per language, not two.
  QuestionPlan paris = plan_question("What is happening in Paris?", kPlanNow);
  ASSERT_EQ(paris.groups.size(), 1u);
  EXPECT_EQ(paris.groups[0].size(), 2u);
}

TEST(PlannerTest, QueryTextAndOr) {
  QuestionPlan p = plan_question("tap water poisoned Beirut", kPlanNow);
  EXPECT_EQ(p.groups.size(), 4u);
  const std::string all = p.query_text(false);
  const std::string any = p.query_text(true);
  EXPECT_NE(all.find("tap water"), std::string::npos);
  EXPECT_NE(any.find("tap OR water"), std::string::npos);
}

}  // namespace
}  // namespace chorus::answer
