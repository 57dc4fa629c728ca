#include "server/ui/ui_assets.h"

#include <algorithm>

namespace chorus::server::ui {
namespace {

constexpr std::string_view kContentSecurityPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

// True when the If-None-Match list ("a", W/"b", or *) names `etag`.
bool etag_matches(std::string_view header, std::string_view etag) {
  while (!header.empty()) {
    const size_t comma = header.find(',');
    std::string_view item = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (item.starts_with("W/")) item.remove_prefix(2);
    if (item == "*" || item == etag) return true;
  }
  return false;
}

}  // namespace

const Asset* find_asset(std::string_view name) {
  const std::span<const Asset> all = assets();
  auto it = std::find_if(all.begin(), all.end(), [&](const Asset& a) { return a.name == name; });
  return it == all.end() ? nullptr : &*it;
}

AssetReply reply_for(std::string_view name, std::string_view if_none_match) {
  AssetReply r;
  const Asset* a = find_asset(name);
  if (a == nullptr) return r;
  r.content_type = a->content_type;
  r.headers = {{"ETag", std::string(a->etag)},
               {"Cache-Control", "no-cache"},
               {"Content-Security-Policy", std::string(kContentSecurityPolicy)},
               {"X-Content-Type-Options", "nosniff"},
               {"Referrer-Policy", "no-referrer"}};
  if (!if_none_match.empty() && etag_matches(if_none_match, a->etag)) {
    r.status = 304;
    return r;
  }
  r.status = 200;
  r.body = a->body;
  return r;
}

}  // namespace chorus::server::ui
