// Misinformation campaigns: coordinated accounts post near-duplicates of a false claim in tight
// waves, ordinary accounts amplify it, credible accounts contradict it later.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "sim_test_util.h"
#include "stream/sim/places.h"
#include "stream/sim/simulator.h"

namespace chorus::sim {
namespace {

using testing::collect;
using testing::Sample;
using testing::small_config;

std::set<std::string> words(const std::string& text) {
  std::set<std::string> out;
  std::istringstream in(text);
  std::string w;
  while (in >> w) out.insert(w);
  return out;
}

double jaccard(const std::string& a, const std::string& b) {
  auto x = words(a), y = words(b);
  size_t common = 0;
  for (const auto& w : x) common += y.count(w);
  size_t all = x.size() + y.size() - common;
  return all == 0 ? 0 : static_cast<double>(common) / static_cast<double>(all);
}

double mean_pair_similarity(const std::vector<const Post*>& posts) {
  double sum = 0;
  size_t n = 0;
  for (size_t i = 0; i + 1 < posts.size() && n < 2000; ++i)
    for (size_t j = i + 1; j < posts.size() && j < i + 20; ++j, ++n)
      sum += jaccard(posts[i]->text, posts[j]->text);
  return n ? sum / static_cast<double>(n) : 0;
}

class CampaignTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    SimConfig c = small_config(31);
    c.campaign_interval_ms = 10LL * 3600 * 1000;  // one campaign in the run
    c.duration_ms = 60 * 60 * 1000;
    sim_ = new Simulator(c);
    posts_ = new std::vector<Sample>(collect(*sim_, 10000000));
    for (const auto& a : sim_->accounts()) accounts_[a.account.id] = &a;
  }
  static void TearDownTestSuite() {
    delete posts_;
    delete sim_;
  }
  // Posts of role `r` about the first claim.
  static std::vector<const Sample*> with_role(Role r) {
    std::vector<const Sample*> out;
    for (const auto& s : *posts_)
      if (s.truth.role == r && s.truth.claim_id == "cl-0") out.push_back(&s);
    return out;
  }
  static Simulator* sim_;
  static std::vector<Sample>* posts_;
  static std::map<std::string, const SimAccount*> accounts_;
};
Simulator* CampaignTest::sim_ = nullptr;
std::vector<Sample>* CampaignTest::posts_ = nullptr;
std::map<std::string, const SimAccount*> CampaignTest::accounts_;

TEST_F(CampaignTest, CampaignPostsComeFromTheGroupInTightWaves) {
  ASSERT_GE(sim_->claims().size(), 1u);
  const SimClaim& claim = sim_->claims()[0];
  EXPECT_FALSE(claim.is_true);
  const CoordinationGroup& group = sim_->groups()[static_cast<size_t>(claim.group)];
  std::vector<int64_t> times;
  for (const Sample* s : with_role(Role::kCampaign)) {
    EXPECT_EQ(s->truth.claim_id, claim.id);
    EXPECT_FALSE(s->truth.claim_true);
    EXPECT_TRUE(s->truth.author_coordinated);
    EXPECT_EQ(s->truth.coordination_group, group.id);
    EXPECT_EQ(accounts_[s->post.author.id]->group, claim.group);
    times.push_back(s->post.created_at_ms);
  }
  ASSERT_GT(times.size(), 2 * group.members.size());
  // Waves: bursts at most two minutes long, separated by minutes of silence.
  std::vector<std::pair<int64_t, int64_t>> waves;
  for (int64_t t : times) {
    if (waves.empty() || t - waves.back().second > 150 * 1000)
      waves.push_back({t, t});
    else
      waves.back().second = t;
  }
  EXPECT_GE(waves.size(), 3u);
  EXPECT_LE(waves.size(), 5u);
  for (const auto& [first, last] : waves) EXPECT_LE(last - first, 120 * 1000);
  // Members were created within hours of each other and share a name stem.
  int64_t lo = INT64_MAX, hi = INT64_MIN;
  for (uint32_t m : group.members) {
    const Account& a = sim_->accounts()[m].account;
    lo = std::min(lo, a.created_at_ms);
    hi = std::max(hi, a.created_at_ms);
    EXPECT_EQ(a.handle.substr(0, 6),
              sim_->accounts()[group.members[0]].account.handle.substr(0, 6));
  }
  EXPECT_LE(hi - lo, 3 * 3600 * 1000);
}

TEST_F(CampaignTest, CampaignTextIsNearDuplicate) {
  const SimClaim& claim = sim_->claims()[0];
  std::vector<const Post*> campaign, organic;
  for (const auto& s : *posts_) {
    if (s.post.text.empty() || !s.post.reply_to.empty() || !s.post.quote_of.empty()) continue;
    if (s.truth.role == Role::kCampaign && s.truth.claim_id == claim.id)
      campaign.push_back(&s.post);
    if (s.truth.role == Role::kOrganic && s.post.lang == lang_code(claim.lang) &&
        organic.size() < 500)
      organic.push_back(&s.post);
  }
  ASSERT_GT(campaign.size(), 20u);
  const double dup = mean_pair_similarity(campaign);
  const double base = mean_pair_similarity(organic);
  EXPECT_GT(dup, 0.35);
  EXPECT_LT(base, 0.15);
  for (const Post* p : campaign) {
    if (p->lang == "ar") continue;  // Arabic hashtags carry the writer's spelling variants
    EXPECT_NE(std::find(p->hashtags.begin(), p->hashtags.end(), claim.hashtag), p->hashtags.end())
        << p->text;
  }
}

TEST_F(CampaignTest, OrdinaryAccountsAmplify) {
  auto amp = with_role(Role::kAmplification);
  ASSERT_GT(amp.size(), 5u);
  size_t ordinary = 0;
  for (const Sample* s : amp) {
    ordinary += !s->truth.author_coordinated;
    EXPECT_EQ(s->truth.claim_id, sim_->claims()[0].id);
    EXPECT_TRUE(!s->post.repost_of.empty() || !s->post.text.empty());
  }
  EXPECT_GT(ordinary, amp.size() * 8 / 10);
}

TEST_F(CampaignTest, CredibleAccountsContradictLater) {
  const SimClaim& claim = sim_->claims()[0];
  int64_t first_campaign = INT64_MAX;
  for (const Sample* s : with_role(Role::kCampaign))
    first_campaign = std::min(first_campaign, s->post.created_at_ms);
  auto contra = with_role(Role::kContradiction);
  ASSERT_GE(contra.size(), 4u);
  for (const Sample* s : contra) {
    const SimAccount* a = accounts_[s->post.author.id];
    EXPECT_TRUE(a->credible);
    EXPECT_TRUE(a->account.verified || a->account.followers >= 20000) << a->account.handle;
    EXPECT_FALSE(a->automated || a->group >= 0);
    EXPECT_EQ(s->truth.claim_id, claim.id);
    EXPECT_FALSE(s->truth.claim_true);
    EXPECT_GE(s->post.created_at_ms, claim.contradiction_start_ms);
    EXPECT_GT(s->post.created_at_ms, first_campaign + 5 * 60 * 1000);
    if (s->post.lang != "ar") {
      std::string tag = claim_hashtag(claim.kind, claim.place, lang_index(s->post.lang));
      EXPECT_NE(std::find(s->post.hashtags.begin(), s->post.hashtags.end(), tag),
                s->post.hashtags.end())
          << s->post.text;
    }
  }
}

}  // namespace
}  // namespace chorus::sim
