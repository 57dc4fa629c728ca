// UiModule: serves the embedded web UI (ui_assets.h) at GET / (index.html) and GET /ui/<name>,
// registered through the server's RouteModule seam. The routes are public: the files hold no
// data, and the page asks for an API key when the API answers 401.
#include <httplib.h>

#include "server/http_util.h"
#include "server/route_module.h"
#include "server/server.h"
#include "server/ui/ui_assets.h"

namespace chorus::server::ui {
namespace {

void send_asset(std::string_view name, const httplib::Request& req, httplib::Response& res) {
  AssetReply r = reply_for(name, req.get_header_value("If-None-Match"));
  if (r.status == 404) {
    return send_error(res, 404, "no UI file named '" + std::string(name) + "'", "path",
                      "not_found");
  }
  for (auto& [key, value] : r.headers) res.set_header(key, value);
  res.status = r.status;
  if (r.status == 200) res.set_content(r.body.data(), r.body.size(), std::string(r.content_type));
}

class UiModule : public RouteModule {
 public:
  std::string name() const override { return "ui"; }

  Status install(Server& server) override {
    if (find_asset("index.html") == nullptr)
      return internal_error("ui: index.html is not embedded");
    server.add_route(Method::kGet, "/", Access::kPublic,
                     [](const httplib::Request& req, httplib::Response& res) {
                       send_asset("index.html", req, res);
                     });
    server.add_route(Method::kGet, "/ui/([A-Za-z0-9_.-]+)", Access::kPublic,
                     [](const httplib::Request& req, httplib::Response& res) {
                       send_asset(req.matches[1].str(), req, res);
                     });
    return Status::ok();
  }
};

CHORUS_ROUTE_MODULE(UiModule);

}  // namespace
}  // namespace chorus::server::ui
