// The Chorus API, operations endpoints, auth, limits and CORS of an in-process server.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "server/server_test_util.h"
#include "support/fake_ws_server.h"

namespace chorus::server {
namespace {

using nlohmann::json;
using testing::make_post;
using testing::TestServer;

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

json parse(const httplib::Result& r) {
  return json::parse(r->body);
}

void expect_openai_error(const httplib::Result& r, int status, const std::string& type) {
  ASSERT_TRUE(r) << "no response";
  EXPECT_EQ(r->status, status) << r->body;
  json j = json::parse(r->body, nullptr, false);
  ASSERT_TRUE(j.is_object()) << r->body;
  ASSERT_TRUE(j.contains("error")) << r->body;
  EXPECT_EQ(j["error"]["type"], type) << r->body;
  EXPECT_TRUE(j["error"]["message"].is_string());
  EXPECT_TRUE(j["error"].contains("param"));
  EXPECT_TRUE(j["error"].contains("code"));
}

TEST(ServerApi, HealthReadyAndMetrics) {
  TestServer ts({}, false);
  auto c = ts.client();
  auto h = c->Get("/healthz");
  ASSERT_TRUE(h);
  EXPECT_EQ(h->status, 200);
  auto r = c->Get("/readyz");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(parse(r)["model"], "none");
  auto m = c->Get("/metrics");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->status, 200);
  EXPECT_NE(m->get_header_value("Content-Type").find("text/plain"), std::string::npos);
  for (const char* name :
       {"chorus_posts_indexed_total", "chorus_dead_letters_total", "chorus_queue_depth",
        "chorus_active_sequences", "chorus_http_requests_total{route=\"/healthz\",code=\"200\"}",
        "chorus_http_request_duration_seconds_bucket{route=\"/readyz\",le=\"+Inf\"}"})
    EXPECT_NE(m->body.find(name), std::string::npos) << name;
  // Every non-comment line is "name{labels} value".
  std::istringstream lines(m->body);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.empty() || line[0] == '#') continue;
    size_t sp = line.rfind(' ');
    ASSERT_NE(sp, std::string::npos) << line;
    EXPECT_NO_THROW((void)std::stod(line.substr(sp + 1))) << line;
  }
}

TEST(ServerApi, ReadyzIs503WhileTheModelLoadsAndChatSays503) {
  TestServer ts([](ServeConfig& c) { c.model = "/nonexistent/model.gguf"; }, false);
  auto c = ts.client();
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  auto r = c->Get("/readyz");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 503);
  EXPECT_FALSE(r->get_header_value("Retry-After").empty());
  auto chat = c->Post("/v1/chat/completions", R"({"messages":[{"role":"user","content":"hi"}]})",
                      "application/json");
  expect_openai_error(chat, 503, "service_unavailable");
}

