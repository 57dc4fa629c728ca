#include "server/metrics.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "server/backend_metrics.h"
#include "server/local_engine.h"
#include "server_test_util.h"

namespace chorus::server {
namespace {

TEST(Metrics, CountersHistogramsAndCallbacksRender) {
  Metrics m;
  m.inc("chorus_http_requests_total", "Requests", {{"route", "/a"}, {"code", "200"}});
  m.inc("chorus_http_requests_total", "Requests", {{"route", "/a"}, {"code", "200"}}, 2);
  m.inc("chorus_http_requests_total", "Requests", {{"route", "/b\"x"}, {"code", "404"}});
  m.observe("chorus_http_request_duration_seconds", "Latency", {{"route", "/a"}}, 0.003);
  m.observe("chorus_http_request_duration_seconds", "Latency", {{"route", "/a"}}, 0.2);
  m.observe("chorus_http_request_duration_seconds", "Latency", {{"route", "/a"}}, 100);
  m.add_callback("chorus_queue_depth", "Depth", "gauge", [] { return 7.0; });
  EXPECT_DOUBLE_EQ(
      m.counter_value("chorus_http_requests_total", {{"route", "/a"}, {"code", "200"}}), 3);
  const std::string out = m.render();
  EXPECT_NE(out.find("# TYPE chorus_http_requests_total counter\n"), std::string::npos) << out;
  EXPECT_NE(out.find("chorus_http_requests_total{route=\"/a\",code=\"200\"} 3\n"),
            std::string::npos);
  EXPECT_NE(out.find("route=\"/b\\\"x\""), std::string::npos);
  EXPECT_NE(out.find("# TYPE chorus_http_request_duration_seconds histogram\n"), std::string::npos);
  // Buckets are cumulative: 0.003 <= 0.005; 0.2 <= 0.25; 100 only in +Inf.
  EXPECT_NE(out.find("chorus_http_request_duration_seconds_bucket{route=\"/a\",le=\"0.005\"} 1\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("chorus_http_request_duration_seconds_bucket{route=\"/a\",le=\"0.25\"} 2\n"),
            std::string::npos);
  EXPECT_NE(out.find("chorus_http_request_duration_seconds_bucket{route=\"/a\",le=\"60\"} 2\n"),
            std::string::npos);
  EXPECT_NE(out.find("chorus_http_request_duration_seconds_bucket{route=\"/a\",le=\"+Inf\"} 3\n"),
            std::string::npos);
  EXPECT_NE(out.find("chorus_http_request_duration_seconds_count{route=\"/a\"} 3\n"),
            std::string::npos);
  EXPECT_NE(out.find("# TYPE chorus_queue_depth gauge\nchorus_queue_depth 7\n"), std::string::npos);
}

TEST(Metrics, OptionalCallbackRendersASampleOnlyWhenPresent) {
  Metrics m;
  std::optional<double> value;
  m.add_optional_callback("chorus_x_total", "X", "counter", [&] { return value; });
  EXPECT_EQ(m.render(), "# HELP chorus_x_total X\n# TYPE chorus_x_total counter\n");
  value = 3;
  EXPECT_EQ(m.render(),
            "# HELP chorus_x_total X\n# TYPE chorus_x_total counter\nchorus_x_total 3\n");
}

// A backend whose figures the test sets.
class FakeBackend : public ChatBackend {
 public:
  std::string model_name() const override { return "fake"; }
  Result<std::shared_ptr<GenerationStream>> generate(const GenerationRequest&) override {
    return unavailable("fake");
  }
  Result<Embedding> embed(const std::string&) override { return unavailable("fake"); }
  size_t queue_depth() const override { return 2; }
  size_t active_sequences() const override { return 5; }
  uint64_t sequences_cancelled() const override { return 1; }
  std::optional<BatchStats> batch_stats() const override { return stats; }
  void stop() override {}

  std::optional<BatchStats> stats;
};

bool has_line(const std::string& text, const std::string& line) {
  return text.find("\n" + line + "\n") != std::string::npos;
}

TEST(BackendMetrics, BatchStatsAreCountersAndGauges) {
  auto backend = std::make_shared<FakeBackend>();
  backend->stats = BatchStats{.decode_passes = 4, .decode_rows = 10, .last_batch = 3};
  Metrics m;
  register_backend_metrics(m, [&] { return backend; });
  const std::string out = m.render();
  EXPECT_TRUE(has_line(out, "# TYPE chorus_decode_passes_total counter")) << out;
  EXPECT_TRUE(has_line(out, "chorus_decode_passes_total 4")) << out;
  EXPECT_TRUE(has_line(out, "# TYPE chorus_decode_rows_total counter")) << out;
  EXPECT_TRUE(has_line(out, "chorus_decode_rows_total 10")) << out;
  EXPECT_TRUE(has_line(out, "# TYPE chorus_decode_batch_size gauge")) << out;
  EXPECT_TRUE(has_line(out, "chorus_decode_batch_size 3")) << out;
  EXPECT_TRUE(has_line(out, "chorus_decode_batch_size_mean 2.5")) << out;
  EXPECT_TRUE(has_line(out, "chorus_queue_depth 2")) << out;
  EXPECT_TRUE(has_line(out, "chorus_active_sequences 5")) << out;
  EXPECT_TRUE(has_line(out, "chorus_sequences_cancelled_total 1")) << out;
}

TEST(BackendMetrics, NoDecodeSamplesWithoutStatsOrBackend) {
  auto backend = std::make_shared<FakeBackend>();  // as a remote pool: no BatchStats
  std::shared_ptr<ChatBackend> current = backend;
  Metrics m;
  register_backend_metrics(m, [&] { return current; });
  for (int round = 0; round < 2; ++round) {
    const std::string out = m.render();
    for (const char* name : {"chorus_decode_passes_total", "chorus_decode_rows_total",
                             "chorus_decode_batch_size", "chorus_decode_batch_size_mean"}) {
      EXPECT_TRUE(
          has_line(out, std::string("# TYPE ") + name +
                            (std::string(name).ends_with("_total") ? " counter" : " gauge")))
          << out;
      EXPECT_EQ(out.find(std::string("\n") + name + " "), std::string::npos) << out;
    }
    EXPECT_TRUE(has_line(out, round == 0 ? "chorus_queue_depth 2" : "chorus_queue_depth 0"));
    current = nullptr;  // the model still loading
  }
  // Before the first pass the mean is 0, not a division by zero.
  backend->stats = BatchStats{};
  current = backend;
  EXPECT_TRUE(has_line(m.render(), "chorus_decode_batch_size_mean 0"));
}

// Concurrent chats on the server's local engine: /metrics shows the engine's own counters.
TEST(BackendMetrics, LocalEngineBatchingOnTheMetricsRoute) {
  testing::TestServer ts([](ServeConfig& c) { c.parallel = 4; });
  ASSERT_TRUE(ts.wait_ready());
  const std::string body =
      R"({"messages":[{"role":"user","content":"hello"}],"max_tokens":12,"ignore_eos":true,)"
      R"("temperature":0,"stream":true})";
  std::vector<std::thread> clients;
  for (int i = 0; i < 4; ++i)
    clients.emplace_back([&] {
      auto res = ts.client()->Post("/v1/chat/completions", body, "application/json");
      EXPECT_TRUE(res && res->status == 200 && res->body.find("[DONE]") != std::string::npos);
    });
  for (auto& t : clients) t.join();
  auto engine = std::dynamic_pointer_cast<LocalEngine>(ts.server().chat_backend());
  ASSERT_NE(engine, nullptr);
  const double passes = ts.metric("chorus_decode_passes_total");
  const double rows = ts.metric("chorus_decode_rows_total");
  // 4 sequences of 12 tokens: the first token comes from the prefill, the other 11 from passes.
  EXPECT_EQ(rows, 4 * 11);
  EXPECT_GE(passes, 11);
  EXPECT_LE(passes, rows);
  EXPECT_EQ(passes, static_cast<double>(engine->decode_passes()));
  EXPECT_EQ(rows, static_cast<double>(engine->decode_rows()));
  EXPECT_EQ(ts.metric("chorus_decode_batch_size"), static_cast<double>(engine->last_batch_size()));
  EXPECT_NEAR(ts.metric("chorus_decode_batch_size_mean"), rows / passes, 1e-9);  // 15 digits
}

}  // namespace
}  // namespace chorus::server
