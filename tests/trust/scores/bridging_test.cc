// Bridging: a note rated helpful by one side of a polarized rater population must not become
// helpful; a note rated helpful across sides must.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "base/random.h"
#include "trust/notes/bridging_model.h"

namespace chorus::trust {
namespace {

enum class Kind { kBridging, kPartisanLeft, kPartisanRight, kBad };

struct Population {
  std::vector<Rating> ratings;
  std::vector<Kind> kinds;  // by note index; note ids are "n<index>"
};

Helpfulness draw(double p_helpful, Rng& rng) {
  double u = rng.uniform();
  if (u < p_helpful) return Helpfulness::kHelpful;
  if (u < p_helpful + 0.1) return Helpfulness::kSomewhatHelpful;
  return Helpfulness::kNotHelpful;
}

// 200 raters with viewpoint -1 or +1 (half each); notes of each kind; every note is rated by
// about 30 random raters. Raters find a partisan note helpful when it agrees with them.
Population polarized(uint64_t seed, int notes_per_kind) {
  Rng rng(seed);
  Population pop;
  const int raters = 200;
  for (int k = 0; k < 4; ++k)
    for (int i = 0; i < notes_per_kind; ++i) pop.kinds.push_back(static_cast<Kind>(k));
  for (size_t n = 0; n < pop.kinds.size(); ++n) {
    for (int r = 0; r < raters; ++r) {
      if (!rng.chance(30.0 / raters)) continue;
      const int view = r % 2 ? 1 : -1;
      double p = 0.05;
      switch (pop.kinds[n]) {
        case Kind::kBridging:
          p = 0.92;
          break;
        case Kind::kPartisanLeft:
          p = view < 0 ? 0.9 : 0.05;
          break;
        case Kind::kPartisanRight:
          p = view > 0 ? 0.9 : 0.05;
          break;
        case Kind::kBad:
          p = 0.05;
          break;
      }
      pop.ratings.push_back({"r" + std::to_string(r), "n" + std::to_string(n), draw(p, rng)});
    }
  }
  return pop;
}

TEST(BridgingTest, OneSidedHelpfulNotesDoNotBecomeHelpful) {
  for (uint64_t seed : {1, 2, 3}) {
    Population pop = polarized(seed, 15);
    BridgingModel model;
    Result<BridgingResult> r = model.fit(pop.ratings);
    ASSERT_TRUE(r.is_ok()) << r.status().to_string();
    int bad = 0, bad_not_helpful = 0;
    for (size_t n = 0; n < pop.kinds.size(); ++n) {
      const NoteScore* s = r->find("n" + std::to_string(n));
      ASSERT_NE(s, nullptr);
      if (s->ratings < model.options().min_ratings) {
        EXPECT_EQ(s->status, NoteStatus::kNeedsMoreRatings);
        continue;
      }
      switch (pop.kinds[n]) {
        case Kind::kBridging:
          EXPECT_EQ(s->status, NoteStatus::kHelpful)
              << "seed " << seed << " note " << n << " intercept " << s->intercept;
          break;
        case Kind::kPartisanLeft:
        case Kind::kPartisanRight:
          EXPECT_NE(s->status, NoteStatus::kHelpful)
              << "seed " << seed << " note " << n << " intercept " << s->intercept;
          EXPECT_GT(std::abs(s->factor), 0.3) << "a one-sided note loads on the viewpoint";
          break;
        case Kind::kBad:
          EXPECT_NE(s->status, NoteStatus::kHelpful) << "seed " << seed << " note " << n;
          bad_not_helpful += s->status == NoteStatus::kNotHelpful;
          ++bad;
          break;
      }
    }
    EXPECT_GE(bad_not_helpful, bad * 8 / 10) << "seed " << seed;
  }
}

TEST(BridgingTest, RaterFactorsRecoverTheViewpoints) {
  Population pop = polarized(4, 15);
  Result<BridgingResult> r = BridgingModel().fit(pop.ratings);
  ASSERT_TRUE(r.is_ok());
  // The factor's sign is arbitrary; raters of one viewpoint must share a sign.
  int agree = 0, total = 0;
  const double ref = r->raters.at("r1").factor;
  for (const auto& [id, s] : r->raters) {
    const int view = std::stoi(id.substr(1)) % 2 ? 1 : -1;
    agree += (s.factor * ref > 0) == (view == 1);
    ++total;
  }
  EXPECT_GE(agree, total * 95 / 100);
}

TEST(BridgingTest, FewRatingsNeedMore) {
  std::vector<Rating> ratings;
  for (int r = 0; r < 4; ++r)
    ratings.push_back({"r" + std::to_string(r), "lonely", Helpfulness::kHelpful});
  Result<BridgingResult> res = BridgingModel().fit(ratings);
  ASSERT_TRUE(res.is_ok());
  EXPECT_EQ(res->find("lonely")->status, NoteStatus::kNeedsMoreRatings);
}

TEST(BridgingTest, BadRatingsAreRejectedWithTheirIndex) {
  std::vector<Rating> ratings = {{"r1", "n1", Helpfulness::kHelpful}, {"", "n1"}};
  Result<BridgingResult> res = BridgingModel().fit(ratings);
  ASSERT_FALSE(res.is_ok());
  EXPECT_NE(res.status().message().find("rating 1"), std::string::npos);
  EXPECT_NE(res.status().message().find("rater_id"), std::string::npos);
}

TEST(BridgingTest, FitLowersTheObjectiveBelowTheStart) {
  Population pop = polarized(5, 10);
  BridgingOptions o;
  o.max_iterations = 1;
  Result<BridgingResult> one = BridgingModel(o).fit(pop.ratings);
  Result<BridgingResult> full = BridgingModel().fit(pop.ratings);
  ASSERT_TRUE(one.is_ok() && full.is_ok());
  EXPECT_LT(full->loss, one->loss);
  EXPECT_GT(full->iterations, 1);
}

}  // namespace
}  // namespace chorus::trust
