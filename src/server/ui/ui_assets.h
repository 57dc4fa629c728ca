// The web UI's static files (index.html, app.js, ...), embedded into the binary at build time by
// embed_assets.cmake, and how they are answered over HTTP. Nothing is read from disk or built at
// run time. UiModule (ui_module.cc) serves them at / and /ui/<name> through the server's
// RouteModule seam. All functions are pure and thread-safe.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace chorus::server::ui {

struct Asset {
  std::string_view name;          // file name under src/server/ui/, e.g. "app.js"
  std::string_view content_type;  // e.g. "text/javascript; charset=utf-8"
  std::string_view etag;          // quoted strong validator from the content's SHA-256
  std::string_view body;
};

// Every embedded asset, in file-name order (defined in the generated ui_assets_data.cc).
std::span<const Asset> assets();

// The asset called `name` ("index.html"), or null.
const Asset* find_asset(std::string_view name);

struct AssetReply {
  int status = 404;  // 200, 304 (If-None-Match matched) or 404
  std::string_view content_type;
  std::string_view body;  // empty for 304; the asset itself for 200
  std::vector<std::pair<std::string, std::string>> headers;
};

// The reply to GET /ui/<name> (or / for "index.html") carrying `if_none_match` (the request
// header, "" when absent). 200 and 304 replies carry ETag, Cache-Control: no-cache (clients
// revalidate, so a new binary's assets are picked up at once), a Content-Security-Policy that
// allows only this origin's scripts, styles and connections, and nosniff/referrer headers.
AssetReply reply_for(std::string_view name, std::string_view if_none_match);

}  // namespace chorus::server::ui
