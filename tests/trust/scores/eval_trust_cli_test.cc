// `chorus eval trust` runs on a small simulated stream (seed 2, 60k posts: one campaign) and
// meets the coordinated-account targets; the JSON carries every documented key.
#include <gtest/gtest.h>

#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

namespace {

std::string run(const std::string& cmd) {
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) return out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  pclose(p);
  return out;
}

TEST(EvalTrustCliTest, MeetsTheCoordinatedAccountTargets) {
  const std::string out =
      run(std::string(CHORUS_BIN) + " eval trust --seed 2 --posts 60000 --json");
  auto j = nlohmann::json::parse(out, nullptr, /*allow_exceptions=*/false);
  ASSERT_FALSE(j.is_discarded()) << out;
  for (const char* key : {"coordinated_account_precision", "coordinated_account_recall",
                          "campaign_precision", "campaign_recall", "automated_precision",
                          "automated_recall", "false_claims_excluded_share"}) {
    ASSERT_TRUE(j.contains(key)) << key;
    EXPECT_GE(j[key].get<double>(), 0.0) << key;
    EXPECT_LE(j[key].get<double>(), 1.0) << key;
  }
  EXPECT_EQ(j["posts"].get<int>(), 60000);
  EXPECT_GE(j["coordinated_account_precision"].get<double>(), 0.9);
  EXPECT_GE(j["coordinated_account_recall"].get<double>(), 0.9);
  EXPECT_GE(j["automated_precision"].get<double>(), 0.9);
  EXPECT_GE(j["campaign_precision"].get<double>(), 0.8);
  EXPECT_GT(j["campaign_posts"].get<int>(), 0) << "the stream must contain a campaign";
}

TEST(EvalTrustCliTest, RejectsZeroPosts) {
  const std::string out = run(std::string(CHORUS_BIN) + " eval trust --posts 0 2>&1");
  EXPECT_NE(out.find("--posts"), std::string::npos) << out;
}

}  // namespace
