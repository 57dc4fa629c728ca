// The OpenAI-compatible endpoints over a small random model.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <thread>

#include "server/json_prefix.h"
#include "server/server_test_util.h"
#include "stream/sse_parser.h"

namespace chorus::server {
namespace {

using nlohmann::json;
using testing::TestServer;

const char* kChat = R"({"model":"tiny","messages":[{"role":"system","content":"You are terse."},
  {"role":"user","content":"Say something."}],"max_tokens":12,"temperature":0.7,"seed":42})";

class OpenAiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ts_ = new TestServer();
    ASSERT_TRUE(ts_->wait_ready());
  }
  static void TearDownTestSuite() { delete ts_; }
  static TestServer* ts_;
};
TestServer* OpenAiTest::ts_ = nullptr;

struct SseEvents {
  std::vector<std::string> data;
};

SseEvents stream_post(TestServer& ts, const std::string& path, const std::string& body) {
  SseEvents out;
  stream::SseParser parser([&](std::string_view, std::string_view d) { out.data.emplace_back(d); });
  httplib::Request req;
  req.method = "POST";
  req.path = path;
  req.body = body;
  req.set_header("Content-Type", "application/json");
  req.content_receiver = [&](const char* d, size_t n, uint64_t, uint64_t) {
    parser.feed(std::string_view(d, n));
    return true;
  };
  auto res = ts.client()->send(req);
  EXPECT_TRUE(res);
  if (res) {
    EXPECT_EQ(res->status, 200);
  }
  return out;
}

TEST_F(OpenAiTest, ModelsListsTheLocalModel) {
  auto r = ts_->client()->Get("/v1/models");
  ASSERT_TRUE(r);
  json j = json::parse(r->body);
  EXPECT_EQ(j["object"], "list");
  ASSERT_GE(j["data"].size(), 1u);  // route modules may add models (the grounded "chorus")
  EXPECT_EQ(j["data"][0]["id"], "tiny");
  EXPECT_EQ(j["data"][0]["object"], "model");
}

TEST_F(OpenAiTest, ChatCompletionWithUsageIsDeterministicForASeed) {
  auto a = ts_->client()->Post("/v1/chat/completions", kChat, "application/json");
  auto b = ts_->client()->Post("/v1/chat/completions", kChat, "application/json");
  ASSERT_TRUE(a && b);
  ASSERT_EQ(a->status, 200) << a->body;
  json ja = json::parse(a->body), jb = json::parse(b->body);
  EXPECT_EQ(ja["object"], "chat.completion");
  EXPECT_TRUE(ja["id"].get<std::string>().starts_with("chatcmpl-"));
  EXPECT_NE(ja["id"], jb["id"]);
  EXPECT_EQ(ja["choices"][0]["message"]["role"], "assistant");
  EXPECT_EQ(ja["choices"][0]["message"]["content"], jb["choices"][0]["message"]["content"]);
  const json& u = ja["usage"];
  EXPECT_GT(u["prompt_tokens"].get<int>(), 5);
  EXPECT_LE(u["completion_tokens"].get<int>(), 12);
  EXPECT_EQ(u["total_tokens"], u["prompt_tokens"].get<int>() + u["completion_tokens"].get<int>());
  const std::string fr = ja["choices"][0]["finish_reason"];
  EXPECT_TRUE(fr == "length" || fr == "stop") << fr;
  if (fr == "length") {
    EXPECT_EQ(u["completion_tokens"], 12);
  }
  // The second identical prompt reused the cached prefix (system prompt and more).
  EXPECT_GT(jb["usage"]["prompt_tokens_details"]["cached_tokens"].get<int>(), 0);
}

TEST_F(OpenAiTest, MaxCompletionTokensWinsOverMaxTokens) {
  auto r = ts_->client()->Post(
      "/v1/chat/completions",
      R"({"messages":[{"role":"user","content":"go"}],"max_tokens":50,"max_completion_tokens":3,"temperature":0})",
      "application/json");
  ASSERT_TRUE(r);
  json j = json::parse(r->body);
  EXPECT_LE(j["usage"]["completion_tokens"].get<int>(), 3);
}

