// The trust layer on the server: posts are scored at ingest (ranking uses the trust layer's
// credibility), the explanation routes, the notes API and its errors.
#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>

#include "server/server_test_util.h"
#include "trust/notes/polarized_raters.h"

namespace chorus::server {
namespace {

using nlohmann::json;
using testing::TestServer;

// An hour ago: ranking decays with age, so the posts must be recent for scores to compare.
const int64_t kT0 = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::system_clock::now().time_since_epoch())
                        .count() -
                    3'600'000;
constexpr int64_t kDay = 86'400'000;

json post_by(const std::string& id, const std::string& handle, const std::string& text, int64_t t,
             int64_t account_created, int64_t followers, int64_t following) {
  json p = testing::make_post(id, text, t, handle);
  p["author"]["created_at"] = account_created;
  p["author"]["followers"] = followers;
  p["author"]["following"] = following;
  return p;
}

json body_of(const httplib::Result& r) {
  EXPECT_TRUE(r);
  return r ? json::parse(r->body, nullptr, false) : json();
}

void expect_error(const httplib::Result& r, int status) {
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, status) << r->body;
  json j = json::parse(r->body, nullptr, false);
  EXPECT_TRUE(j.contains("error")) << r->body;
}

// An organic post by an old, followed account, then 12 copies of a claim from accounts created
// the day before; all posts match the query "dam" once.
json organic_and_campaign() {
  json posts = json::array();
  posts.push_back(post_by("org-1", "water_authority",
                          "the dam upstream is being inspected after the heavy rain", kT0,
                          kT0 - 900 * kDay, 20'000, 150));
  for (int i = 0; i < 12; ++i)
    posts.push_back(post_by("camp-" + std::to_string(i), "truth_voice" + std::to_string(40 + i),
                            "the dam upstream has failed and officials are hiding it",
                            kT0 + 1000 + i * 3000, kT0 - kDay + i * 600'000, 3, 900));
  return posts;
}

TEST(TrustRoutesTest, CampaignPostRanksBelowEquallyRelevantOrganicPost) {
  TestServer ts({}, false);
  auto c = ts.client();
  auto r = c->Post("/api/posts", organic_and_campaign().dump(), "application/json");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  json hits = body_of(c->Get("/api/search?q=dam&limit=20"))["hits"];
  ASSERT_EQ(hits.size(), 13u);
  // The organic post is the oldest (recency favours the copies) and yet ranks first.
  EXPECT_EQ(hits[0]["id"], "org-1") << hits.dump();
  EXPECT_GT(hits[0]["score"].get<double>(), hits[1]["score"].get<double>());
  const double org_cred = hits[0]["credibility"].get<double>();
  for (size_t i = 1; i < hits.size(); ++i)
    EXPECT_LT(hits[i]["credibility"].get<double>(), org_cred / 2) << hits[i].dump();
  json exp = body_of(c->Get("/api/trust/post/camp-11"));
  EXPECT_NE(exp["explanation"]["campaign"]["cluster"], 0) << exp.dump();
  EXPECT_GE(exp["explanation"]["campaign"]["cluster_authors"].get<int>(), 10);
  bool campaign_flag = false;
  for (const json& f : exp["now"]["flags"]) campaign_flag |= f == "campaign";
  EXPECT_TRUE(campaign_flag) << exp.dump();
  ASSERT_TRUE(exp["explanation"]["credibility"]["terms"].is_array());
  const json& term = exp["explanation"]["credibility"]["terms"][0];
  EXPECT_TRUE(term.contains("weight") && term.contains("input") && term.contains("signal"));
}

TEST(TrustRoutesTest, ExplainRoutesFindPostsAndAccountsAndSay404) {
  TestServer ts({}, false);
  auto c = ts.client();
  ASSERT_EQ(c->Post("/api/posts", organic_and_campaign().dump(), "application/json")->status, 200);
  json post = body_of(c->Get("/api/trust/post/org-1"));
  EXPECT_EQ(post["post_id"], "org-1");
  EXPECT_EQ(post["moderation"]["action"], "off");
  EXPECT_EQ(post["injection"]["flagged"], false);
  EXPECT_TRUE(post["notes"].is_array());
  json by_handle = body_of(c->Get("/api/trust/account/@water_authority"));
  json by_id = body_of(c->Get("/api/trust/account/acct-water_authority"));
  EXPECT_EQ(by_handle["account"], "acct-water_authority");
  EXPECT_EQ(by_handle["posts"], 1);
  EXPECT_EQ(by_handle["explanation"], by_id["explanation"]);
  expect_error(c->Get("/api/trust/post/missing"), 404);
  expect_error(c->Get("/api/trust/account/@nobody"), 404);
}

TEST(TrustRoutesTest, NoteWritesValidateTheirInput) {
  TestServer ts({}, false);
  auto c = ts.client();
  ASSERT_EQ(c->Post("/api/posts", organic_and_campaign().dump(), "application/json")->status, 200);
  expect_error(c->Post("/api/notes", "not json", "application/json"), 400);
  expect_error(
      c->Post("/api/notes", R"({"id":"n1","post_id":"org-1","author":"w"})", "application/json"),
      400);
  expect_error(c->Post("/api/notes", R"({"id":"n1","post_id":"nope","author":"w","text":"t"})",
                       "application/json"),
               404);
  const std::string note = R"({"id":"n1","post_id":"org-1","author":"w","text":"context"})";
  auto ok = c->Post("/api/notes", note, "application/json");
  ASSERT_EQ(ok->status, 200) << ok->body;
  EXPECT_EQ(body_of(ok)["note"]["status"], "needs_more_ratings");
  expect_error(
      c->Post("/api/notes", R"({"id":"n1","post_id":"org-1","author":"w","text":"changed"})",
              "application/json"),
      409);
  expect_error(
      c->Post("/api/ratings", R"({"rater":"r1","note_id":"n1","helpful":0.7})", "application/json"),
      400);
  expect_error(
      c->Post("/api/ratings", R"({"rater":"r1","note_id":"n9","helpful":1})", "application/json"),
      404);
  EXPECT_EQ(
      c->Post("/api/ratings", R"({"rater":"r1","note_id":"n1","helpful":0.5})", "application/json")
          ->status,
      200);
  expect_error(c->Get("/api/notes"), 400);
  json notes = body_of(c->Get("/api/notes?post_id=org-1"));
  ASSERT_EQ(notes["notes"].size(), 1u);
  EXPECT_EQ(notes["notes"][0]["ratings"], 1);
}

TEST(TrustRoutesTest, WritesNeedAKeyWhenKeysAreConfigured) {
  TestServer ts([](ServeConfig& c) { c.api_keys = {"secret"}; }, false);
  auto c = ts.client();
  const std::string note = R"({"id":"n1","post_id":"org-1","author":"w","text":"context"})";
  expect_error(c->Post("/api/notes", note, "application/json"), 401);
  expect_error(
      c->Post("/api/ratings", R"({"rater":"r","note_id":"n1","helpful":1})", "application/json"),
      401);
  httplib::Headers good = {{"Authorization", "Bearer secret"}};
  ASSERT_EQ(c->Post("/api/posts", good, organic_and_campaign().dump(), "application/json")->status,
            200);
  EXPECT_EQ(c->Post("/api/notes", good, note, "application/json")->status, 200);
  // Reads stay open.
  EXPECT_EQ(c->Get("/api/notes?post_id=org-1")->status, 200);
}

TEST(TrustRoutesTest, NotesChangeStatusAfterCrossViewpointRatings) {
  TestServer ts({}, false);
  auto c = ts.client();
  json posts = json::array();
  const std::vector<std::string> ids = trust::testing::polarized_note_ids(3);
  for (const std::string& id : ids)
    posts.push_back(testing::make_post("p-" + id, "post about " + id, kT0, "author_" + id));
  ASSERT_EQ(c->Post("/api/posts", posts.dump(), "application/json")->status, 200);
  for (const std::string& id : ids) {
    json note = {{"id", id}, {"post_id", "p-" + id}, {"author", "writer"}, {"text", "context"}};
    ASSERT_EQ(c->Post("/api/notes", note.dump(), "application/json")->status, 200);
  }
  auto status_of = [&](const std::string& id) {
    return body_of(c->Get(("/api/notes?post_id=p-" + id).c_str()))["notes"][0]["status"];
  };
  const auto plan = trust::testing::polarized_ratings(6, 3);
  for (size_t i = 0; i < plan.size(); ++i) {
    if (i == 2 * ids.size()) {
      EXPECT_EQ(status_of("bridge"), "needs_more_ratings");
    }
    json r = {{"rater", plan[i].rater}, {"note_id", plan[i].note}, {"helpful", plan[i].helpful}};
    ASSERT_EQ(c->Post("/api/ratings", r.dump(), "application/json")->status, 200);
  }
  EXPECT_EQ(status_of("bridge"), "helpful");
  EXPECT_NE(status_of("onesided"), "helpful");
  // The author of the noted post now carries it in the credibility history.
  json acct = body_of(c->Get("/api/trust/account/@author_bridge"));
  EXPECT_EQ(acct["noted_posts"], 1) << acct.dump();
}

TEST(TrustRoutesTest, DropPolicyRefusesPostsAtIngestAndAuditsThem) {
  setenv("CHORUS_TRUST_POLICY", "spam=drop", 1);
  TestServer ts({}, false);
  unsetenv("CHORUS_TRUST_POLICY");
  auto c = ts.client();
  json posts = json::array({testing::make_post("ok-1", "a normal post", kT0),
                            testing::make_post("spam-1", "win big [spam-offer-3] now", kT0 + 1)});
  auto r = c->Post("/api/posts", posts.dump(), "application/json");
  ASSERT_EQ(r->status, 200) << r->body;
  json res = body_of(r)["results"];
  EXPECT_EQ(res[0]["status"], "indexed");
  EXPECT_EQ(res[1]["status"], "error");
  EXPECT_NE(res[1]["error"].get<std::string>().find("dropped at ingest"), std::string::npos);
  EXPECT_EQ(c->Get("/api/posts/spam-1")->status, 404);
  json audit = body_of(c->Get("/api/trust/audit"))["audit"];
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0]["post_id"], "spam-1");
  EXPECT_EQ(audit[0]["action"], "drop");
  EXPECT_EQ(body_of(c->Get("/api/trust/post/spam-1"))["dropped"], true);
}

}  // namespace
}  // namespace chorus::server
