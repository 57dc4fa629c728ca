// Simulator: the posts due at planned times (see schedule.h).
#include <algorithm>
#include <cmath>

#include "stream/sim/simulator.h"
#include "stream/sim/topics.h"

namespace chorus::sim {
namespace {

constexpr double kCampaignRepostShare = 0.25;  // campaign items that repost a fellow member
constexpr double kAmplifyRepostShare = 0.55;
constexpr double kAmplifyQuoteShare = 0.30;  // the rest are doubtful quotes
constexpr double kFollowupNewsShare = 0.6;   // event follow-ups by news outlets
constexpr double kContradictionOwnLangShare = 0.7;
constexpr int64_t kMinBotGapMs = 1000;
constexpr int kWitnessLangTries = 16;  // organic accounts drawn to find a witness's language

}  // namespace

void Simulator::emit_item(const Item& item, Post* post, GroundTruth* truth) {
  switch (item.kind) {
    case ItemKind::kBotPost: {
      begin(item.a, item.t_ms, post, truth);
      bot_post(item.a, post, truth);
      const double jitter = 1.0 + 0.05 * rng_.normal();
      const auto gap =
          static_cast<int64_t>(static_cast<double>(pool_[item.a].bot_period_ms) * jitter);
      schedule_.push({item.t_ms + std::max(gap, kMinBotGapMs), ItemKind::kBotPost, item.a, 0});
      return;
    }
    case ItemKind::kCampaignPost:
      begin(item.b, item.t_ms, post, truth);
      campaign_post(item.a, item.b, post, truth);
      return;
    case ItemKind::kAmplification: {
      uint32_t author = pool_.pick_organic(rng_);
      for (int tries = 0; tries < 4 && pool_[author].group >= 0; ++tries)
        author = pool_.pick_organic(rng_);
      begin(author, item.t_ms, post, truth);
      amplification(item.a, post, truth);
      return;
    }
    case ItemKind::kContradiction: {
      const SimClaim& c = claims()[item.a];
      int lang = rng_.chance(kContradictionOwnLangShare) ? c.lang
                                                         : static_cast<int>(rng_.below(kLangCount));
      begin(pool_.pick_credible(lang, rng_), item.t_ms, post, truth);
      contradiction(item.a, post, truth);
      return;
    }
    case ItemKind::kEventFollowup: {
      const int lang = static_cast<int>(rng_.below(kLangCount));
      const uint32_t author = rng_.chance(kFollowupNewsShare) ? pool_.pick_news(lang, rng_)
                                                              : pool_.pick_credible(lang, rng_);
      begin(author, item.t_ms, post, truth);
      const int version = static_cast<int>(item.b);
      const bool correction = events()[item.a].facts[item.b].correction;
      event_report(item.a, author, version, correction ? kGroupEventCorrection : kGroupEventUpdate,
                   post, truth);
      truth->role = correction ? Role::kCorrection : Role::kEventReport;
      remember(static_cast<int32_t>(item.a), -1, kTopicBreaking,
               composer_.engage(2.0 * events_.heat(item.a, item.t_ms), rng_, post), author);
      return;
    }
    case ItemKind::kEventWitness: {
      // An ordinary account reporting what it sees: an original post, never a response.
      uint32_t author = pool_.pick_organic(rng_);
      for (int tries = 0; tries < kWitnessLangTries && item.b > 0 &&
                          pool_[author].lang != static_cast<int>(item.b) - 1;
           ++tries)
        author = pool_.pick_organic(rng_);
      begin(author, item.t_ms, post, truth);
      event_report(item.a, author, events()[item.a].version_at(item.t_ms), kGroupEventReport, post,
                   truth);
      truth->role = Role::kEventReport;
      remember(static_cast<int32_t>(item.a), -1, kTopicBreaking,
               composer_.engage(events_.heat(item.a, item.t_ms), rng_, post), author);
      return;
    }
  }
}

void Simulator::bot_post(uint32_t account, Post* post, GroundTruth* truth) {
  const SimAccount& a = pool_[account];
  const LangPack& pack = lang_pack(a.lang);
  SlotValues v;
  truth->role = Role::kAutomated;
  if (a.spam_bot) {
    v.abuse = &config_.lexicon.tokens(kAbuseSpam, a.lang);
    composer_.write(rng_.pick(pack.groups[kGroupBotSpam]), v, rng_, post);
    truth->labels = kLabelSpam;
    truth->topic.assign(topic_label(kTopicPromotion));
  } else {
    composer_.write(rng_.pick(pack.groups[kGroupBotFeed]), v, rng_, post);
    truth->topic.assign(topic_label(kTopicNews));
  }
  composer_.engage(0.2, rng_, post);
}

void Simulator::campaign_post(uint32_t claim, uint32_t account, Post* post, GroundTruth* truth) {
  set_claim(claim, truth);
  truth->role = Role::kCampaign;
  uint64_t earlier;
  if (rng_.chance(kCampaignRepostShare) && campaigns_.random_post(claim, rng_, &earlier)) {
    composer_.format_id(earlier, &post->repost_of);
    composer_.engage(0.3, rng_, post);
    return;
  }
  const LangPack& pack = lang_pack(pool_[account].lang);
  const SimClaim& c = claims()[claim];
  composer_.write(rng_.pick(pack.groups[claim_group(c.kind)]), claim_values(claim, pack.lang), rng_,
                  post, pick(*pack.campaign_prefix, rng_), pick(*pack.campaign_suffix, rng_),
                  &claim_styles_[claim]);
  campaigns_.record_post(claim, seq_);
  remember(-1, static_cast<int32_t>(claim), claim_topic(c.kind), composer_.engage(0.8, rng_, post),
           account);
}

void Simulator::amplification(uint32_t claim, Post* post, GroundTruth* truth) {
  set_claim(claim, truth);
  truth->role = Role::kAmplification;
  uint64_t target = 0;
  const bool have_target = campaigns_.random_post(claim, rng_, &target);
  const double u = rng_.uniform();
  if (have_target && u < kAmplifyRepostShare) {
    composer_.format_id(target, &post->repost_of);
    composer_.engage(0.3, rng_, post);
    return;
  }
  const LangPack& pack = lang_pack(lang_index(post->lang));
  int group = kGroupAmplify;
  if (u >= kAmplifyRepostShare + kAmplifyQuoteShare) {
    group = kGroupQuoteDoubt;
    truth->role = Role::kOrganic;  // questioning the claim is not amplifying it
  }
  if (have_target) composer_.format_id(target, &post->quote_of);
  composer_.write(rng_.pick(pack.groups[static_cast<size_t>(group)]),
                  claim_values(claim, pack.lang), rng_, post);
  composer_.engage(0.6, rng_, post);
}

void Simulator::contradiction(uint32_t claim, Post* post, GroundTruth* truth) {
  set_claim(claim, truth);
  truth->role = Role::kContradiction;
  const LangPack& pack = lang_pack(lang_index(post->lang));
  const SimClaim& c = claims()[claim];
  composer_.write(rng_.pick(pack.groups[contradiction_group(c.kind)]),
                  claim_values(claim, pack.lang), rng_, post);
  composer_.engage(1.5, rng_, post);
}

}  // namespace chorus::sim
