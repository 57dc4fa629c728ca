// Campaign detection: a synthetic coordinated burst from young accounts against organic
// chatter and an organic breaking-news cluster from established accounts.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "base/random.h"
#include "trust/scores/trust_scorer.h"

namespace chorus::trust {
namespace {

constexpr int64_t kStart = 1'720'000'000'000;
constexpr int64_t kDayMs = 86'400'000;
constexpr int64_t kMin = 60'000;

struct Timed {
  Post post;
  bool coordinated;
};

std::vector<std::string> vocabulary() {
  std::vector<std::string> v;
  const char* stems[] = {"match", "coffee", "train", "music", "movie", "rain", "work",  "lunch",
                         "game",  "phone",  "city",  "park",  "book",  "team", "sun",   "dog",
                         "cat",   "market", "road",  "song",  "night", "week", "price", "school"};
  const char* mods[] = {"great", "late", "new", "old", "big", "slow", "fun", "odd", "cold"};
  for (const char* s : stems)
    for (const char* m : mods) v.push_back(std::string(m) + " " + s);
  return v;
}

Account organic_account(int i, Rng& rng) {
  return Account{.id = "org" + std::to_string(i),
                 .handle = "user" + std::to_string(i),
                 .created_at_ms = kStart - (100 + static_cast<int64_t>(rng.below(3000))) * kDayMs,
                 .followers = 50 + static_cast<int64_t>(rng.below(5000)),
                 .following = 100 + static_cast<int64_t>(rng.below(700))};
}

// Members of a sockpuppet group: one handle stem, registered in bulk within two hours.
Account coordinated_account(int i, Rng& rng) {
  return Account{.id = "cg" + std::to_string(i),
                 .handle = "patriot" + std::to_string(1000 + 2 * i),
                 .created_at_ms = kStart - 3 * kDayMs + static_cast<int64_t>(rng.below(7'200'000)),
                 .followers = 5 + static_cast<int64_t>(rng.below(30)),
                 .following = 200 + static_cast<int64_t>(rng.below(600))};
}

Post campaign_post(const std::string& id, const Account& a, int64_t t, std::string text) {
  Post p;
  p.id = id;
  p.author = a;
  p.created_at_ms = t;
  p.text = std::move(text);
  p.lang = "en";
  return p;
}

// Two hours of chatter from 400 accounts, a breaking-news cluster written by 40 of them over
// 40 minutes, and two coordinated waves (25 young accounts, each wave within 90 seconds).
std::vector<Timed> make_stream(uint64_t seed) {
  Rng rng(seed);
  std::vector<Timed> out;
  std::vector<Account> org, cg;
  for (int i = 0; i < 400; ++i) org.push_back(organic_account(i, rng));
  for (int i = 0; i < 25; ++i) cg.push_back(coordinated_account(i, rng));
  const auto vocab = vocabulary();
  int id = 0;
  for (const Account& a : org) {
    for (int64_t t = kStart + static_cast<int64_t>(rng.exponential(20 * kMin));
         t < kStart + 120 * kMin; t += static_cast<int64_t>(rng.exponential(20 * kMin))) {
      std::string text;
      for (int w = 0; w < 6; ++w) text += vocab[rng.below(vocab.size())] + " ";
      out.push_back({campaign_post("p" + std::to_string(id++), a, t, text), false});
    }
  }
  const char* reports[] = {"Huge fire near the old harbour right now, {n} people hurt #HarbourFire",
                           ("Fire reported at the old harbour, {n} injured according to early "
                            "reports #HarbourFire"),
                           "BREAKING: fire at the old harbour. {n} injured so far #HarbourFire"};
  for (int i = 0; i < 40; ++i) {
    std::string text = reports[rng.below(3)];
    text.replace(text.find("{n}"), 3, std::to_string(3 + rng.below(12)));
    int64_t t = kStart + 20 * kMin + static_cast<int64_t>(rng.uniform() * 40 * kMin);
    out.push_back({campaign_post("p" + std::to_string(id++), org[i * 7], t, text), false});
  }
  const char* claims[] = {
      "Banks in Riverton freeze withdrawals tomorrow, take your cash out now "
      "#BankFreeze",
      "Take your cash out now, Riverton banks freezing withdrawals tomorrow "
      "#BankFreeze"};
  const char* prefix[] = {"", "URGENT:", "Share this!", "RT:"};
  const char* suffix[] = {"", "!!", "Spread the word.", "Wake up people."};
  for (int wave = 0; wave < 2; ++wave) {
    const int64_t w0 = kStart + (45 + 30 * wave) * kMin;
    for (int i = 0; i < 25; ++i) {
      std::string text =
          std::string(prefix[rng.below(4)]) + " " + claims[wave] + " " + suffix[rng.below(4)];
      int64_t t = w0 + static_cast<int64_t>(rng.uniform() * 90'000);
      out.push_back({campaign_post("p" + std::to_string(id++), cg[i], t, text), true});
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const Timed& a, const Timed& b) {
    return a.post.created_at_ms < b.post.created_at_ms;
  });
  return out;
}

TEST(CampaignTest, CoordinatedBurstIsFlaggedAndOrganicChatterIsNot) {
  TrustScorer scorer;
  std::vector<Timed> stream = make_stream(42);
  std::vector<PostTrust> at_ingest;
  for (const Timed& t : stream) at_ingest.push_back(scorer.assess(t.post));

  size_t coord_posts = 0, coord_flagged = 0, organic_posts = 0, organic_flagged = 0;
  for (size_t i = 0; i < stream.size(); ++i) {
    PostTrust now = scorer.refresh(at_ingest[i], stream[i].post.author.id);
    const bool flagged = now.flags & (kFlagCampaign | kFlagCoordinated);
    (stream[i].coordinated ? coord_posts : organic_posts)++;
    (stream[i].coordinated ? coord_flagged : organic_flagged) += flagged;
  }
  EXPECT_EQ(coord_posts, 50u);
  EXPECT_EQ(coord_flagged, coord_posts);
  EXPECT_EQ(organic_flagged, 0u) << "of " << organic_posts;

  // Per account: every coordinated account, no organic one.
  size_t cg_flagged = 0, org_flagged = 0;
  scorer.accounts().for_each([&](const std::string& key, const AccountState& s) {
    const bool flagged =
        scorer.campaigns().explain_account(s).value >= scorer.options().coordinated_threshold;
    (key.starts_with("cg") ? cg_flagged : org_flagged) += flagged;
  });
  EXPECT_EQ(cg_flagged, 25u);
  EXPECT_EQ(org_flagged, 0u);
}

TEST(CampaignTest, ScoreRisesAsTheClusterGrows) {
  TrustScorer scorer;
  Rng rng(9);
  std::vector<double> scores;
  for (int i = 0; i < 20; ++i) {
    Account a = coordinated_account(i, rng);
    PostTrust t = scorer.assess(
        campaign_post("c" + std::to_string(i), a, kStart + i * 3'000,
                      "Curfew in Riverton from tonight, 24 hours, stay home #RivertonCurfew " +
                          std::string(i % 2 ? "!!" : "")));
    if (i == 0) {
      EXPECT_EQ(t.duplicate_of, 0u);
    } else {
      EXPECT_NE(t.duplicate_of, 0u);
    }
    scores.push_back(t.campaign_score);
  }
  EXPECT_LT(scores[1], scores[4]);
  EXPECT_LT(scores[4], scores[9]);
  EXPECT_LT(scores[1], scorer.options().campaign_threshold);
  EXPECT_GT(scores[19], 0.8);
  ScoreExplanation e = scorer.campaigns().explain_cluster(1);
  EXPECT_NEAR(e.value, scores[19], 1e-12);
  EXPECT_EQ(scorer.campaigns().cluster_authors(1), 20u);
}

TEST(CampaignTest, RegistrationCohortIsCountedPerStemAndWindow) {
  AccountTracker tr;
  auto observe = [&](const std::string& id, const std::string& handle, int64_t created) {
    Account a{.id = id, .handle = handle, .created_at_ms = created};
    return tr.observe(campaign_post("p" + id, a, kStart, "x")).cohort;
  };
  EXPECT_EQ(observe("1", "truth_voice41", kStart - 10 * kDayMs), 1u);
  EXPECT_EQ(observe("2", "Truth_Voice43", kStart - 10 * kDayMs + 3'600'000), 2u);
  EXPECT_EQ(observe("3", "truth_voice47", kStart - 10 * kDayMs + 5 * 3'600'000), 3u);
  EXPECT_EQ(tr.find("1")->cohort, 3u);  // earlier members are recounted
  EXPECT_EQ(observe("4", "truth_voice50", kStart - 9 * kDayMs), 1u);  // a day later: alone
  EXPECT_EQ(observe("5", "other_name44", kStart - 10 * kDayMs), 1u);  // another stem
  EXPECT_EQ(observe("6", "77", kStart - 10 * kDayMs), 1u);            // no stem
  EXPECT_EQ(AccountTracker::handle_stem("Nile.Patriot_12"), "nile.patriot");
}

TEST(CampaignTest, OneAccountRepeatingItselfIsNotACampaign) {
  TrustScorer scorer;
  Account a{.id = "solo", .handle = "solo", .created_at_ms = kStart - 2 * kDayMs};
  PostTrust t;
  for (int i = 0; i < 30; ++i)
    t = scorer.assess(campaign_post("s" + std::to_string(i), a, kStart + i * 1000,
                                    "Buy cheap followers now at our shop, best prices"));
  EXPECT_LT(t.campaign_score, 0.1);
  EXPECT_TRUE(t.flags & kFlagDuplicate);
}

// A single-post cluster is held as its observation; its figures read as a one-author cluster,
// and a second post builds the cluster with the first author's figures from when it posted.
TEST(CampaignTest, SinglePostClustersReadAsOneAuthorClusters) {
  CampaignTracker tracker;
  AccountState first, second;
  first.cohort = 5;  // a full registration cohort when it posted
  const double single = tracker.observe(
      {.cluster = 9, .account_hash = 1, .account = &first, .suspicion = 0.8, .time_ms = kStart});
  EXPECT_EQ(tracker.clusters_held(), 0u);
  EXPECT_EQ(tracker.singles_held(), 1u);
  EXPECT_EQ(tracker.cluster_authors(9), 1u);
  EXPECT_EQ(tracker.cluster_score(9), single);
  ScoreExplanation e = tracker.explain_cluster(9);
  EXPECT_EQ(e.value, single);
  EXPECT_EQ(e.terms.front().input, 1);  // distinct_accounts
  first.cohort = 0;  // later changes to the account do not rewrite what it brought
  tracker.observe({.cluster = 9, .account_hash = 2, .account = &second, .time_ms = kStart + 1});
  EXPECT_EQ(tracker.clusters_held(), 1u);
  EXPECT_EQ(tracker.singles_held(), 0u);
  EXPECT_EQ(tracker.cluster_authors(9), 2u);
  e = tracker.explain_cluster(9);
  EXPECT_EQ(e.terms.back().input, 0.5);  // cohort_share: (1 + 0) / 2
  EXPECT_EQ(tracker.cluster_authors(0), 0u);
}

// Evicted clusters are recycled for later ones: each later cluster scores, post by post, as it
// does in a tracker that never held another (sizes below and above the kept buffer capacity).
TEST(CampaignTest, RecycledClustersScoreLikeFreshOnes) {
  const CampaignOptions options{.window_ms = 10 * kMin};
  CampaignTracker reused(options);
  const int sizes[] = {70, 20, 90, 5, 40};
  for (int r = 0; r < 5; ++r) {
    CampaignTracker fresh(options);
    std::vector<AccountState> mine(sizes[r]), theirs(sizes[r]);
    const int64_t start = kStart + r * 3'600'000;
    for (int i = 0; i < sizes[r]; ++i) {
      mine[i].cohort = theirs[i].cohort = static_cast<uint32_t>(i % 7);
      // Bursts of posts 10 s apart with 3-minute pauses, so the sync window fills and empties.
      const int64_t t = start + i * 10'000 + (i / 8) * 3 * kMin;
      CampaignObservation obs{.cluster = 100 + static_cast<uint64_t>(r),
                              .account_hash = 1000 * static_cast<uint64_t>(r) + i % 60,
                              .suspicion = (i % 3) / 2.0,
                              .similarity = 0.6 + (i % 4) / 10.0,
                              .time_ms = t};
      obs.account = &mine[i];
      const double a = reused.observe(obs);
      obs.account = &theirs[i];
      ASSERT_EQ(a, fresh.observe(obs)) << "round " << r << " post " << i;
    }
    EXPECT_EQ(reused.explain_cluster(100 + r).value, fresh.explain_cluster(100 + r).value);
    EXPECT_EQ(reused.clusters_held(), 1u);  // the earlier rounds' clusters were evicted
  }
}

}  // namespace
}  // namespace chorus::trust
