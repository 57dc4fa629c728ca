#include "server/metrics.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace chorus::server
