// Credibility moves in the documented directions; the bot score separates a regular high-rate
// account from a human-like one.
#include <gtest/gtest.h>

#include <bit>
#include <functional>
#include <optional>
#include <string>

#include "base/random.h"
#include "trust/scores/account_scores.h"
#include "trust/scores/trust_scorer.h"

namespace chorus::trust {
namespace {

constexpr int64_t kNow = 1'720'000'000'000;
constexpr int64_t kDay = 86'400'000;

// A middling account: 200 days old, 800 followers, 300 following, 40 posts over a day at
// irregular intervals, nothing flagged.
AccountState base_state() {
  AccountState s;
  s.account.id = "a1";
  s.account.created_at_ms = kNow - 200 * kDay;
  s.account.followers = 800;
  s.account.following = 300;
  s.first_seen_ms = kNow - kDay;
  s.last_seen_ms = kNow;
  s.posts = 40;
  Rng rng(3);
  for (int i = 0; i < 39; ++i) s.intervals_s.add(rng.exponential(2200));
  return s;
}

double credibility_of(const AccountState& s) {
  return explain_credibility(account_signals(s, kNow, SignalShape{}), CredibilityWeights{}).value;
}

struct Direction {
  const char* name;
  std::function<void(AccountState&)> change;
  int sign;  // +1: credibility must rise, -1: fall
};

TEST(CredibilityTest, MonotonicInDocumentedDirections) {
  const std::vector<Direction> cases = {
      {"older", [](AccountState& s) { s.account.created_at_ms -= 300 * kDay; }, +1},
      {"more followers", [](AccountState& s) { s.account.followers *= 20; }, +1},
      {"verified", [](AccountState& s) { s.account.verified = true; }, +1},
      {"following many more", [](AccountState& s) { s.account.following = 20000; }, -1},
      {"higher rate", [](AccountState& s) { s.posts = 2000; }, -1},
      {"regular intervals",
       [](AccountState& s) {
         s.intervals_s = {};
         for (int i = 0; i < 39; ++i) s.intervals_s.add(2000 + (i % 2));
       },
       -1},
      {"duplicates", [](AccountState& s) { s.duplicate_posts = 30; }, -1},
      {"moderation hits", [](AccountState& s) { s.moderation_hits = 5; }, -1},
      {"helpful notes on its posts", [](AccountState& s) { s.noted_posts = 4; }, -1},
  };
  const double base = credibility_of(base_state());
  EXPECT_GT(base, 0.0);
  EXPECT_LT(base, 1.0);
  for (const Direction& d : cases) {
    AccountState s = base_state();
    d.change(s);
    const double c = credibility_of(s);
    if (d.sign > 0) {
      EXPECT_GT(c, base + 1e-3) << d.name;
    } else {
      EXPECT_LT(c, base - 1e-3) << d.name;
    }
  }
}

TEST(CredibilityTest, ExplanationTermsAddUp) {
  CredibilityWeights w;
  ScoreExplanation e = explain_credibility(account_signals(base_state(), kNow, {}), w);
  double z = w.bias;
  for (const ScoreTerm& t : e.terms) {
    EXPECT_GE(t.signal, 0.0) << t.name;
    EXPECT_LE(t.signal, 1.0) << t.name;
    z += t.weight * t.signal;
  }
  EXPECT_NEAR(e.value, logistic(z), 1e-12);
  EXPECT_NE(e.to_json().find("\"name\":\"followers\""), std::string::npos);
}

TEST(CredibilityTest, ZeroAndUnknownFiguresStayInRange) {
  AccountState s;  // nothing known
  double c = credibility_of(s);
  EXPECT_GT(c, 0.0);
  EXPECT_LT(c, 1.0);
  s.account.followers = -5;  // malformed input from a source
  s.account.following = -1;
  EXPECT_TRUE(std::isfinite(credibility_of(s)));
}

Post post_at(const std::string& id, const Account& a, int64_t t, const std::string& text) {
  Post p;
  p.id = id;
  p.author = a;
  p.created_at_ms = t;
  p.text = text;
  return p;
}

TEST(BotScoreTest, SeparatesRegularHighRateAccountFromHuman) {
  TrustScorer scorer;
  Account bot{.id = "bot",
              .handle = "newsfeed_bot",
              .created_at_ms = kNow - 20 * kDay,
              .followers = 40,
              .following = 900};
  Account human{.id = "hum",
                .handle = "alice",
                .created_at_ms = kNow - 900 * kDay,
                .followers = 300,
                .following = 250};
  Rng rng(11);
  PostTrust bot_t, human_t;
  int64_t tb = kNow, th = kNow;
  const char* words[] = {"coffee", "train", "late", "again", "weekend", "match", "rain", "city"};
  for (int i = 0; i < 200; ++i) {
    tb += 60'000 + static_cast<int64_t>(rng.below(2000));  // every minute, +- 1 s
    bot_t = scorer.assess(post_at(
        "b" + std::to_string(i), bot, tb,
        "Headline " + std::to_string(i) + " read more https://x.example/" + std::to_string(i)));
  }
  for (int i = 0; i < 25; ++i) {
    th += static_cast<int64_t>(rng.exponential(40 * 60'000.0)) + 1000;
    std::string text;
    for (int w = 0; w < 8; ++w) text += std::string(words[rng.below(8)]) + " ";
    human_t = scorer.assess(post_at("h" + std::to_string(i), human, th, text));
  }
  EXPECT_GT(bot_t.bot_score, 0.8);
  EXPECT_LT(human_t.bot_score, 0.2);
  EXPECT_TRUE(bot_t.flags & kFlagAutomated);
  EXPECT_FALSE(human_t.flags & kFlagAutomated);
  EXPECT_GT(human_t.credibility, bot_t.credibility);
}

TEST(AccountTrackerTest, IntervalsAndOutOfOrderPosts) {
  AccountTracker tr;
  Account a{.id = "x"};
  tr.observe(post_at("1", a, 10'000, "a"));
  tr.observe(post_at("2", a, 20'000, "b"));
  tr.observe(post_at("3", a, 40'000, "c"));
  tr.observe(post_at("4", a, 5'000, "late arrival"));
  const AccountState* s = tr.find("x");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->posts, 4u);
  EXPECT_EQ(s->intervals_s.n, 2u);
  EXPECT_DOUBLE_EQ(s->intervals_s.mean, 15.0);
  EXPECT_EQ(s->first_seen_ms, 5'000);
  EXPECT_EQ(s->last_seen_ms, 40'000);
  EXPECT_NEAR(s->intervals_s.coefficient_of_variation(), std::sqrt(50.0) / 15.0, 1e-12);
}

// Ids follow creation order and name the key back; a handle names the account that most
// recently took it, and an account moving to a new handle keeps the old one until another
// account takes it.
TEST(AccountTrackerTest, IdsAndHandlesLeadBackToTheKey) {
  AccountTracker tr;
  Account a{.id = "a1", .handle = "first"}, b{.id = "b1", .handle = "second"};
  tr.observe(post_at("1", a, 1'000, "x"));
  tr.observe(post_at("2", b, 2'000, "y"));
  tr.get_or_create("c1");  // created without a post (e.g. a moderation hit)
  EXPECT_EQ(tr.find("a1")->id, 0u);
  EXPECT_EQ(tr.find("b1")->id, 1u);
  EXPECT_EQ(tr.key_of_id(1), "b1");
  EXPECT_EQ(tr.key_of_id(2), "c1");
  ASSERT_NE(tr.key_for_handle("first"), nullptr);
  EXPECT_EQ(*tr.key_for_handle("first"), "a1");
  EXPECT_EQ(tr.key_for_handle("nobody"), nullptr);
  a.handle = "renamed";
  tr.observe(post_at("3", a, 3'000, "z"));
  EXPECT_EQ(*tr.key_for_handle("renamed"), "a1");
  EXPECT_EQ(*tr.key_for_handle("first"), "a1");
  b.handle = "first";
  tr.observe(post_at("4", b, 4'000, "w"));
  EXPECT_EQ(*tr.key_for_handle("first"), "b1");
  for (int i = 0; i < 5000; ++i) tr.get_or_create("k" + std::to_string(i));  // rehashes
  EXPECT_EQ(tr.key_of_id(0), "a1");
  EXPECT_EQ(*tr.key_for_handle("renamed"), "a1");
}

// assess() without reasons gives the same figures and flags (and no reason strings); with
// prepared sketches and hashes it matches computing them inline.
TEST(TrustScorerTest, ReasonsAndPreparedInputsDoNotChangeScores) {
  TrustScorer with, without;
  Account bot{.id = "bot", .handle = "feed_bot", .created_at_ms = kNow - 2 * kDay};
  Account human{.id = "hum", .handle = "alice", .created_at_ms = kNow - 900 * kDay};
  int64_t t = kNow;
  uint32_t flags_seen = 0;
  for (int i = 0; i < 300; ++i) {
    t += 60'000;
    const Post p = post_at(std::to_string(i), i % 3 ? bot : human, t,
                           i % 3 ? "same headline again read more" : "coffee " + std::to_string(i));
    const PostTrust a = with.assess(p);
    const std::optional<NearDupSketch> sk = without.sketch(p);
    const PostHashes h = PostHashes::of(p);
    const PostTrust b = without.assess(p, &sk, &h, /*reasons=*/false);
    ASSERT_EQ(a.flags, b.flags) << i;
    EXPECT_EQ(a.credibility, b.credibility);
    EXPECT_EQ(a.bot_score, b.bot_score);
    EXPECT_EQ(a.cluster, b.cluster);
    EXPECT_EQ(a.reasons.size(), static_cast<size_t>(std::popcount(a.flags)));
    EXPECT_TRUE(b.reasons.empty());
    flags_seen |= a.flags;
  }
  EXPECT_TRUE(flags_seen & kFlagDuplicate);
  EXPECT_TRUE(flags_seen & kFlagAutomated);
}

// Two keys with the same 64-bit hash (forced here; real collisions are rare) stay two accounts,
// each found again by its key, across the index growing.
TEST(AccountTrackerTest, KeysSharingAHashStayApart) {
  AccountTracker tr;
  AccountState& first = tr.get_or_create("first", 42);
  AccountState& second = tr.get_or_create("second", 42);
  EXPECT_NE(&first, &second);
  EXPECT_EQ(first.id, 0u);
  EXPECT_EQ(second.id, 1u);
  for (int i = 0; i < 5000; ++i) tr.get_or_create("k" + std::to_string(i));  // grows the index
  EXPECT_EQ(&tr.get_or_create("first", 42), &first);
  EXPECT_EQ(&tr.get_or_create("second", 42), &second);
  EXPECT_EQ(tr.size(), 5002u);
  EXPECT_EQ(tr.find("third"), nullptr);
  ASSERT_NE(tr.find("k4999"), nullptr);
  EXPECT_EQ(tr.find("k4999")->id, 5001u);
}

// for_each visits every account once, in id order, with its key; observe() with the key's
// hash computed elsewhere finds the same account as without it.
TEST(AccountTrackerTest, ForEachInIdOrderAndPreparedHashes) {
  AccountTracker tr;
  for (int i = 0; i < 3000; ++i) {
    Account a{.id = "acct" + std::to_string(i % 1000)};
    const Post p = post_at(std::to_string(i), a, 1'000 + i, "t");
    if (i % 2) {
      tr.observe(p);
    } else {
      tr.observe(p, AccountTracker::key_hash(a.id));
    }
  }
  uint32_t next = 0;
  tr.for_each([&](const std::string& key, const AccountState& s) {
    EXPECT_EQ(s.id, next);
    EXPECT_EQ(key, "acct" + std::to_string(next));
    EXPECT_EQ(s.posts, 3u) << key;
    ++next;
  });
  EXPECT_EQ(next, 1000u);
}

}  // namespace
}  // namespace chorus::trust
