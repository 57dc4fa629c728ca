// The simulated population and stream have the shapes a real network has, within bands.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <vector>

#include "sim_test_util.h"
#include "stream/sim/simulator.h"

namespace chorus::sim {
namespace {

using testing::collect;
using testing::small_config;

constexpr int64_t kDayMs = 24LL * 3600 * 1000;

TEST(DistributionTest, VerifiedShareIsOneToTwoPercent) {
  SimConfig c = small_config(11);
  c.accounts = 20000;
  Simulator sim(c);
  size_t verified = 0;
  for (const auto& a : sim.accounts()) verified += a.account.verified;
  double share = static_cast<double>(verified) / static_cast<double>(sim.accounts().size());
  EXPECT_GE(share, 0.01);
  EXPECT_LE(share, 0.02);
}

TEST(DistributionTest, FollowersAreHeavyTailed) {
  SimConfig c = small_config(12);
  c.accounts = 20000;
  Simulator sim(c);
  std::vector<int64_t> f;
  for (const auto& a : sim.accounts()) f.push_back(a.account.followers);
  std::sort(f.begin(), f.end());
  const int64_t median = f[f.size() / 2];
  const int64_t max = f.back();
  double total = 0, top = 0;
  for (size_t i = 0; i < f.size(); ++i) {
    total += static_cast<double>(f[i]);
    if (i >= f.size() - f.size() / 100) top += static_cast<double>(f[i]);
  }
  EXPECT_GE(median, 20);
  EXPECT_LE(median, 300);
  EXPECT_GT(max, 1000 * median);
  EXPECT_GT(top / total, 0.5) << "top 1% should hold most followers";
  // Following is bounded and not heavy-tailed like followers.
  for (const auto& a : sim.accounts()) EXPECT_LE(a.account.following, 7500);
}

TEST(DistributionTest, AutomatedAccountsAreYoungAndRegular) {
  SimConfig c = small_config(13);
  c.duration_ms = 30 * 60 * 1000;
  Simulator sim(c);
  auto posts = collect(sim, 1000000);
  size_t automated_accounts = 0;
  for (const auto& a : sim.accounts()) {
    if (!a.automated) continue;
    ++automated_accounts;
    EXPECT_LE(sim.start_ms() - a.account.created_at_ms, 61 * kDayMs);
    EXPECT_FALSE(a.account.verified);
  }
  EXPECT_EQ(automated_accounts, 100u);  // 2% of 5000
  std::map<std::string, std::vector<int64_t>> times;
  size_t automated_posts = 0;
  for (const auto& s : posts)
    if (s.truth.author_automated) {
      times[s.post.author.id].push_back(s.post.created_at_ms);
      ++automated_posts;
    }
  double share = static_cast<double>(automated_posts) / static_cast<double>(posts.size());
  EXPECT_GT(share, 0.02);
  EXPECT_LT(share, 0.25);
  // Per account, the gaps between posts vary little (coefficient of variation < 0.15), unlike
  // organic Poisson posting (about 1).
  size_t checked = 0;
  for (const auto& [id, ts] : times) {
    if (ts.size() < 6) continue;
    double sum = 0, sq = 0;
    for (size_t i = 1; i < ts.size(); ++i) sum += static_cast<double>(ts[i] - ts[i - 1]);
    double mean = sum / static_cast<double>(ts.size() - 1);
    for (size_t i = 1; i < ts.size(); ++i) {
      double d = static_cast<double>(ts[i] - ts[i - 1]) - mean;
      sq += d * d;
    }
    EXPECT_LT(std::sqrt(sq / static_cast<double>(ts.size() - 1)) / mean, 0.15) << id;
    ++checked;
  }
  EXPECT_GT(checked, 20u);
}

TEST(DistributionTest, LanguageSharesAndArabicVariants) {
  Simulator sim(small_config(14));
  auto posts = collect(sim, 40000);
  std::map<std::string, double> share;
  for (const auto& s : posts) share[s.post.lang] += 1.0 / static_cast<double>(posts.size());
  EXPECT_EQ(share.size(), 3u);
  EXPECT_GT(share["en"], 0.40);
  EXPECT_LT(share["en"], 0.70);
  EXPECT_GT(share["ar"], 0.18);
  EXPECT_LT(share["ar"], 0.42);
  EXPECT_GT(share["fr"], 0.06);
  EXPECT_LT(share["fr"], 0.25);
  // Arabic posts use the variants people type: tatweel, Arabic-Indic digits, bare alef.
  size_t tatweel = 0, indic = 0, arabic = 0;
  for (const auto& s : posts) {
    if (s.post.lang != "ar" || s.post.text.empty()) continue;
    ++arabic;
    tatweel += s.post.text.find("\u0640") != std::string::npos;
    for (char32_t d = 0x660; d <= 0x669; ++d) {
      std::string digit = {static_cast<char>(0xD9), static_cast<char>(0xA0 + (d - 0x660))};
      if (s.post.text.find(digit) != std::string::npos) {
        ++indic;
        break;
      }
    }
  }
  EXPECT_GT(tatweel, arabic / 100);
  EXPECT_GT(indic, arabic / 100);
}

TEST(DistributionTest, EngagementFollowsReach) {
  Simulator sim(small_config(15));
  auto posts = collect(sim, 30000);
  double big = 0, small = 0;
  size_t n_big = 0, n_small = 0;
  for (const auto& s : posts) {
    if (s.post.text.empty()) continue;
    if (s.post.author.followers >= 10000) {
      big += static_cast<double>(s.post.metrics.views);
      ++n_big;
    } else if (s.post.author.followers < 100) {
      small += static_cast<double>(s.post.metrics.views);
      ++n_small;
    }
  }
  ASSERT_GT(n_big, 10u);
  ASSERT_GT(n_small, 100u);
  EXPECT_GT(big / static_cast<double>(n_big), 50 * small / static_cast<double>(n_small));
}

}  // namespace
}  // namespace chorus::sim
