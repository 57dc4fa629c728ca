#include "server/auth.h"

namespace chorus::server {

Auth::Auth(std::vector<std::string> keys, bool require_all)
    : keys_(keys.begin(), keys.end()), require_all_(require_all) {}

bool Auth::is_loopback(std::string_view addr) {
  return addr.starts_with("127.") || addr == "::1" || addr.starts_with("::ffff:127.");
}

AuthDecision Auth::check(Access access, std::string_view authorization,
                         std::string_view remote_addr) const {
  AuthDecision d;
  d.identity = "ip:" + std::string(remote_addr);
  std::string_view token;
  if (authorization.size() > 7 &&
      (authorization.substr(0, 7) == "Bearer " || authorization.substr(0, 7) == "bearer "))
    token = authorization.substr(7);
  if (access == Access::kPublic) return d;
  if (keys_.empty()) {
    if (access == Access::kWrite && !is_loopback(remote_addr)) {
      d.http_status = 403;
      d.message = "no API key is configured: write endpoints accept loopback clients only";
    }
    return d;
  }
  const bool needed = access == Access::kWrite || require_all_;
  if (token.empty()) {
    if (needed) {
      d.http_status = 401;
      d.message = "missing API key: send Authorization: Bearer <key>";
    }
    return d;
  }
  if (keys_.find(token) == keys_.end()) {
    d.http_status = 401;
    d.message = "invalid API key";
    return d;
  }
  d.identity = "key:" + std::string(token);
  return d;
}

}  // namespace chorus::server
