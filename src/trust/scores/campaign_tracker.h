// CampaignTracker: scores clusters of near-duplicate posts (NearDupIndex clusters) as
// coordinated campaigns, and the accounts that join them, online as posts arrive.
//
// Cluster score (logistic, score_explanation.h), signals in [0, 1]:
//   distinct_accounts  (authors - 2) / 8               many distinct authors
//   synchrony          posts in the densest sync_window_ms / posts
//   suspicious_share   mean suspicion of the authors when they joined (new or automated-looking:
//                      supplied by the caller, in [0, 1])
//   similarity         mean estimated Jaccard similarity of the posts to the cluster's first
//   repeat_share       share of authors who met another author of this cluster in an earlier
//                      cluster (pair co-participation counted over the first max_pair_members,
//                      each newcomer paired with the pair_partners members who joined just
//                      before it: coordinated accounts post together, so that is where they meet)
//   cohort_share       mean registration-cohort signal of the authors when they joined:
//                      (cohort - 3) / (cohort_full - 3), cohort from AccountState
// Every signal but distinct_accounts is multiplied by crowd = min(1, (authors - 1) / 9) (for
// cohort_share, min(1, (authors - 1) / 3): cohorts are rare in organic clusters), so one account
// repeating itself never looks like a campaign (that is the bot score's business).
// Account score (logistic): its max cluster score, mean cluster score, repeat partners
// (distinct accounts met in two or more clusters) / 5, and its registration-cohort signal.
//
// A cluster with a single post so far is held as that post's observation only (most clusters
// of a real stream never get a second post); the full state is built, replaying it, when a
// second post arrives. Its score is the one-author score (the bias alone).
// Cluster scores are pushed to member accounts whenever they rise by propagate_step (and when
// the cluster reaches two authors), so account scores follow growing clusters at O(members) per
// step. Clusters are evicted after window_ms of stream time without posts; account figures and
// pair counts stay (pairs are swept after pair_window_ms).
// Thread-safety: none; one ingest thread. AccountState pointers must stay valid (AccountTracker's
// node-based map guarantees it).
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "trust/scores/account_state.h"
#include "trust/scores/score_explanation.h"
#include "trust/scores/timed_table.h"

namespace chorus::trust {

struct CampaignWeights {
  double bias = -7.0;
  double distinct_accounts = 2.5;
  double synchrony = 1.5;
  double suspicious_share = 1.0;
  double similarity = 0.5;
  double repeat_share = 1.0;
  double cohort_share = 5.0;
};

struct AccountCampaignWeights {
  double bias = -5.0;
  double cluster_max = 4.0;
  double cluster_mean = 2.0;
  double repeat_partners = 1.0;
  double cohort = 6.0;
};

struct CampaignOptions {
  CampaignWeights weights;
  AccountCampaignWeights account_weights;
  int64_t sync_window_ms = 2 * 60'000;
  int64_t window_ms = 2 * 3'600'000LL;
  int64_t pair_window_ms = 24 * 3'600'000LL;
  size_t max_pair_members = 32;
  size_t pair_partners = 4;
  double propagate_step = 0.05;
  uint32_t cohort_full = 5;  // a registration cohort this large gives the full signal
};

// One post's membership in a cluster.
struct CampaignObservation {
  uint64_t cluster = 0;
  uint64_t account_hash = 0;
  AccountState* account = nullptr;
  double suspicion = 0;   // in [0, 1]
  double similarity = 1;  // to the cluster's representative
  int64_t time_ms = 0;
  bool amplification = false;  // a repost: counted, but the account is not an author
};

class CampaignTracker {
 public:
  explicit CampaignTracker(CampaignOptions options = {});
  ~CampaignTracker();

  // Adds the post to its cluster and returns the cluster's score after it.
  double observe(const CampaignObservation& obs);
  // Cache hints for a later observe() of `cluster`: stage 0 its table slot, stage 1 its state.
  // Changes nothing.
  void prefetch(uint64_t cluster, int stage) const;
  // Current score of a cluster; 0 when unknown or evicted.
  double cluster_score(uint64_t cluster) const;
  // The terms of a cluster's score; an empty explanation (value 0) when unknown.
  ScoreExplanation explain_cluster(uint64_t cluster) const;
  uint32_t cluster_authors(uint64_t cluster) const;
  ScoreExplanation explain_account(const AccountState& account) const;
  // Clusters with two or more posts; single-post ones are counted by singles_held().
  size_t clusters_held() const { return clusters_.size(); }
  size_t singles_held() const { return singles_.size(); }
  // The registration-cohort signal of an account, in [0, 1].
  double cohort_signal(const AccountState& account) const;
  const CampaignOptions& options() const { return options_; }

 private:
  struct Cluster;
  // A single-post cluster: its one observation.
  struct Single {
    uint64_t account_hash;
    AccountState* account;
    double suspicion, similarity;
    double cohort;  // cohort_signal() of the account when it posted
    int64_t time_ms;
  };
  // Adds the observation; `cohort` is the author's cohort signal, < 0: read it now.
  double apply(Cluster& c, const CampaignObservation& obs, double cohort = -1);
  // Applies a single-post cluster's held observation to `c` (fresh), as its observe() would have.
  void replay(Cluster& c, uint64_t cluster, const Single& s);
  // A cluster built from a single post's observation, outside the pool.
  std::unique_ptr<Cluster> from_single(uint64_t cluster, const Single& s);
  void add_author(Cluster& c, const CampaignObservation& obs, double cohort);
  void count_pairs(Cluster& c, size_t newcomer);
  void propagate(Cluster& c);
  void maybe_sweep(int64_t now_ms);
  // The cluster with two or more posts of that id, or nullptr.
  Cluster* find_cluster(uint64_t cluster) const;
  // A fresh cluster (a recycled one when the pool has one) registered under `cluster`.
  Cluster& add_cluster(uint64_t cluster);

  CampaignOptions options_;
  // Clusters with two or more posts: cluster id -> the cluster, owned by cluster_pool_ (a flat
  // table: one probe per post; its own time is unused, clusters age by Cluster::last_ms).
  TimedTable<Cluster*> clusters_;
  // Every cluster object made; evicted ones are recycled (Cluster::recycle) in place and reused,
  // so the pool holds the peak number of live clusters.
  std::vector<std::unique_ptr<Cluster>> cluster_pool_;
  std::vector<uint32_t> free_clusters_;  // indices of cluster_pool_ not in use
  TimedTable<Single> singles_;
  double single_score_ = 0;
  TimedTable<uint32_t> pairs_;  // account pair key -> clusters the pair met in
  int64_t now_ms_ = 0;
  int64_t next_sweep_ms_ = 0;
};

}  // namespace chorus::trust
