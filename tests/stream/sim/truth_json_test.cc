#include "stream/sim/truth_json.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "sim_test_util.h"

namespace chorus::sim {
namespace {

using testing::collect;
using testing::small_config;

TEST(TruthJsonTest, LineHasTheDocumentedKeys) {
  GroundTruth t;
  t.post_id = "s1-5";
  t.event = "cl-2";
  t.topic = "health";
  t.claim_id = "cl-2";
  t.claim_true = false;
  t.author_coordinated = true;
  t.coordination_group = "cg-1";
  t.labels = kLabelHate | kLabelInjection;
  t.lang = "ar";
  t.role = Role::kCampaign;
  std::string line;
  append_truth_json(t, &line);
  auto j = nlohmann::json::parse(line);
  EXPECT_EQ(j["id"], "s1-5");
  EXPECT_EQ(j["event"], "cl-2");
  EXPECT_EQ(j["topic"], "health");
  EXPECT_EQ(j["claim"]["id"], "cl-2");
  EXPECT_EQ(j["claim"]["true"], false);
  EXPECT_EQ(j["author_automated"], false);
  EXPECT_EQ(j["author_coordinated"], true);
  EXPECT_EQ(j["coordination_group"], "cg-1");
  EXPECT_EQ(j["labels"], nlohmann::json::array({"hate", "injection"}));
  EXPECT_EQ(j["lang"], "ar");
  EXPECT_TRUE(j["fact_version"].is_null());
  EXPECT_EQ(j["role"], "campaign");
}

TEST(TruthJsonTest, EmptyFieldsAreNull) {
  GroundTruth t;
  t.post_id = "s1-0";
  t.lang = "en";
  t.topic = "chatter";
  std::string line;
  append_truth_json(t, &line);
  auto j = nlohmann::json::parse(line);
  EXPECT_TRUE(j["event"].is_null());
  EXPECT_TRUE(j["claim"].is_null());
  EXPECT_TRUE(j["coordination_group"].is_null());
  EXPECT_TRUE(j["labels"].empty());
  EXPECT_EQ(j["role"], "organic");
}

TEST(TruthJsonTest, CatalogueListsEventsClaimsAndGroups) {
  SimConfig c = small_config(51);
  c.duration_ms = 20 * 60 * 1000;
  Simulator sim(c);
  auto posts = collect(sim, 10000000);
  auto j = nlohmann::json::parse(catalogue_json(sim));
  EXPECT_EQ(j["seed"], 51);
  EXPECT_EQ(j["start"], sim.start_ms());
  EXPECT_EQ(j["end"], posts.back().post.created_at_ms);
  ASSERT_EQ(j["events"].size(), sim.events().size());
  ASSERT_GE(j["events"].size(), 1u);
  const auto& e = j["events"][0];
  EXPECT_EQ(e["id"], "ev-0");
  EXPECT_GE(e["facts"].size(), 2u);
  EXPECT_EQ(e["facts"][0]["from"], e["start"]);
  EXPECT_TRUE(e["hashtags"].contains("ar"));
  EXPECT_EQ(e["current_version"], sim.events()[0].version_at(sim.now_ms()));
  ASSERT_GE(j["claims"].size(), 1u);
  EXPECT_EQ(j["claims"][0]["true"], false);
  EXPECT_GT(j["claims"][0]["contradiction_start"], j["claims"][0]["start"]);
  ASSERT_EQ(j["groups"].size(), sim.groups().size());
  // Every event and claim id that the truth lines use is in the catalogue.
  std::set<std::string> ids;
  for (const auto& ev : j["events"]) ids.insert(ev["id"]);
  for (const auto& cl : j["claims"]) ids.insert(cl["id"]);
  for (const auto& s : posts)
    if (!s.truth.event.empty()) {
      EXPECT_TRUE(ids.count(s.truth.event)) << s.truth.event;
    }
}

}  // namespace
}  // namespace chorus::sim