TEST(ServerApi, PostsAreDurableSearchableAndRetrievable) {
  TestServer ts({}, false);
  auto c = ts.client();
  const int64_t t = now_ms() - 1000;
  json batch =
      json::array({make_post("p1", "Fire near the #harbor tonight", t),
                   make_post("p2", "Flooding on main street", t + 1, "bob"),
                   json{{"id", "bad"}, {"text", "no time"}},
                   make_post("p3", "harbor fire update: contained", t + 2, "carol", "fr")});
  auto r = c->Post("/api/posts", batch.dump(), "application/json");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  json j = parse(r);
  EXPECT_EQ(j["accepted"], 3);
  EXPECT_EQ(j["rejected"], 1);
  EXPECT_EQ(j["results"][0]["status"], "indexed");
  EXPECT_EQ(j["results"][2]["status"], "error");
  EXPECT_NE(j["results"][2]["error"].get<std::string>().find("created_at"), std::string::npos)
      << j.dump();
  // The same post again is a duplicate, acknowledged.
  auto again = c->Post("/api/posts", make_post("p1", "Fire near the #harbor tonight", t).dump(),
                       "application/json");
  ASSERT_TRUE(again);
  EXPECT_EQ(parse(again)["results"][0]["status"], "duplicate");

  auto s = c->Get("/api/search?q=fire&limit=10");
  ASSERT_TRUE(s);
  ASSERT_EQ(s->status, 200) << s->body;
  json hits = parse(s)["hits"];
  ASSERT_EQ(hits.size(), 2u) << s->body;
  EXPECT_EQ(parse(s)["matched"], 2);
  auto by_author = c->Get("/api/search?q=fire&author=@carol");
  EXPECT_EQ(parse(by_author)["hits"].size(), 1u);
  EXPECT_EQ(parse(by_author)["hits"][0]["id"], "p3");
  auto by_lang = c->Get("/api/search?q=fire&lang=en&order=newest");
  ASSERT_EQ(parse(by_lang)["hits"].size(), 1u);
  EXPECT_EQ(parse(by_lang)["hits"][0]["id"], "p1");
  auto since = c->Get("/api/search?q=fire&since=" + std::to_string(t + 2));
  EXPECT_EQ(parse(since)["hits"].size(), 1u);
  expect_openai_error(c->Get("/api/search?q=x&limit=abc"), 400, "invalid_request_error");
  expect_openai_error(c->Get("/api/search?q=x&order=sideways"), 400, "invalid_request_error");
  expect_openai_error(c->Get("/api/search?q=x&since=yesterday-ish"), 400, "invalid_request_error");

  auto g = c->Get("/api/posts/p2");
  ASSERT_TRUE(g);
  EXPECT_EQ(g->status, 200);
  EXPECT_EQ(parse(g)["author"]["handle"], "bob");
  expect_openai_error(c->Get("/api/posts/nope"), 404, "not_found_error");

  auto tr = c->Get("/api/trending?window=5m&n=5");
  ASSERT_TRUE(tr);
  EXPECT_EQ(tr->status, 200);
  EXPECT_TRUE(parse(tr)["trending"].is_array());
  expect_openai_error(c->Get("/api/trending?window=2d"), 400, "invalid_request_error");

  expect_openai_error(c->Post("/api/posts", "{not json", "application/json"), 400,
                      "invalid_request_error");
  expect_openai_error(c->Post("/api/posts", "[{\"id\":\"x\"}]", "application/json"), 400,
                      "invalid_request_error");
  EXPECT_GE(ts.metric("chorus_posts_indexed_total"), 3);
  EXPECT_GE(ts.metric("chorus_dead_letters_total"), 1);
}

TEST(ServerApi, PostsSurviveARestart) {
  chorus::testing::TempDir dir;
  const int64_t t = now_ms();
  {
    TestServer ts([&](ServeConfig& c) { c.data_dir = dir.path(); }, false);
    auto r = ts.client()->Post("/api/posts", make_post("keep-1", "persist me", t).dump(),
                               "application/json");
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200);
  }
  TestServer ts([&](ServeConfig& c) { c.data_dir = dir.path(); }, false);
  auto g = ts.client()->Get("/api/posts/keep-1");
  ASSERT_TRUE(g);
  EXPECT_EQ(g->status, 200) << g->body;
}

TEST(ServerApi, LiveStreamDeliversMatchingPosts) {
  TestServer ts({}, false);
  std::atomic<bool> got{false};
  std::string received;
  // The subscription may start after the first posts were indexed: every round posts a
  // matching post, and the reader gives up (keep-alive comments wake it) after 20 s.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  std::thread reader([&] {
    auto c = ts.client();
    c->Get("/api/stream?q=earthquake&lang=en", [&](const char* data, size_t n) {
      received.append(data, n);
      if (received.find("match-") != std::string::npos) {
        got = true;
        return false;
      }
      return received.size() < 100000 && std::chrono::steady_clock::now() < deadline;
    });
  });
  const int64_t t = now_ms();
  auto c = ts.client();
  for (int i = 0; i < 50 && !got; ++i) {
    json batch =
        json::array({make_post("other-" + std::to_string(i), "nothing to see", t),
                     make_post("match-" + std::to_string(i), "An earthquake shook the city", t)});
    c->Post("/api/posts", batch.dump(), "application/json");
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  reader.join();
  EXPECT_TRUE(got.load());
  EXPECT_NE(received.find("event: post"), std::string::npos);
  EXPECT_EQ(received.find("other-"), std::string::npos) << "unfiltered post delivered";
}

