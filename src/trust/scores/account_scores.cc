#include "trust/scores/account_scores.h"

#include <cmath>

namespace chorus::trust {

AccountSignals account_signals(const AccountState& st, int64_t now_ms, const SignalShape& shape) {
  AccountSignals s;
  s.age_days = st.age_days(now_ms);
  s.age = s.age_days < 0 ? shape.unknown_age_signal
                         : clamp01(std::log1p(s.age_days) / std::log1p(shape.age_full_days));
  s.followers = static_cast<double>(std::max<int64_t>(st.account.followers, 0));
  s.following = static_cast<double>(std::max<int64_t>(st.account.following, 0));
  s.audience = clamp01(std::log10(1 + s.followers) / std::log10(1 + shape.audience_full_followers));
  s.follow_ratio = clamp01(std::log10((s.following + 1) / (s.followers + 1)) / 2);
  s.verified = st.account.verified ? 1.0 : 0.0;
  s.posts_per_hour = st.rate_per_hour();
  s.rate = s.posts_per_hour > 0
               ? clamp01(std::log2(s.posts_per_hour / shape.rate_floor_per_hour) / 4)
               : 0.0;
  const double n = static_cast<double>(st.intervals_s.n);
  s.interval_cv = st.intervals_s.coefficient_of_variation();
  s.regularity = st.intervals_s.n >= 2 ? clamp01(1 - s.interval_cv) * n / (n + 3) : 0.0;
  const double posts = static_cast<double>(st.posts);
  s.duplicate_share = st.duplicate_share();
  s.duplicates = clamp01(s.duplicate_share * posts / (posts + 2));
  s.moderation_hits = static_cast<double>(st.moderation_hits);
  s.moderation = clamp01(s.moderation_hits / std::max(posts, 1.0));
  s.noted_posts = static_cast<double>(st.noted_posts);
  s.notes = clamp01(s.noted_posts / std::max(posts, 1.0));
  return s;
}

ScoreExplanation explain_credibility(const AccountSignals& s, const CredibilityWeights& w) {
  ScoreExplanation e{.score = "credibility", .bias = w.bias};
  e.add("age_days", s.age_days, s.age, w.age);
  e.add("followers", s.followers, s.audience, w.audience);
  e.add("following", s.following, s.follow_ratio, w.follow_ratio);
  e.add("verified", s.verified, s.verified, w.verified);
  e.add("posts_per_hour", s.posts_per_hour, s.rate, w.rate);
  e.add("interval_cv", s.interval_cv, s.regularity, w.regularity);
  e.add("duplicate_share", s.duplicate_share, s.duplicates, w.duplicates);
  e.add("moderation_hits", s.moderation_hits, s.moderation, w.moderation);
  e.add("noted_posts", s.noted_posts, s.notes, w.notes);
  e.finish();
  return e;
}

ScoreExplanation explain_bot_score(const AccountSignals& s, const BotWeights& w) {
  ScoreExplanation e{.score = "bot", .bias = w.bias};
  e.add("posts_per_hour", s.posts_per_hour, s.rate, w.rate);
  e.add("interval_cv", s.interval_cv, s.regularity, w.regularity);
  e.add("duplicate_share", s.duplicate_share, s.duplicates, w.duplicates);
  e.add("age_days", s.age_days, s.age, w.age);
  e.add("following", s.following, s.follow_ratio, w.follow_ratio);
  e.add("verified", s.verified, s.verified, w.verified);
  e.finish();
  return e;
}

}  // namespace chorus::trust
