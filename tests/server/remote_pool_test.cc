// --llm-url: a front server with no model forwards generation to a pool of backends (here two
// in-process chorus servers with the random model).
#include <gtest/gtest.h>

#include "server/remote_pool.h"
#include "server/server_test_util.h"

namespace chorus::server {
namespace {

using nlohmann::json;
using testing::TestServer;

const char* kRemoteChat =
    R"({"messages":[{"role":"user","content":"hi"}],"max_tokens":6,"seed":5})";

double chat_requests(TestServer& ts) {
  return ts.metric("chorus_http_requests_total{route=\"/v1/chat/completions\",code=\"200\"}");
}

TEST(RemotePool, ForwardsBalancesAndDropsUnhealthyBackends) {
  auto a = std::make_unique<TestServer>();
  auto b = std::make_unique<TestServer>();
  ASSERT_TRUE(a->wait_ready() && b->wait_ready());
  const int port_a = a->port();
  TestServer front(
      [&](ServeConfig& c) {
        c.llm_urls = {"http://127.0.0.1:" + std::to_string(a->port()),
                      "http://127.0.0.1:" + std::to_string(b->port()) + "/v1"};
        c.health_interval_ms = 100;
      },
      false);
  ASSERT_TRUE(front.wait_ready());
  auto* pool = dynamic_cast<RemotePool*>(front.server().chat_backend().get());
  ASSERT_NE(pool, nullptr);
  for (const BackendStatus& s : pool->backends()) EXPECT_TRUE(s.healthy) << s.url;
  auto cli = front.client();
  // Non-streamed: the same text as asking a backend directly (same seed, same model).
  auto direct = a->client()->Post("/v1/chat/completions", kRemoteChat, "application/json");
  auto via = cli->Post("/v1/chat/completions", kRemoteChat, "application/json");
  ASSERT_TRUE(direct && via);
  ASSERT_EQ(via->status, 200) << via->body;
  json jd = json::parse(direct->body), jv = json::parse(via->body);
  EXPECT_EQ(jv["choices"][0]["message"]["content"], jd["choices"][0]["message"]["content"]);
  EXPECT_EQ(jv["usage"]["completion_tokens"], jd["usage"]["completion_tokens"]);
  // Streamed through the pool.
  json body = json::parse(kRemoteChat);
  body["stream"] = true;
  std::string sse;
  httplib::Request req;
  req.method = "POST";
  req.path = "/v1/chat/completions";
  req.body = body.dump();
  req.set_header("Content-Type", "application/json");
  req.content_receiver = [&](const char* d, size_t n, uint64_t, uint64_t) {
    sse.append(d, n);
    return true;
  };
  auto res = cli->send(req);
  ASSERT_TRUE(res);
  EXPECT_NE(sse.find("data: [DONE]"), std::string::npos) << sse;
  // Several sequential requests go to both backends (least outstanding, ties to the first
  // healthy one; the direct request above also counted on a).
  for (int i = 0; i < 4; ++i) {
    std::thread t(
        [&] { front.client()->Post("/v1/chat/completions", kRemoteChat, "application/json"); });
    cli->Post("/v1/chat/completions", kRemoteChat, "application/json");
    t.join();
  }
  EXPECT_GT(chat_requests(*b), 0) << "backend b never used";
  // Backend a goes away: requests keep succeeding on b once a is out of rotation.
  a.reset();
  int ok = 0;
  for (int i = 0; i < 6; ++i) {
    auto r = cli->Post("/v1/chat/completions", kRemoteChat, "application/json");
    if (r && r->status == 200) ++ok;
  }
  EXPECT_GE(ok, 5);
  // No healthy backend at all: 503.
  b.reset();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  auto none = cli->Post("/v1/chat/completions", kRemoteChat, "application/json");
  ASSERT_TRUE(none);
  EXPECT_EQ(none->status, 503) << none->body;
  (void)port_a;
}

TEST(RemotePool, RequestBodyCarriesTheParameters) {
  GenerationRequest r;
  r.messages = {{"user", "x"}};
  r.max_tokens = 9;
  r.sampling.temperature = 0.25f;
  r.sampling.seed = 4;
  r.seed_given = true;
  r.stop = {"END"};
  r.json_object = true;
  json j = json::parse(remote_request_body(r, "m"));
  EXPECT_EQ(j["model"], "m");
  EXPECT_EQ(j["max_tokens"], 9);
  EXPECT_EQ(j["seed"], 4);
  EXPECT_EQ(j["stop"][0], "END");
  EXPECT_EQ(j["response_format"]["type"], "json_object");
  EXPECT_TRUE(j["stream"].get<bool>());
  EXPECT_TRUE(j["stream_options"]["include_usage"].get<bool>());
  EXPECT_FALSE(RemotePool::create({{"ftp://x"}}).is_ok());
}

}  // namespace
}  // namespace chorus::server
