// Account credibility and bot score: two logistic scores (score_explanation.h) over the same
// per-account signals, each signal a figure of AccountState mapped into [0, 1]:
//
//   age           log(1 + age_days) / log(1 + age_full_days); unknown creation time: 0.25
//   audience      log10(1 + followers) / log10(1 + audience_full_followers)
//   follow_ratio  log10((following + 1) / (followers + 1)) / 2   (following 100x followers: 1)
//   verified      1 when the network marks the account verified
//   rate          log2(posts_per_hour / rate_floor_per_hour) / 4 (16x the floor: 1)
//   regularity    (1 - cv of inter-post intervals) * n / (n + 3), n intervals (needs n >= 2)
//   duplicates    share of posts that were near-duplicates * posts / (posts + 2)
//   moderation    moderation hits / posts
//   notes         posts carrying a helpful note / posts
//
// Every signal is clamped to [0, 1]. The weights (and hence the monotone directions) are in
// CredibilityWeights and BotWeights; docs/trust-scores.md gives the defaults and the reasons.
#pragma once

#include <cstdint>

#include "trust/scores/account_state.h"
#include "trust/scores/score_explanation.h"

namespace chorus::trust {

// Where signals saturate.
struct SignalShape {
  double age_full_days = 365;
  double audience_full_followers = 100'000;
  double rate_floor_per_hour = 6;
  double unknown_age_signal = 0.25;
};

// Credibility rises with age, audience and verification; falls with a following-heavy shape,
// rate, regularity, duplicates, moderation hits and notes.
struct CredibilityWeights {
  double bias = -1.5;
  double age = 1.6;
  double audience = 1.6;
  double follow_ratio = -1.0;
  double verified = 2.0;
  double rate = -1.2;
  double regularity = -1.0;
  double duplicates = -1.5;
  double moderation = -2.5;
  double notes = -2.5;
};

// The bot score rises with rate, regularity and duplicates and for young, following-heavy
// accounts; verification lowers it.
struct BotWeights {
  double bias = -3.5;
  double rate = 1.5;
  double regularity = 4.5;
  double duplicates = 1.0;
  double age = -1.0;
  double follow_ratio = 1.0;
  double verified = -2.0;
};

struct AccountSignals {
  double age_days = -1, age = 0;
  double followers = 0, audience = 0;
  double following = 0, follow_ratio = 0;
  double verified = 0;
  double posts_per_hour = 0, rate = 0;
  double interval_cv = 0, regularity = 0;
  double duplicate_share = 0, duplicates = 0;
  double moderation_hits = 0, moderation = 0;
  double noted_posts = 0, notes = 0;
};

AccountSignals account_signals(const AccountState& s, int64_t now_ms, const SignalShape& shape);

ScoreExplanation explain_credibility(const AccountSignals& s, const CredibilityWeights& w);
ScoreExplanation explain_bot_score(const AccountSignals& s, const BotWeights& w);

}  // namespace chorus::trust
