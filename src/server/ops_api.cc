// Operations routes: GET /healthz (the process answers), GET /readyz (index open and model
// loaded: 200, else 503 with the reason), GET /metrics (Prometheus text format).
#include <httplib.h>

#include <nlohmann/json.hpp>

#include "server/http_util.h"
#include "server/server.h"

namespace chorus::server {

void install_ops_api(Server& server) {
  server.add_route(Method::kGet, "/healthz", Access::kPublic,
                   [](const httplib::Request&, httplib::Response& res) {
                     send_json(res, R"({"status":"ok"})");
                   });
  server.add_route(Method::kGet, "/readyz", Access::kPublic,
                   [&server](const httplib::Request&, httplib::Response& res) {
                     nlohmann::json j;
                     j["index"] = "open";
                     j["model"] = server.model_loading()             ? "loading"
                                  : server.chat_backend() != nullptr ? "loaded"
                                  : server.config().model.empty()    ? "none"
                                                                     : "failed";
                     j["posts"] = server.index().stats().posts;
                     if (server.ready()) {
                       j["status"] = "ready";
                       send_json(res, j.dump());
                     } else {
                       j["status"] = server.stopping() ? "stopping" : "not ready";
                       set_retry_after(res, 1);
                       send_json(res, j.dump(), 503);
                     }
                   });
  server.add_route(Method::kGet, "/metrics", Access::kRead,
                   [&server](const httplib::Request&, httplib::Response& res) {
                     res.set_content(server.metrics().render(), "text/plain; version=0.0.4");
                   });
}

}  // namespace chorus::server
