// AccountState and AccountTracker: what the trust layer remembers about each account, updated
// online as its posts are ingested (one observe() per post, in stream order).
//
// Units: times are epoch milliseconds; intervals are seconds; rates are posts per hour.
// Thread-safety: none; one ingest thread owns the tracker.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "post/post.h"

namespace chorus::trust {

// Mean and variance of a series, updated one value at a time (Welford).
struct RunningStats {
  uint64_t n = 0;
  double mean = 0;
  double m2 = 0;  // sum of squared deviations from the mean

  void add(double x);
  double variance() const { return n > 1 ? m2 / static_cast<double>(n - 1) : 0.0; }
  // Standard deviation over mean; 0 when fewer than two values or a zero mean.
  double coefficient_of_variation() const;
};

struct AccountState {
  Account account;  // the latest profile seen
  uint32_t id = 0;  // creation order in its tracker (AccountTracker::key_of_id)
  int64_t first_seen_ms = 0;
  int64_t last_seen_ms = 0;
  uint64_t posts = 0;
  uint64_t duplicate_posts = 0;  // posts that were near-duplicates of an earlier post
  RunningStats intervals_s;      // gaps between consecutive posts, seconds
  uint64_t moderation_hits = 0;  // posts removed or flagged by moderation
  uint64_t noted_posts = 0;      // posts that carry a note rated helpful
  // Campaign participation, maintained by the CampaignTracker.
  double campaign_max = 0;         // max score of campaign clusters this account joined
  double campaign_sum = 0;         // sum of those scores (mean = sum / clusters)
  uint32_t campaign_clusters = 0;  // clusters joined with >= 2 other accounts
  uint32_t repeat_partners = 0;    // distinct accounts met in two or more such clusters
  // Registration cohort: accounts seen so far (this one included) whose handles share this
  // one's stem and whose creation times are within the cohort window of this one's (see
  // AccountTracker). 1 when alone or when the creation time or the stem is unknown.
  uint32_t cohort = 1;
  bool cohort_indexed = false;  // the tracker has placed it in its stem's cohort list

  // Posts per hour over the observed span, the span taken as at least `min_span_ms`.
  double rate_per_hour(int64_t min_span_ms = 30 * 60 * 1000) const;
  double duplicate_share() const {
    return posts ? static_cast<double>(duplicate_posts) / static_cast<double>(posts) : 0.0;
  }
  // Account age at `now_ms` in days; negative when the creation time is unknown.
  double age_days(int64_t now_ms) const;
};

// Hashes std::string and std::string_view alike, so maps keyed by string accept views.
struct StringViewHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

// Registration cohorts: accounts created in bulk for coordination tend to share a handle stem
// ("truth_voice41", "truth_voice43") and to be created within hours of each other. The stem of a
// handle is the handle without trailing digits and separators ('_', '.', '-'), lowercased; stems
// shorter than 3 bytes are not grouped.
struct CohortOptions {
  int64_t window_ms = 6 * 3'600'000LL;  // creation times within +- this of each other
};

// Accounts are found by hash64 of their key (key_hash(), which callers may compute on another
// thread) in a flat table of ids, the key compared to rule out a collision; the rare key whose
// hash another key already holds is found in a string map instead.
class AccountTracker {
 public:
  explicit AccountTracker(CohortOptions cohort = {}) : cohort_options_(cohort) {}

  // Records a post by post.author at post.created_at_ms (the profile is refreshed). Posts
  // arriving out of order do not produce negative intervals: they are counted, not timed.
  // `key_hash` is key_hash(key_of(post.author)).
  AccountState& observe(const Post& post, uint64_t key_hash);
  AccountState& observe(const Post& post) { return observe(post, key_hash(key_of(post.author))); }
  AccountState* find(std::string_view account_key);
  const AccountState* find(std::string_view account_key) const;
  AccountState& get_or_create(std::string_view account_key) {
    return get_or_create(account_key, key_hash(account_key));
  }
  AccountState& get_or_create(std::string_view account_key, uint64_t key_hash);
  // Cache hints for a later lookup of `key_hash`: stage 0 its index slot, stage 1 the state and
  // key that slot names. Changes nothing.
  void prefetch(uint64_t key_hash, int stage) const;
  size_t size() const { return states_.size(); }
  // The key of the account with AccountState::id `id` (< size()).
  std::string_view key_of_id(uint32_t id) const { return keys_[id]; }
  // The key of the account that most recently took `handle` (without '@'): posted under it
  // first or after another handle. nullptr when no account did.
  const std::string* key_for_handle(std::string_view handle) const;

  // fn(key, state) for every account, in id order.
  template <typename Fn>
  void for_each(Fn&& fn) const {
    for (size_t i = 0; i < states_.size(); ++i) fn(keys_[i], states_[i]);
  }

  static std::string handle_stem(std::string_view handle);

  // The key an account is tracked under: its id, or its handle when the id is empty.
  static std::string_view key_of(const Account& a) { return a.id.empty() ? a.handle : a.id; }
  static uint64_t key_hash(std::string_view account_key);

 private:
  // The id of `key` (hash `h`), or -1.
  int64_t find_id(std::string_view key, uint64_t h) const;
  // The slot of index_ holding hash `h`, else the empty slot where it would go.
  size_t free_slot(uint64_t h) const;
  size_t home(uint64_t h) const { return (h * 0x9e3779b97f4a7c15ull >> 20) & (index_.size() - 1); }
  void join_cohort(AccountState* s);

  CohortOptions cohort_options_;
  std::deque<AccountState> states_;  // by id; elements do not move
  std::deque<std::string> keys_;     // by id; elements do not move
  // key hash -> id of the first account with that hash: open addressing, linear probing, load
  // <= 1/2, slot {hash, id + 1} (id + 1 == 0: empty).
  std::vector<std::pair<uint64_t, uint32_t>> index_;
  // Accounts whose key hash an earlier account's key already took.
  std::unordered_map<std::string, uint32_t, StringViewHash, std::equal_to<>> collided_;
  // handle -> key of the account that most recently took it (see key_for_handle()).
  std::unordered_map<std::string, const std::string*, StringViewHash, std::equal_to<>> handles_;
  // stem -> accounts with that stem and a known creation time, sorted by creation time.
  std::unordered_map<std::string, std::vector<AccountState*>> stems_;
};

}  // namespace chorus::trust