TEST_F(OpenAiTest, StreamedChatHasStableIdDoneAndUsage) {
  json body = json::parse(kChat);
  body["stream"] = true;
  body["stream_options"] = {{"include_usage", true}};
  SseEvents ev = stream_post(*ts_, "/v1/chat/completions", body.dump());
  ASSERT_GE(ev.data.size(), 4u);
  EXPECT_EQ(ev.data.back(), "[DONE]");
  std::string id, text;
  bool saw_finish = false, saw_usage = false;
  for (size_t i = 0; i + 1 < ev.data.size(); ++i) {
    json c = json::parse(ev.data[i]);
    EXPECT_EQ(c["object"], "chat.completion.chunk");
    if (id.empty()) id = c["id"];
    EXPECT_EQ(c["id"], id) << "chunk ids must be stable";
    if (c.contains("usage") && !c["usage"].is_null()) {
      saw_usage = true;
      EXPECT_TRUE(c["choices"].empty());
      EXPECT_GT(c["usage"]["completion_tokens"].get<int>(), 0);
      continue;
    }
    const json& ch = c["choices"][0];
    if (ch["delta"].contains("content")) text += ch["delta"]["content"].get<std::string>();
    if (!ch["finish_reason"].is_null()) saw_finish = true;
  }
  EXPECT_TRUE(saw_finish);
  EXPECT_TRUE(saw_usage);
  // The same seed without streaming gives the same text.
  auto r = ts_->client()->Post("/v1/chat/completions", kChat, "application/json");
  EXPECT_EQ(json::parse(r->body)["choices"][0]["message"]["content"], text);
}

TEST_F(OpenAiTest, CompletionsEndpoint) {
  auto r = ts_->client()->Post("/v1/completions",
                               R"({"prompt":"Once upon a time","max_tokens":5,"temperature":0})",
                               "application/json");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  json j = json::parse(r->body);
  EXPECT_EQ(j["object"], "text_completion");
  EXPECT_TRUE(j["choices"][0]["text"].is_string());
  SseEvents ev =
      stream_post(*ts_, "/v1/completions",
                  R"({"prompt":"Once upon a time","max_tokens":5,"temperature":0,"stream":true})");
  ASSERT_FALSE(ev.data.empty());
  EXPECT_EQ(ev.data.back(), "[DONE]");
}

TEST_F(OpenAiTest, JsonObjectModeYieldsAJsonObjectPrefix) {
  auto r = ts_->client()->Post(
      "/v1/chat/completions",
      R"({"messages":[{"role":"user","content":"json please"}],"max_tokens":40,"seed":7,
          "response_format":{"type":"json_object"}})",
      "application/json");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  json j = json::parse(r->body);
  const std::string content = j["choices"][0]["message"]["content"];
  JsonPrefix p;
  EXPECT_TRUE(p.feed(content)) << content;
  ASSERT_FALSE(content.empty());
  EXPECT_EQ(content[0], '{');
  if (j["choices"][0]["finish_reason"] == "stop") {
    EXPECT_TRUE(p.complete());
    EXPECT_FALSE(json::parse(content, nullptr, false).is_discarded()) << content;
  }
}

TEST_F(OpenAiTest, EmbeddingsAreUnitVectorsOfModelWidth) {
  auto r = ts_->client()->Post("/v1/embeddings",
                               R"({"model":"tiny","input":["hello world","other text"]})",
                               "application/json");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  json j = json::parse(r->body);
  ASSERT_EQ(j["data"].size(), 2u);
  std::vector<float> a = j["data"][0]["embedding"], b = j["data"][1]["embedding"];
  ASSERT_EQ(a.size(), 64u);
  double na = 0, dot = 0;
  for (size_t i = 0; i < a.size(); ++i) na += a[i] * a[i], dot += a[i] * b[i];
  EXPECT_NEAR(na, 1.0, 1e-4);
  EXPECT_LT(dot, 0.99999);  // different texts, different vectors
  EXPECT_GT(j["usage"]["prompt_tokens"].get<int>(), 0);
  auto again =
      ts_->client()->Post("/v1/embeddings", R"({"input":"hello world"})", "application/json");
  EXPECT_EQ(json::parse(again->body)["data"][0]["embedding"], j["data"][0]["embedding"]);
}

