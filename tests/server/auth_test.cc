#include "server/auth.h"

#include <gtest/gtest.h>

#include "server/rate_limiter.h"

namespace chorus::server {
namespace {

TEST(Auth, NoKeysMeansLoopbackOnlyWrites) {
  Auth a({}, false);
  EXPECT_EQ(a.check(Access::kWrite, "", "127.0.0.1").http_status, 200);
  EXPECT_EQ(a.check(Access::kWrite, "", "::1").http_status, 200);
  EXPECT_EQ(a.check(Access::kWrite, "", "10.1.2.3").http_status, 403);
  EXPECT_EQ(a.check(Access::kRead, "", "10.1.2.3").http_status, 200);
}

TEST(Auth, KeysGuardWritesAndOptionallyEverything) {
  Auth a({"k1", "k2"}, false);
  EXPECT_EQ(a.check(Access::kWrite, "", "127.0.0.1").http_status, 401);
  EXPECT_EQ(a.check(Access::kWrite, "Bearer nope", "127.0.0.1").http_status, 401);
  AuthDecision ok = a.check(Access::kWrite, "Bearer k2", "10.0.0.1");
  EXPECT_EQ(ok.http_status, 200);
  EXPECT_EQ(ok.identity, "key:k2");
  EXPECT_EQ(a.check(Access::kRead, "", "10.0.0.1").http_status, 200);
  EXPECT_EQ(a.check(Access::kRead, "Bearer bad", "10.0.0.1").http_status, 401);
  Auth all({"k1"}, true);
  EXPECT_EQ(all.check(Access::kRead, "", "127.0.0.1").http_status, 401);
  EXPECT_EQ(all.check(Access::kRead, "Bearer k1", "127.0.0.1").http_status, 200);
  EXPECT_EQ(all.check(Access::kPublic, "", "127.0.0.1").http_status, 200);
}

TEST(RateLimiter, TokenBucketRefillsAtTheRate) {
  RateLimiter r(2.0, 3.0);  // 2/s, burst 3
  const int64_t s = 1'000'000'000;
  for (int i = 0; i < 3; ++i) EXPECT_EQ(r.acquire("a", 0), 0) << i;
  double wait = r.acquire("a", 0);
  EXPECT_NEAR(wait, 0.5, 1e-9);
  EXPECT_EQ(r.acquire("b", 0), 0);      // buckets are per identity
  EXPECT_EQ(r.acquire("a", s / 2), 0);  // one token back after 0.5 s
  EXPECT_GT(r.acquire("a", s / 2), 0);
  EXPECT_EQ(RateLimiter(0, 1).acquire("x", 0), 0);  // disabled
}

}  // namespace
}  // namespace chorus::server
