#include "trust/scores/trust_scorer.h"

#include <algorithm>
#include <cstdio>

#include "base/hash.h"
#include "post/post_json.h"

namespace chorus::trust {

std::string_view trust_flag_name(int bit) {
  static constexpr std::string_view kNames[kTrustFlagCount] = {
      "low_credibility", "automated", "campaign", "coordinated", "duplicate"};
  return bit >= 0 && bit < kTrustFlagCount ? kNames[bit] : "";
}

TrustScorer::TrustScorer(TrustOptions options)
    : options_(std::move(options)), near_dup_(options_.near_dup), campaigns_(options_.campaign) {}

std::optional<NearDupSketch> TrustScorer::sketch(const Post& post) const {
  std::optional<NearDupSketch> sk;
  sketch(post, &sk);
  return sk;
}

void TrustScorer::sketch(const Post& post, std::optional<NearDupSketch>* out) const {
  out->reset();
  if (!post.repost_of.empty()) return;
  thread_local std::vector<text::Token> tokens;
  thread_local std::vector<uint64_t> shingles;
  tokens.clear();
  analyzer_.analyze(post.text, post.lang, &tokens);
  shingle_hashes(tokens, &shingles);
  if (!near_dup_.sketch(shingles, &out->emplace())) out->reset();
}

PostHashes PostHashes::of(const Post& post) {
  return {.id = hash64(post.id),
          .account = AccountTracker::key_hash(AccountTracker::key_of(post.author)),
          .repost_of = post.repost_of.empty() ? 0 : hash64(post.repost_of)};
}

uint64_t TrustScorer::cluster_post(const Post& post, const PostHashes& hashes,
                                   const std::optional<NearDupSketch>& sketch,
                                   AccountState& account, NearDupMatch* match) {
  if (!post.repost_of.empty()) return near_dup_.cluster_of(hashes.repost_of);
  *match = near_dup_.add_sketch(hashes.id, sketch ? &*sketch : nullptr, post.created_at_ms);
  if (match->cluster != 0 && !match->new_cluster) ++account.duplicate_posts;
  return match->cluster;
}

namespace {

std::string reason(const char* fmt, double a, double b) {
  char buf[160];
  std::snprintf(buf, sizeof buf, fmt, a, b);
  return buf;
}

}  // namespace

void TrustScorer::set_flags(PostTrust* t, bool reasons) const {
  const TrustOptions& o = options_;
  t->flags = 0;
  t->reasons.clear();
  // Each flag: its bit, whether it is set, and its reason (built only when asked for).
  auto flag = [&](TrustFlag bit, bool set, auto&& why) {
    if (!set) return;
    t->flags |= bit;
    if (reasons) t->reasons.push_back(why());
  };
  flag(kFlagLowCredibility, t->credibility < o.low_credibility,
       [&] { return reason("low credibility %.2f < %.2f", t->credibility, o.low_credibility); });
  flag(kFlagAutomated, t->bot_score >= o.bot_threshold, [&] {
    return reason("automated-looking: bot score %.2f >= %.2f", t->bot_score, o.bot_threshold);
  });
  flag(kFlagCampaign, t->campaign_score >= o.campaign_threshold, [&] {
    return reason("cluster %.0f looks coordinated: campaign score %.2f",
                  static_cast<double>(t->cluster), t->campaign_score);
  });
  flag(kFlagCoordinated, t->account_campaign >= o.coordinated_threshold, [&] {
    return reason("author joins coordinated clusters: score %.2f >= %.2f", t->account_campaign,
                  o.coordinated_threshold);
  });
  flag(kFlagDuplicate, t->duplicate_of != 0,
       [&] { return "near-duplicate of cluster " + std::to_string(t->duplicate_of); });
}

PostTrust TrustScorer::assess(const Post& post, const std::optional<NearDupSketch>* sketch,
                              const PostHashes* hashes, bool reasons) {
  now_ms_ = std::max(now_ms_, post.created_at_ms);
  const PostHashes h = hashes ? *hashes : PostHashes::of(post);
  AccountState& account = accounts_.observe(post, h.account);
  NearDupMatch match;
  PostTrust t;
  t.account = account.id;
  std::optional<NearDupSketch> computed;  // only when the caller has none: no copy of theirs
  const std::optional<NearDupSketch>& sk = sketch ? *sketch : (computed = this->sketch(post));
  t.cluster = cluster_post(post, h, sk, account, &match);
  if (!match.new_cluster) t.duplicate_of = t.cluster;
  AccountSignals sig = account_signals(account, post.created_at_ms, options_.shape);
  t.credibility = explain_credibility(sig, options_.credibility).value;
  t.bot_score = explain_bot_score(sig, options_.bot).value;
  CampaignObservation obs{.cluster = t.cluster,
                          .account_hash = h.account,
                          .account = &account,
                          .suspicion = 1.0 - t.credibility,
                          .similarity = match.similarity,
                          .time_ms = post.created_at_ms,
                          .amplification = !post.repost_of.empty()};
  t.campaign_score = campaigns_.observe(obs);
  t.account_campaign = campaigns_.explain_account(account).value;
  set_flags(&t, reasons);
  return t;
}

void TrustScorer::prefetch(const PostHashes& hashes, const std::optional<NearDupSketch>& sketch,
                           int stage, PrefetchCarry* carry) const {
  accounts_.prefetch(hashes.account, stage);
  if (stage == 1) carry->n = 0;
  if (hashes.repost_of != 0) {
    if (stage == 0) near_dup_.prefetch_post(hashes.repost_of);
    return;
  }
  if (!sketch) return;
  if (stage == 0) {
    near_dup_.prefetch(*sketch, 0, nullptr);
    return;
  }
  if (stage == 1) {
    carry->n = near_dup_.prefetch(*sketch, 1, carry->clusters.data());
  } else {
    near_dup_.prefetch_reps({carry->clusters.data(), carry->n});
  }
  for (size_t i = 0; i < carry->n; ++i) campaigns_.prefetch(carry->clusters[i], stage - 1);
}

PostTrust TrustScorer::refresh(const PostTrust& at_ingest, std::string_view account_key) const {
  PostTrust t = at_ingest;
  if (t.cluster != 0 && campaigns_.cluster_authors(t.cluster) > 0)
    t.campaign_score = campaigns_.cluster_score(t.cluster);
  if (const AccountState* a = accounts_.find(account_key))
    t.account_campaign = campaigns_.explain_account(*a).value;
  set_flags(&t);
  return t;
}

bool TrustScorer::excluded_from_evidence(const PostTrust& t) const {
  return (t.flags & (kFlagCampaign | kFlagCoordinated)) != 0 ||
         t.credibility < options_.evidence_min_credibility;
}

void TrustScorer::record_moderation_hit(std::string_view account_key) {
  ++accounts_.get_or_create(account_key).moderation_hits;
}

void TrustScorer::record_helpful_note(std::string_view account_key) {
  ++accounts_.get_or_create(account_key).noted_posts;
}

std::optional<TrustExplanation> TrustScorer::explain_account(std::string_view key,
                                                             uint64_t cluster) const {
  const AccountState* a = accounts_.find(key);
  if (a == nullptr) return std::nullopt;
  TrustExplanation e;
  e.account_key = std::string(key);
  AccountSignals sig = account_signals(*a, std::max(now_ms_, a->last_seen_ms), options_.shape);
  e.credibility = explain_credibility(sig, options_.credibility);
  e.bot = explain_bot_score(sig, options_.bot);
  e.campaign = campaigns_.explain_cluster(cluster);
  e.cluster = cluster;
  e.cluster_authors = campaigns_.cluster_authors(cluster);
  e.account_campaign = campaigns_.explain_account(*a);
  return e;
}

std::string TrustScorer::account_key_for_handle(std::string_view handle) const {
  const std::string* key = accounts_.key_for_handle(handle);
  return key ? *key : std::string();
}

std::string TrustExplanation::to_json() const {
  std::string camp = campaign.to_json();
  camp.pop_back();  // reopen the object to add the cluster fields
  camp += ",\"cluster\":" + std::to_string(cluster) +
          ",\"cluster_authors\":" + std::to_string(cluster_authors) + "}";
  std::string out = "{\"account\":";
  append_json_string(account_key, &out);
  return out + ",\"credibility\":" + credibility.to_json() + ",\"bot\":" + bot.to_json() +
         ",\"campaign\":" + camp + ",\"account_campaign\":" + account_campaign.to_json() + "}";
}

std::string TrustExplanation::to_text() const {
  std::string out = "account " + account_key + "\n" + credibility.to_text() + bot.to_text();
  if (cluster != 0) {
    out += "cluster " + std::to_string(cluster) + " (" + std::to_string(cluster_authors) +
           " authors): ";
    out += campaign.to_text();
  }
  return out + account_campaign.to_text();
}

}  // namespace chorus::trust