TEST(ServerApi, AuthWithKeys) {
  TestServer ts([](ServeConfig& c) { c.api_keys = {"secret"}; }, false);
  auto c = ts.client();
  const std::string post = make_post("a1", "x", now_ms()).dump();
  expect_openai_error(c->Post("/api/posts", post, "application/json"), 401, "authentication_error");
  httplib::Headers bad = {{"Authorization", "Bearer wrong"}};
  expect_openai_error(c->Post("/api/posts", bad, post, "application/json"), 401,
                      "authentication_error");
  httplib::Headers good = {{"Authorization", "Bearer secret"}};
  auto ok = c->Post("/api/posts", good, post, "application/json");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
  auto read = c->Get("/api/search?q=x");  // reads stay open without --require-auth
  EXPECT_EQ(read->status, 200);
}

TEST(ServerApi, RequireAuthGuardsReadsButNotHealth) {
  TestServer ts(
      [](ServeConfig& c) {
        c.api_keys = {"secret"};
        c.require_auth = true;
      },
      false);
  auto c = ts.client();
  expect_openai_error(c->Get("/api/search?q=x"), 401, "authentication_error");
  expect_openai_error(c->Get("/v1/models"), 401, "authentication_error");
  EXPECT_EQ(c->Get("/healthz")->status, 200);
  httplib::Headers good = {{"Authorization", "Bearer secret"}};
  EXPECT_EQ(c->Get("/api/search?q=x", good)->status, 200);
}

TEST(ServerApi, RateLimitAnswers429WithRetryAfter) {
  TestServer ts(
      [](ServeConfig& c) {
        c.rate_limit_rps = 1;
        c.rate_limit_burst = 3;
      },
      false);
  auto c = ts.client();
  int ok = 0, limited = 0;
  for (int i = 0; i < 6; ++i) {
    auto r = c->Get("/api/search?q=x");
    ASSERT_TRUE(r);
    if (r->status == 200) ++ok;
    if (r->status == 429) {
      ++limited;
      EXPECT_FALSE(r->get_header_value("Retry-After").empty());
      expect_openai_error(r, 429, "rate_limit_error");
    }
  }
  EXPECT_EQ(ok, 3);
  EXPECT_EQ(limited, 3);
  EXPECT_EQ(c->Get("/healthz")->status, 200);  // public routes are not limited
}

TEST(ServerApi, BodyLimitAnswers413AndUnknownRoutes404) {
  TestServer ts([](ServeConfig& c) { c.max_body_bytes = 4096; }, false);
  auto c = ts.client();
  std::string big = "[" + std::string(8000, ' ') + "]";
  auto r = c->Post("/api/posts", big, "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  expect_openai_error(c->Get("/nowhere"), 404, "not_found_error");
}

TEST(ServerApi, CorsPreflightAllowsOpenAiClientHeaders) {
  TestServer ts({}, false);
  auto c = ts.client();
  httplib::Headers h = {
      {"Origin", "http://app.example"},
      {"Access-Control-Request-Method", "POST"},
      {"Access-Control-Request-Headers",
       "authorization, content-type, x-stainless-os, openai-organization, x-evil"}};
  auto r = c->Options("/v1/chat/completions", h);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 204);
  EXPECT_EQ(r->get_header_value("Access-Control-Allow-Origin"), "*");
  const std::string allowed = r->get_header_value("Access-Control-Allow-Headers");
  EXPECT_NE(allowed.find("x-stainless-os"), std::string::npos) << allowed;
  EXPECT_NE(allowed.find("openai-organization"), std::string::npos);
  EXPECT_EQ(allowed.find("x-evil"), std::string::npos);
  auto g = c->Get("/healthz", httplib::Headers{{"Origin", "http://app.example"}});
  EXPECT_EQ(g->get_header_value("Access-Control-Allow-Origin"), "*");
}

