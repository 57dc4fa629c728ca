#include "stream/sim/rate_pacer.h"

#include <gtest/gtest.h>

namespace chorus::sim {
namespace {

// A monotonic clock that moves only when slept on or advanced.
class FakeClockEnv : public EnvWrapper {
 public:
  FakeClockEnv() : EnvWrapper(Env::posix()) {}
  int64_t monotonic_ns() override { return now_ns; }
  void sleep_ms(int64_t ms) override {
    now_ns += ms * 1000000;
    slept_ms += ms;
  }
  int64_t now_ns = 5'000'000'000;
  int64_t slept_ms = 0;
};

TEST(RatePacerTest, PostsAreDueAtOneOverRate) {
  FakeClockEnv env;
  RatePacer pacer(&env, 50);
  pacer.start();
  EXPECT_EQ(pacer.ns_until(0), 0);
  EXPECT_EQ(pacer.ns_until(1), 20'000'000);
  EXPECT_EQ(pacer.ns_until(50), 1'000'000'000);
  env.now_ns += 30'000'000;
  EXPECT_EQ(pacer.ns_until(1), -10'000'000);
}

TEST(RatePacerTest, WaitingKeepsTheRate) {
  FakeClockEnv env;
  RatePacer pacer(&env, 50);
  pacer.start();
  const int64_t t0 = env.now_ns;
  for (uint64_t n = 0; n <= 100; ++n) pacer.wait_for(n);
  EXPECT_EQ(env.now_ns - t0, 2'000'000'000);  // 100 gaps of 20 ms
  EXPECT_EQ(env.slept_ms, 2000);
}

TEST(RatePacerTest, CatchesUpWithoutWaitingWhenBehind) {
  FakeClockEnv env;
  RatePacer pacer(&env, 1000);
  pacer.start();
  env.now_ns += 500'000'000;  // the writer stalled for half a second
  for (uint64_t n = 0; n < 500; ++n) pacer.wait_for(n);
  EXPECT_EQ(env.slept_ms, 0);
  pacer.wait_for(510);
  EXPECT_EQ(env.slept_ms, 10);
}

TEST(RatePacerTest, SubMillisecondGapsSleepAtLeastOneMillisecond) {
  FakeClockEnv env;
  RatePacer pacer(&env, 4000);  // 0.25 ms per post
  pacer.start();
  pacer.wait_for(1);
  EXPECT_EQ(env.slept_ms, 1);
  EXPECT_LE(pacer.ns_until(4), 0);
}

}  // namespace
}  // namespace chorus::sim
