// Url: the parts of ws://, wss://, http:// and https:// URLs that the stream clients need.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"

namespace chorus::stream::net {

struct Url {
  std::string scheme;  // "ws", "wss", "http" or "https"
  std::string host;
  uint16_t port = 0;   // the scheme's default when the URL has none
  std::string target;  // path and query, at least "/"
  bool tls() const { return scheme == "wss" || scheme == "https"; }
};

Result<Url> parse_url(std::string_view url);
// Appends "name=value" to the target's query (value percent-encoded), replacing an existing
// parameter of that name.
void set_query_param(Url* url, std::string_view name, std::string_view value);

}  // namespace chorus::stream::net