TEST_F(OpenAiTest, BadRequestsAre400WithTheParam) {
  struct Case {
    const char* body;
    const char* param;
  } cases[] = {
      {R"({"messages":[{"role":"user","content":"x"}],"n":2})", "n"},
      {R"({"messages":[{"role":"user","content":"x"}],"temperature":3})", "temperature"},
      {R"({"messages":[{"role":"user","content":"x"}],"top_p":0})", "top_p"},
      {R"({"messages":[{"role":"user","content":"x"}],"max_tokens":0})", "max_tokens"},
      {R"({"messages":[{"role":"user","content":"x"}],"stop":["a","b","c","d","e"]})", "stop"},
      {R"({"messages":[{"role":"wizard","content":"x"}]})", "messages[0].role"},
      {R"({"messages":[]})", "messages"},
      {R"({"messages":[{"role":"user","content":"x"}],"response_format":{"type":"yaml"}})",
       "response_format"},
      {R"({"messages":[{"role":"user","content":"x"}],"presence_penalty":9})", "presence_penalty"},
  };
  for (const Case& c : cases) {
    auto r = ts_->client()->Post("/v1/chat/completions", c.body, "application/json");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << c.body;
    json j = json::parse(r->body);
    EXPECT_EQ(j["error"]["type"], "invalid_request_error");
    EXPECT_EQ(j["error"]["param"], c.param) << r->body;
  }
  auto bad = ts_->client()->Post("/v1/chat/completions", "{oops", "application/json");
  EXPECT_EQ(bad->status, 400);
  auto emb = ts_->client()->Post("/v1/embeddings", R"({"input":42})", "application/json");
  EXPECT_EQ(emb->status, 400);
}

TEST_F(OpenAiTest, ClientDisconnectCancelsItsSequence) {
  const double before = ts_->metric("chorus_sequences_cancelled_total");
  httplib::Request req;
  req.method = "POST";
  req.path = "/v1/chat/completions";
  req.body =
      R"({"messages":[{"role":"user","content":"talk for a long time"}],"max_tokens":4000,"ignore_eos":true,"stream":true})";
  req.set_header("Content-Type", "application/json");
  size_t got = 0;
  req.content_receiver = [&](const char*, size_t n, uint64_t, uint64_t) {
    got += n;
    return got < 400;  // hang up after a few chunks
  };
  auto res = ts_->client()->send(req);
  EXPECT_GE(got, 400u);
  bool cancelled = false;
  for (int i = 0; i < 200 && !cancelled; ++i) {
    cancelled = ts_->metric("chorus_sequences_cancelled_total") > before;
    if (!cancelled) std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  EXPECT_TRUE(cancelled);
  for (int i = 0; i < 200 && ts_->metric("chorus_active_sequences") > 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  EXPECT_EQ(ts_->metric("chorus_active_sequences"), 0);
  EXPECT_GT(ts_->metric("chorus_tokens_generated_total"), 0);
}

TEST(OpenAiQueue, FullQueueAnswers429WithRetryAfter) {
  TestServer ts([](ServeConfig& c) {
    c.parallel = 1;
    c.max_queue = 0;
  });
  ASSERT_TRUE(ts.wait_ready());
  // One long streamed generation holds the only sequence; the next request finds no room.
  std::atomic<bool> stop{false};
  std::atomic<bool> streaming{false};
  std::thread holder([&] {
    httplib::Request req;
    req.method = "POST";
    req.path = "/v1/chat/completions";
    req.body =
        R"({"messages":[{"role":"user","content":"x"}],"max_tokens":3000,"ignore_eos":true,"stream":true})";
    req.set_header("Content-Type", "application/json");
    req.content_receiver = [&](const char*, size_t, uint64_t, uint64_t) {
      streaming = true;
      return !stop.load();
    };
    ts.client()->send(req);
  });
  for (int i = 0; i < 400 && !streaming; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  ASSERT_TRUE(streaming.load());
  auto r = ts.client()->Post("/v1/chat/completions",
                             R"({"messages":[{"role":"user","content":"y"}]})", "application/json");
  stop = true;
  holder.join();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 429) << r->body;
  EXPECT_FALSE(r->get_header_value("Retry-After").empty());
}

}  // namespace
}  // namespace chorus::server
