#include "model/runtime/sampler.h"

#include <gtest/gtest.h>

#include <map>
#include <vector>

namespace chorus::model {
namespace {

SamplerParams plain(float temp, uint64_t seed = 7) {
  SamplerParams p;
  p.temperature = temp;
  p.top_k = 0;
  p.top_p = 1.0f;
  p.min_p = 0.0f;
  p.seed = seed;
  return p;
}

std::map<int32_t, int> histogram(Sampler& s, const std::vector<float>& logits, int n) {
  std::map<int32_t, int> h;
  for (int i = 0; i < n; ++i) ++h[s.sample(logits)];
  return h;
}

TEST(SamplerTest, GreedyPicksArgmaxLowestIdOnTies) {
  Sampler s(plain(0.0f));
  EXPECT_EQ(s.sample(std::vector<float>{0.1f, 3.0f, -1.0f, 3.0f}), 1);
  EXPECT_EQ(s.sample(std::vector<float>{5.0f}), 0);
}

TEST(SamplerTest, SameSeedSameSequenceDifferentSeedDiffers) {
  const std::vector<float> logits = {1.0f, 1.1f, 0.9f, 1.2f, 0.8f, 1.0f};
  Sampler a(plain(1.0f, 42)), b(plain(1.0f, 42)), c(plain(1.0f, 43));
  std::vector<int32_t> sa, sb, sc;
  for (int i = 0; i < 64; ++i) {
    sa.push_back(a.sample(logits));
    sb.push_back(b.sample(logits));
    sc.push_back(c.sample(logits));
  }
  EXPECT_EQ(sa, sb);
  EXPECT_NE(sa, sc);
  a.reset();
  EXPECT_EQ(a.sample(logits), sa[0]);
}

TEST(SamplerTest, TemperatureOneFollowsSoftmax) {
  // p = softmax([0, ln 3]) = [0.25, 0.75]
  Sampler s(plain(1.0f));
  auto h = histogram(s, {0.0f, std::log(3.0f)}, 20000);
  EXPECT_NEAR(h[1] / 20000.0, 0.75, 0.02);
}

TEST(SamplerTest, LowTemperatureSharpens) {
  Sampler s(plain(0.1f));
  auto h = histogram(s, {0.0f, 1.0f}, 2000);
  EXPECT_GT(h[1], 1990);  // p(0) = 1 / (1 + e^10) ~ 4.5e-5
}

TEST(SamplerTest, TopKKeepsOnlyKBest) {
  SamplerParams p = plain(5.0f);
  p.top_k = 2;
  Sampler s(p);
  auto h = histogram(s, {1.0f, 4.0f, 3.0f, 2.0f}, 2000);
  EXPECT_EQ(h.count(0) + h.count(3), 0u);
  EXPECT_GT(h[1], 0);
  EXPECT_GT(h[2], 0);
}

TEST(SamplerTest, TopPCutsTheTail) {
  // probs 0.6, 0.3, 0.1: top_p 0.8 keeps the first two (0.6 < 0.8 <= 0.9).
  SamplerParams p = plain(1.0f);
  p.top_p = 0.8f;
  Sampler s(p);
  auto h = histogram(s, {std::log(0.6f), std::log(0.3f), std::log(0.1f)}, 5000);
  EXPECT_EQ(h.count(2), 0u);
  EXPECT_NEAR(h[0] / 5000.0, 2.0 / 3.0, 0.03);
}

TEST(SamplerTest, MinPDropsTokensBelowFractionOfBest) {
  SamplerParams p = plain(1.0f);
  p.min_p = 0.2f;  // keep p >= 0.2 * 0.5 = 0.1
  Sampler s(p);
  auto h = histogram(s, {std::log(0.5f), std::log(0.3f), std::log(0.15f), std::log(0.05f)}, 5000);
  EXPECT_EQ(h.count(3), 0u);
  EXPECT_GT(h[2], 0);
}

TEST(SamplerTest, RepeatPenaltyDividesPositiveAndMultipliesNegative) {
  SamplerParams p = plain(0.0f);
  p.repeat_penalty = 2.0f;
  Sampler s(p);
  s.accept(0);
  // token 0: 3 -> 1.5 < 2 (token 1)
  EXPECT_EQ(s.sample(std::vector<float>{3.0f, 2.0f}), 1);
  Sampler n(p);
  n.accept(1);
  // token 1: -1 -> -2 < -1.5
  EXPECT_EQ(n.sample(std::vector<float>{-1.5f, -1.0f}), 0);
}

TEST(SamplerTest, FrequencyAndPresencePenalties) {
  SamplerParams p = plain(0.0f);
  p.frequency_penalty = 0.5f;
  Sampler s(p);
  s.accept(0);
  s.accept(0);  // 2.0 - 2 * 0.5 = 1.0 < 1.2
  EXPECT_EQ(s.sample(std::vector<float>{2.0f, 1.2f}), 1);
  SamplerParams q = plain(0.0f);
  q.presence_penalty = 0.5f;
  Sampler t(q);
  t.accept(0);
  t.accept(0);  // 2.0 - 0.5 = 1.5 > 1.2
  EXPECT_EQ(t.sample(std::vector<float>{2.0f, 1.2f}), 0);
}

TEST(SamplerTest, PenaltyWindowForgetsOldTokens) {
  SamplerParams p = plain(0.0f);
  p.repeat_penalty = 10.0f;
  p.penalty_last_n = 2;
  Sampler s(p);
  s.accept(0);
  s.accept(2);
  s.accept(2);  // 0 left the window
  EXPECT_EQ(s.sample(std::vector<float>{2.0f, 1.0f, 0.0f}), 0);
}

TEST(SamplerTest, ValidateNamesTheField) {
  SamplerParams p;
  p.top_p = 0.0f;
  Status st = p.validate();
  EXPECT_FALSE(st.is_ok());
  EXPECT_NE(st.message().find("top_p"), std::string::npos);
  p = SamplerParams{};
  p.temperature = -1.0f;
  EXPECT_NE(p.validate().message().find("temperature"), std::string::npos);
  EXPECT_TRUE(SamplerParams{}.validate().is_ok());
}

}  // namespace
}  // namespace chorus::model
