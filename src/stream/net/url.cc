#include "stream/net/url.h"

#include <charconv>

namespace chorus::stream::net {

Result<Url> parse_url(std::string_view s) {
  Url u;
  size_t sep = s.find("://");
  if (sep == std::string_view::npos)
    return invalid_argument("url: missing scheme in '" + std::string(s) + "'");
  u.scheme = std::string(s.substr(0, sep));
  uint16_t def = 0;
  if (u.scheme == "ws" || u.scheme == "http")
    def = 80;
  else if (u.scheme == "wss" || u.scheme == "https")
    def = 443;
  else
    return invalid_argument("url: unsupported scheme '" + u.scheme + "'");
  std::string_view rest = s.substr(sep + 3);
  size_t slash = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, slash);
  u.target = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  if (u.target[0] == '?') u.target.insert(0, "/");
  size_t colon = authority.rfind(':');
  if (colon != std::string_view::npos && authority.find(']') == std::string_view::npos) {
    std::string_view port = authority.substr(colon + 1);
    unsigned p = 0;
    auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), p);
    if (ec != std::errc() || ptr != port.data() + port.size() || p == 0 || p > 65535)
      return invalid_argument("url: bad port '" + std::string(port) + "'");
    u.port = static_cast<uint16_t>(p);
    authority = authority.substr(0, colon);
  } else {
    u.port = def;
  }
  if (authority.empty()) return invalid_argument("url: missing host");
  u.host = std::string(authority);
  return u;
}

void set_query_param(Url* url, std::string_view name, std::string_view value) {
  std::string encoded;
  for (unsigned char c : value) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      encoded.push_back(static_cast<char>(c));
    } else {
      static const char* kHex = "0123456789ABCDEF";
      encoded.push_back('%');
      encoded.push_back(kHex[c >> 4]);
      encoded.push_back(kHex[c & 15]);
    }
  }
  std::string& t = url->target;
  size_t q = t.find('?');
  std::string path = t.substr(0, q);
  std::string query = q == std::string::npos ? "" : t.substr(q + 1);
  std::string kept;
  size_t start = 0;
  while (start <= query.size() && !query.empty()) {
    size_t amp = query.find('&', start);
    std::string part = query.substr(start, amp == std::string::npos ? amp : amp - start);
    if (!part.empty() && part.compare(0, name.size() + 1, std::string(name) + "=") != 0)
      kept += (kept.empty() ? "" : "&") + part;
    if (amp == std::string::npos) break;
    start = amp + 1;
  }
  t = path + "?" + kept + (kept.empty() ? "" : "&") + std::string(name) + "=" + encoded;
}

}  // namespace chorus::stream::net
