// TrustEval: measures a TrustScorer against ground truth over a labeled stream (the simulator's,
// in `chorus eval trust`). Posts are assessed in the order given; the verdicts are read at the
// end of the stream, as an answer would read them (refresh(): clusters and accounts as they are
// then), because a campaign is only recognizable once it has grown.
//
//   coordinated accounts  predicted: author campaign score >= coordinated_threshold at the end;
//                         truth: author_coordinated; over every account that posted
//   automated accounts    predicted: bot score >= bot_threshold at the end; truth:
//                         author_automated; over every account that posted
//   campaign posts        predicted: the post's cluster is flagged campaign; truth: the post
//                         spreads a campaign (a coordinated account's campaign post, or an
//                         ordinary account's amplification of one)
//   false claims kept out share of posts pushing a false claim (campaign posts and
//                         amplifications whose claim is false) that excluded_from_evidence()
//   collateral            share of contradictions (credible posts refuting a claim) and of other
//                         posts that would be excluded, reported beside it
// Not thread-safe. Memory: a few words per post.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "trust/scores/trust_scorer.h"

namespace chorus::trust {

// What the evaluation needs to know about a post's truth.
struct TruthLabel {
  bool author_automated = false;
  bool author_coordinated = false;
  bool campaign_post = false;       // a campaign post or an amplification of one
  bool pushes_false_claim = false;  // campaign post or amplification of a false claim
  bool contradiction = false;       // a post refuting a claim
};

struct PrecisionRecall {
  uint64_t true_positive = 0, false_positive = 0, false_negative = 0;
  double precision() const;
  double recall() const;
};

struct TrustEvalReport {
  uint64_t posts = 0, accounts = 0;
  PrecisionRecall coordinated_accounts, automated_accounts, campaign_posts;
  uint64_t false_claim_posts = 0, false_claim_posts_excluded = 0;
  uint64_t contradictions = 0, contradictions_excluded = 0;
  uint64_t other_posts = 0, other_posts_excluded = 0;
  double seconds = 0;  // scoring time, filled by the caller

  double false_claims_excluded_share() const;
  // {"coordinated_account_precision",...,"false_claims_excluded_share", counts...}
  std::string to_json() const;
};

class TrustEval {
 public:
  explicit TrustEval(TrustScorer* scorer) : scorer_(scorer) {}
  // Assesses `post` with the scorer and remembers the verdict with its truth.
  void add(const Post& post, const TruthLabel& truth);
  TrustEvalReport finish() const;

 private:
  struct Seen {
    PostTrust trust;
    uint32_t account;  // index into account_keys_
    TruthLabel truth;
  };
  TrustScorer* scorer_;
  std::vector<Seen> seen_;
  std::vector<std::string> account_keys_;
  std::vector<TruthLabel> account_truth_;
  std::unordered_map<std::string, uint32_t> account_index_;
};

}  // namespace chorus::trust
