#include "trust/scores/trust_eval.h"

#include <cstdio>

namespace chorus::trust {

double PrecisionRecall::precision() const {
  const uint64_t p = true_positive + false_positive;
  return p ? static_cast<double>(true_positive) / static_cast<double>(p) : 1.0;
}

double PrecisionRecall::recall() const {
  const uint64_t t = true_positive + false_negative;
  return t ? static_cast<double>(true_positive) / static_cast<double>(t) : 1.0;
}

double TrustEvalReport::false_claims_excluded_share() const {
  return false_claim_posts ? static_cast<double>(false_claim_posts_excluded) /
                                 static_cast<double>(false_claim_posts)
                           : 1.0;
}

namespace {

void count(bool predicted, bool truth, PrecisionRecall* pr) {
  if (predicted && truth) ++pr->true_positive;
  if (predicted && !truth) ++pr->false_positive;
  if (!predicted && truth) ++pr->false_negative;
}

double share(uint64_t part, uint64_t whole) {
  return whole ? static_cast<double>(part) / static_cast<double>(whole) : 0.0;
}

}  // namespace

void TrustEval::add(const Post& post, const TruthLabel& truth) {
  const std::string key(AccountTracker::key_of(post.author));
  auto [it, fresh] = account_index_.try_emplace(key, static_cast<uint32_t>(account_keys_.size()));
  if (fresh) {
    account_keys_.push_back(key);
    account_truth_.push_back(truth);
  }
  // Reasons are not needed: memory stays at a few words per post.
  Seen s{scorer_->assess(post, nullptr, nullptr, /*reasons=*/false), it->second, truth};
  seen_.push_back(std::move(s));
}

TrustEvalReport TrustEval::finish() const {
  TrustEvalReport r;
  r.posts = seen_.size();
  r.accounts = account_keys_.size();
  const TrustOptions& o = scorer_->options();
  for (size_t i = 0; i < account_keys_.size(); ++i) {
    auto e = scorer_->explain_account(account_keys_[i]);
    if (!e) continue;
    count(e->account_campaign.value >= o.coordinated_threshold,
          account_truth_[i].author_coordinated, &r.coordinated_accounts);
    count(e->bot.value >= o.bot_threshold, account_truth_[i].author_automated,
          &r.automated_accounts);
  }
  for (const Seen& s : seen_) {
    PostTrust now = scorer_->refresh(s.trust, account_keys_[s.account]);
    count((now.flags & kFlagCampaign) != 0, s.truth.campaign_post, &r.campaign_posts);
    const bool excluded = scorer_->excluded_from_evidence(now);
    if (s.truth.pushes_false_claim) {
      ++r.false_claim_posts;
      r.false_claim_posts_excluded += excluded;
    } else if (s.truth.contradiction) {
      ++r.contradictions;
      r.contradictions_excluded += excluded;
    } else {
      ++r.other_posts;
      r.other_posts_excluded += excluded;
    }
  }
  return r;
}

std::string TrustEvalReport::to_json() const {
  char buf[1024];
  std::snprintf(
      buf, sizeof buf,
      "{\"coordinated_account_precision\":%.4f,\"coordinated_account_recall\":%.4f,"
      "\"campaign_precision\":%.4f,\"campaign_recall\":%.4f,"
      "\"automated_precision\":%.4f,\"automated_recall\":%.4f,"
      "\"false_claims_excluded_share\":%.4f,\"contradictions_excluded_share\":%.4f,"
      "\"other_posts_excluded_share\":%.4f,\"posts\":%llu,\"accounts\":%llu,"
      "\"coordinated_accounts\":%llu,\"automated_accounts\":%llu,\"campaign_posts\":%llu,"
      "\"false_claim_posts\":%llu,\"seconds\":%.3f}",
      coordinated_accounts.precision(), coordinated_accounts.recall(), campaign_posts.precision(),
      campaign_posts.recall(), automated_accounts.precision(), automated_accounts.recall(),
      false_claims_excluded_share(), share(contradictions_excluded, contradictions),
      share(other_posts_excluded, other_posts), static_cast<unsigned long long>(posts),
      static_cast<unsigned long long>(accounts),
      static_cast<unsigned long long>(coordinated_accounts.true_positive +
                                      coordinated_accounts.false_negative),
      static_cast<unsigned long long>(automated_accounts.true_positive +
                                      automated_accounts.false_negative),
      static_cast<unsigned long long>(campaign_posts.true_positive + campaign_posts.false_negative),
      static_cast<unsigned long long>(false_claim_posts), seconds);
  return buf;
}

}  // namespace chorus::trust