TEST(ServerApi, SimulatorSourceFeedsTheIndex) {
  TestServer ts(
      [](ServeConfig& c) {
        c.source = "simulator";
        c.sim_rate = 200;
      },
      false);
  for (int i = 0; i < 100 && ts.server().index().stats().posts < 20; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_GE(ts.server().index().stats().posts, 20u);
}

std::string jetstream_post(int64_t time_us, const std::string& rkey, const std::string& text) {
  return R"({"did":"did:plc:alice","time_us":)" + std::to_string(time_us) +
         R"(,"kind":"commit","commit":{"operation":"create","collection":"app.bsky.feed.post",)"
         R"("rkey":")" +
         rkey + R"(","record":{"text":")" + text + R"(","createdAt":"2024-03-01T12:00:00Z"}}})";
}

// A Jetstream source feeds the index and, after the server drops the connection, reconnects
// with the cursor of the last event it saw.
TEST(ServerApi, JetstreamSourceFeedsTheIndexAndResumesFromItsCursor) {
  chorus::testing::FakeWsServer fake;
  fake.serve({{jetstream_post(1000, "a1", "harbour fire"), jetstream_post(2000, "a2", "smoke")},
              {jetstream_post(3000, "a3", "firefighters arrive")}},
             true);
  TestServer ts(
      [&](ServeConfig& c) {
        c.source = "jetstream:" + fake.url("/subscribe?wantedCollections=app.bsky.feed.post");
      },
      false);
  for (int i = 0; i < 200 && ts.server().index().stats().posts < 3; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(ts.server().index().stats().posts, 3u);
  auto res = ts.client()->Get("/api/search?q=firefighters");
  ASSERT_TRUE(res);
  EXPECT_NE(res->body.find("firefighters arrive"), std::string::npos);
  std::vector<std::string> targets = fake.targets();
  ASSERT_EQ(targets.size(), 2u);
  EXPECT_EQ(targets[0].find("cursor="), std::string::npos);
  EXPECT_NE(targets[1].find("cursor=2000"), std::string::npos) << targets[1];
}

std::string jetstream_change(int64_t time_us, const std::string& op, const std::string& rkey,
                             const std::string& text = "") {
  std::string record =
      op == "delete" ? ""
                     : R"(,"record":{"text":")" + text + R"(","createdAt":"2024-03-01T12:00:00Z"})";
  return R"({"did":"did:plc:alice","time_us":)" + std::to_string(time_us) +
         R"(,"kind":"commit","commit":{"operation":")" + op +
         R"(","collection":"app.bsky.feed.post","rkey":")" + rkey + "\"" + record + "}}";
}

// Edits and deletes from a live source change the served index in stream order.
TEST(ServerApi, JetstreamEditsAndDeletesReachTheIndex) {
  chorus::testing::FakeWsServer fake;
  fake.serve({{jetstream_post(1000, "b1", "bridge closed for repairs"),
               jetstream_post(2000, "b2", "ferry cancelled tonight"),
               jetstream_change(3000, "update", "b1", "bridge reopened this morning"),
               jetstream_change(4000, "delete", "b2")}},
             true);
  TestServer ts([&](ServeConfig& c) { c.source = "jetstream:" + fake.url(); }, false);
  auto stats = [&] { return ts.server().index().stats(); };
  for (int i = 0; i < 200 && (stats().edits < 1 || stats().deletes < 1); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(stats().edits, 1u);
  EXPECT_EQ(stats().deletes, 1u);
  auto count_hits = [&](const std::string& q) {
    auto res = ts.client()->Get("/api/search?q=" + q);
    EXPECT_TRUE(res && res->status == 200);
    return res ? nlohmann::json::parse(res->body)["hits"].size() : 0u;
  };
  EXPECT_EQ(count_hits("reopened"), 1u);
  EXPECT_EQ(count_hits("repairs"), 0u);
  EXPECT_EQ(count_hits("ferry"), 0u);
}

}  // namespace
}  // namespace chorus::server
