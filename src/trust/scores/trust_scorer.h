// TrustScorer: the trust layer's per-post facade, run once per post at ingest in stream order.
//
// assess(post) updates the author's AccountState, clusters the text with the NearDupIndex
// (a repost joins the cluster of the post it reposts, as an amplification), feeds the cluster
// to the CampaignTracker and returns the post's PostTrust: author credibility and bot score
// (account_scores.h), the cluster's campaign score, the author's campaign score, flags and
// human-readable reasons. explain_*() return the same figures with every input and weight,
// for `chorus trust why`.
//
// Evidence policy: a post is kept out of an answer's evidence when it is flagged campaign or
// coordinated, or its credibility is below TrustOptions::evidence_min_credibility
// (excluded_from_evidence()).
// Thread-safety: none; one ingest thread owns a scorer. Memory: account states grow with the
// number of accounts; near-duplicate and campaign state is bounded by their time windows.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "post/post.h"
#include "text/analyzer.h"
#include "trust/scores/account_scores.h"
#include "trust/scores/account_state.h"
#include "trust/scores/campaign_tracker.h"
#include "trust/scores/near_dup_index.h"

namespace chorus::trust {

enum TrustFlag : uint32_t {
  kFlagLowCredibility = 1u << 0,  // credibility < low_credibility
  kFlagAutomated = 1u << 1,       // bot_score >= bot_threshold
  kFlagCampaign = 1u << 2,        // cluster campaign score >= campaign_threshold
  kFlagCoordinated = 1u << 3,     // author campaign score >= coordinated_threshold
  kFlagDuplicate = 1u << 4,       // near-duplicate of an earlier post
};
// "low_credibility", "automated", "campaign", "coordinated", "duplicate" for bit i.
std::string_view trust_flag_name(int bit);
inline constexpr int kTrustFlagCount = 5;

struct TrustOptions {
  SignalShape shape;
  CredibilityWeights credibility;
  BotWeights bot;
  NearDupOptions near_dup;
  CampaignOptions campaign;
  double low_credibility = 0.3;
  double bot_threshold = 0.5;
  double campaign_threshold = 0.5;
  double coordinated_threshold = 0.5;
  double evidence_min_credibility = 0.1;
};

struct PostTrust {
  double credibility = 1;            // of the author, in [0, 1]
  double bot_score = 0;              // of the author
  double campaign_score = 0;         // of the post's cluster
  double account_campaign = 0;       // of the author
  uint64_t cluster = 0;              // near-duplicate cluster (0: none)
  uint64_t duplicate_of = 0;         // the cluster when the post repeats an earlier one, else 0
  uint32_t account = 0;              // the author's AccountState::id (set by assess())
  uint32_t flags = 0;                // TrustFlag bits
  std::vector<std::string> reasons;  // one per flag set
};

struct TrustExplanation {
  std::string account_key;
  ScoreExplanation credibility, bot, campaign, account_campaign;
  uint64_t cluster = 0;
  uint32_t cluster_authors = 0;
  // {"account","credibility":{...},"bot":{...},"campaign":{...,"cluster","cluster_authors"},
  //  "account_campaign":{...}}
  std::string to_json() const;
  std::string to_text() const;
};

// The hashes assess() looks a post up by; computable off the ingest thread (of()).
struct PostHashes {
  uint64_t id = 0;         // hash64(post.id)
  uint64_t account = 0;    // AccountTracker::key_hash of the author's key
  uint64_t repost_of = 0;  // hash64(post.repost_of), 0 when not a repost
  static PostHashes of(const Post& post);
};

class TrustScorer {
 public:
  explicit TrustScorer(TrustOptions options = {});

  // The post's near-duplicate sketch (none for a repost, which joins the cluster of the post
  // it repeats, or for a text without words). Const and thread-safe: sketches may be computed
  // off the ingest thread and passed to assess().
  std::optional<NearDupSketch> sketch(const Post& post) const;
  // The same into *out, without copying the sketch.
  void sketch(const Post& post, std::optional<NearDupSketch>* out) const;
  // Scores the post and updates the state; `sketch` is sketch(post) and `hashes`
  // PostHashes::of(post) when the caller has them. With `reasons` false, PostTrust::reasons is
  // left empty (for callers that keep only figures and flags: set_flags() rebuilds them).
  PostTrust assess(const Post& post, const std::optional<NearDupSketch>* sketch = nullptr,
                   const PostHashes* hashes = nullptr, bool reasons = true);
  // What a post's stage-1 hint found, for its stage 2: the clusters its buckets named.
  struct PrefetchCarry {
    std::array<uint64_t, kMaxMinHashes> clusters;
    size_t n = 0;
  };
  // Cache hints for a later assess() of a post with these `hashes` and `sketch` (stages as in
  // NearDupIndex::prefetch); changes nothing. Stage 1 fills *carry and stage 2 reads it (the
  // same post's carry), so the buckets are probed once for the hints.
  void prefetch(const PostHashes& hashes, const std::optional<NearDupSketch>& sketch, int stage,
                PrefetchCarry* carry) const;
  // `at_ingest` with campaign figures and flags recomputed from the current state (clusters
  // and accounts keep growing after a post was assessed); figures of an evicted cluster stay.
  PostTrust refresh(const PostTrust& at_ingest, std::string_view account_key) const;
  bool excluded_from_evidence(const PostTrust& t) const;
  // Recomputes t->flags and (with `reasons`; else it is emptied) t->reasons from its figures and
  // the thresholds.
  void set_flags(PostTrust* t, bool reasons = true) const;

  // History that lowers credibility: a moderation hit on one of the account's posts, or a note
  // rated helpful (bridging_model.h) attached to one. Unknown accounts are created.
  void record_moderation_hit(std::string_view account_key);
  void record_helpful_note(std::string_view account_key);

  // The account's current figures; nullopt when it never posted. `cluster` picks the campaign
  // cluster to explain (0: none).
  std::optional<TrustExplanation> explain_account(std::string_view account_key,
                                                  uint64_t cluster = 0) const;
  // The account that most recently took `handle` (without '@'; AccountTracker::key_for_handle),
  // case-sensitive; "" when unknown.
  std::string account_key_for_handle(std::string_view handle) const;

  const AccountTracker& accounts() const { return accounts_; }
  const NearDupIndex& near_dup() const { return near_dup_; }
  const CampaignTracker& campaigns() const { return campaigns_; }
  const TrustOptions& options() const { return options_; }

 private:
  uint64_t cluster_post(const Post& post, const PostHashes& hashes,
                        const std::optional<NearDupSketch>& sketch, AccountState& account,
                        NearDupMatch* match);

  TrustOptions options_;
  text::Analyzer analyzer_;
  AccountTracker accounts_;
  NearDupIndex near_dup_;
  CampaignTracker campaigns_;
  int64_t now_ms_ = 0;
};

}  // namespace chorus::trust
