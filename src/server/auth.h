// Auth: API keys (Authorization: Bearer KEY) and who may call what.
//
// Routes are public (health, metrics, OpenAI reads), read (the Chorus read API and model
// endpoints), or write/admin (POST /api/posts and anything that changes state).
//   - keys configured: write/admin need a valid key; with require_auth every route except
//     /healthz and /readyz needs one; a wrong key is always 401.
//   - no key configured: write/admin are accepted from loopback clients only (403 otherwise);
//     reads are open.
// The identity used for rate limiting is the key, or "ip:<address>" without one.
// Immutable after construction; thread-safe.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace chorus::server {

enum class Access { kPublic, kRead, kWrite };

struct AuthDecision {
  int http_status = 200;  // 200, 401 or 403
  std::string message;    // why, when refused
  std::string identity;   // rate-limit key
};

class Auth {
 public:
  Auth(std::vector<std::string> keys, bool require_all);

  bool has_keys() const { return !keys_.empty(); }
  // authorization: the raw header value ("" when absent); remote_addr: the peer address.
  AuthDecision check(Access access, std::string_view authorization,
                     std::string_view remote_addr) const;

  static bool is_loopback(std::string_view addr);

 private:
  std::set<std::string, std::less<>> keys_;
  bool require_all_;
};

}  // namespace chorus::server
