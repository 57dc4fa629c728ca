#include "stream/sim/simulator.h"

#include <algorithm>
#include <limits>

#include "stream/sim/places.h"
#include "stream/sim/topics.h"

namespace chorus::sim {
namespace {

constexpr size_t kRecentPosts = 4096;
constexpr size_t kEventRecentPosts = 32;
// Shares of organic posts that respond to an earlier post instead of starting a new one.
constexpr double kBackgroundResponseShare = 0.30;
constexpr double kEventResponseShare = 0.35;
constexpr double kEventNewsShare = 0.12;    // event reports by news outlets
constexpr double kStaleReportShare = 0.20;  // reports repeating superseded facts
// Background topics of news outlets: sports, politics, weather, local.
constexpr int kNewsTopics[] = {0, 1, 2, 5};
constexpr double kAbuseWeights[kAbuseCategoryCount] = {0.25, 0.35, 0.15, 0.10, 0.15};

SimConfig sanitized(SimConfig c) {
  if (!(c.base_rate > 0)) c.base_rate = 50.0;
  if (c.lexicon.empty()) c.lexicon = Lexicon::placeholder();
  return c;
}

}  // namespace

Simulator::Simulator(SimConfig config)
    : config_(sanitized(std::move(config))),
      start_ms_(config_.start_ms > 0 ? config_.start_ms : default_start_ms(config_.seed)),
      end_ms_(config_.duration_ms > 0 ? start_ms_ + config_.duration_ms
                                      : std::numeric_limits<int64_t>::max()),
      rng_(config_.seed),
      pool_(config_, start_ms_, rng_),
      events_(config_, start_ms_, rng_),
      campaigns_(config_, start_ms_, pool_, rng_),
      composer_(config_.seed, pool_),
      organic_ms_(static_cast<double>(start_ms_)),
      last_ms_(start_ms_),
      recent_(kRecentPosts) {
  double cum = 0;
  for (int t = 0; t < kTopicCount; ++t) topic_cum_.push_back(cum += topic_weight(t));
  for (uint32_t a : pool_.automated())
    schedule_.push({start_ms_ + static_cast<int64_t>(
                                    rng_.below(static_cast<uint64_t>(pool_[a].bot_period_ms))),
                    ItemKind::kBotPost, a, 0});
}

bool Simulator::next(Post* post, GroundTruth* truth) {
  if (done_ || (config_.max_posts > 0 && written_ >= config_.max_posts)) return false;
  for (;;) {
    const int64_t t_org = static_cast<int64_t>(organic_ms_);
    const int64_t t_item = schedule_.next_ms();
    const int64_t t_event = events_.next_start_ms();
    const int64_t t_claim = campaigns_.next_start_ms();
    const int64_t t_post = std::min(t_org, t_item);
    if (std::min({t_post, t_event, t_claim}) > end_ms_) {
      done_ = true;
      return false;
    }
    if (t_event <= std::min(t_post, t_claim)) {
      events_.start_next(rng_, &schedule_);
      event_recent_.emplace_back();
      continue;
    }
    if (t_claim <= t_post) {
      campaigns_.start_next(rng_, &schedule_);
      const SimClaim& c = campaigns_.claims().back();
      auto& tags = claim_tags_.emplace_back();
      for (int l = 0; l < kLangCount; ++l) tags[l] = claim_hashtag(c.kind, c.place, l);
      claim_styles_.push_back(ArabicStyle::random(rng_));
      continue;
    }
    if (t_item <= t_org)
      emit_item(schedule_.pop(), post, truth);
    else
      emit_organic(t_org, post, truth);
    break;
  }
  ++seq_;
  ++written_;
  last_ms_ = post->created_at_ms;
  return true;
}

void Simulator::begin(uint32_t author, int64_t t, Post* post, GroundTruth* truth) {
  const SimAccount& a = pool_[author];
  composer_.begin(seq_, author, t, post);
  truth->post_id = post->id;
  truth->event.clear();
  truth->topic.assign(topic_label(kTopicChatter));
  truth->claim_id.clear();
  truth->claim_true = false;
  truth->author_automated = a.automated;
  truth->author_coordinated = a.group >= 0;
  if (a.group >= 0)
    truth->coordination_group = pool_.groups()[static_cast<size_t>(a.group)].id;
  else
    truth->coordination_group.clear();
  truth->labels = 0;
  truth->lang = post->lang;
  truth->fact_version = -1;
  truth->role = Role::kOrganic;
}

void Simulator::set_event(uint32_t event, GroundTruth* truth) const {
  truth->event = events_.events()[event].id;
  truth->topic.assign(topic_label(kTopicBreaking));
}

void Simulator::set_claim(uint32_t claim, GroundTruth* truth) const {
  const SimClaim& c = campaigns_.claims()[claim];
  truth->event = c.id;
  truth->claim_id = c.id;
  truth->claim_true = c.is_true;
  truth->topic.assign(topic_label(claim_topic(c.kind)));
}

SlotValues Simulator::event_values(uint32_t event, int version, int lang, Rng& rng) const {
  const SimEvent& e = events_.events()[event];
  const Place& p = place(e.place);
  const LangPack& pack = lang_pack(lang);
  const FactVersion& f = e.facts[static_cast<size_t>(version)];
  SlotValues v;
  v.place = p.name[lang];
  v.district = p.districts[lang][f.district];
  v.old_district = p.districts[lang][e.facts[version > 0 ? version - 1 : 0].district];
  v.number = f.number;
  v.what = pick(*pack.what[e.kind], rng);
  v.metric = pick(*pack.metric[e.kind], rng);
  v.tag = e.hashtags[lang];
  return v;
}

SlotValues Simulator::claim_values(uint32_t claim, int lang) const {
  const SimClaim& c = campaigns_.claims()[claim];
  SlotValues v;
  v.place = place(c.place).name[lang];
  v.number = c.number;
  v.tag = claim_tags_[claim][lang];
  return v;
}

const std::string& Simulator::random_handle() {
  return pool_[static_cast<uint32_t>(rng_.below(pool_.accounts().size()))].account.handle;
}

void Simulator::remember(int32_t event, int32_t claim, int topic, double attention,
                         uint32_t author) {
  Recent r{seq_, author, event, claim, static_cast<uint8_t>(topic), static_cast<float>(attention)};
  recent_[recent_next_++ % recent_.size()] = r;
  if (event >= 0) {
    auto& ring = event_recent_[static_cast<size_t>(event)];
    if (ring.size() < kEventRecentPosts)
      ring.push_back(r);
    else
      ring[rng_.below(ring.size())] = r;
  }
}

bool Simulator::pick_recent(int32_t event, Recent* out) {
  if (event >= 0) {
    const auto& ring = event_recent_[static_cast<size_t>(event)];
    if (ring.empty()) return false;
    *out = rng_.pick(ring);
    return true;
  }
  size_t filled = std::min(recent_next_, recent_.size());
  if (filled == 0) return false;
  // Attention decides between two random candidates: popular posts draw more responses.
  const Recent& x = recent_[rng_.below(filled)];
  const Recent& y = recent_[rng_.below(filled)];
  *out = x.attention >= y.attention ? x : y;
  return true;
}

void Simulator::emit_organic(int64_t t, Post* post, GroundTruth* truth) {
  events_.prune(t);
  const double event_rate = events_.rate_at(t);
  const double total = config_.base_rate + event_rate;
  const double r = rng_.uniform() * total;
  organic_ms_ += rng_.exponential(1000.0 / total);
  if (r < config_.base_rate || event_rate <= 0)
    organic_background(t, post, truth);
  else
    organic_event(events_.pick(r - config_.base_rate), t, post, truth);
}

void Simulator::organic_background(int64_t t, Post* post, GroundTruth* truth) {
  const uint32_t author = pool_.pick_organic(rng_);
  Recent parent;
  if (rng_.chance(kBackgroundResponseShare) && pick_recent(-1, &parent)) {
    respond(parent, author, t, post, truth);
    return;
  }
  begin(author, t, post, truth);
  original_background(author, post, truth);
}

int Simulator::abuse_category(int lang) {
  double w = rng_.uniform();
  int category = kAbuseCategoryCount - 1;
  for (int c = 0; c < kAbuseCategoryCount; ++c) {
    if ((w -= kAbuseWeights[c]) < 0) {
      category = c;
      break;
    }
  }
  return config_.lexicon.tokens(category, lang).empty() ? -1 : category;
}

int Simulator::background_topic(bool news) {
  if (news) return kNewsTopics[rng_.below(std::size(kNewsTopics))];
  const double w = rng_.uniform() * topic_cum_.back();
  const auto t = std::upper_bound(topic_cum_.begin(), topic_cum_.end(), w) - topic_cum_.begin();
  return std::min(static_cast<int>(t), kTopicCount - 1);
}

void Simulator::original_background(uint32_t author, Post* post, GroundTruth* truth) {
  const SimAccount& a = pool_[author];
  const LangPack& pack = lang_pack(a.lang);
  SlotValues v;
  v.mention = random_handle();
  // News outlets write no abuse, injections or look-alikes.
  const double u = a.news ? 1.0 : rng_.uniform();
  const double injection_end = config_.abuse_share + config_.injection_share;
  const int category = u < config_.abuse_share ? abuse_category(pack.lang) : -1;
  int topic = kTopicChatter;
  const std::vector<TextTemplate>* group;
  if (category >= 0) {
    v.abuse = &config_.lexicon.tokens(category, pack.lang);
    group = &pack.groups[static_cast<size_t>(kGroupAbuseFirst + category)];
    truth->labels = 1u << category;
    truth->role = Role::kAbuse;
  } else if (u >= config_.abuse_share && u < injection_end) {
    group = &pack.groups[kGroupInjection];
    truth->labels = kLabelInjection;
    truth->role = Role::kInjection;
  } else if (u >= injection_end && u < injection_end + config_.lookalike_share) {
    group = &pack.groups[kGroupLookalike];
    truth->role = Role::kInjectionLookalike;
  } else {
    topic = background_topic(a.news);
    group = &pack.topics[static_cast<size_t>(topic)];
  }
  composer_.write(rng_.pick(*group), v, rng_, post);
  truth->topic.assign(topic_label(topic));
  remember(-1, -1, topic, composer_.engage(1.0, rng_, post), author);
}

void Simulator::organic_event(uint32_t event, int64_t t, Post* post, GroundTruth* truth) {
  uint32_t author = pool_.pick_organic(rng_);
  if (rng_.chance(kEventNewsShare)) author = pool_.pick_news(pool_[author].lang, rng_);
  Recent parent;
  if (rng_.chance(kEventResponseShare) && pick_recent(static_cast<int32_t>(event), &parent)) {
    respond(parent, author, t, post, truth);
    return;
  }
  begin(author, t, post, truth);
  const int current = events_.events()[event].version_at(t);
  int version = current;
  if (current > 0 && rng_.chance(kStaleReportShare))
    version = static_cast<int>(rng_.below(static_cast<uint64_t>(current)));
  event_report(event, author, version, kGroupEventReport, post, truth);
  truth->role = version == current ? Role::kEventReport : Role::kStaleReport;
  remember(static_cast<int32_t>(event), -1, kTopicBreaking,
           composer_.engage(events_.heat(event, t), rng_, post), author);
}

void Simulator::event_report(uint32_t event, uint32_t author, int version, int group, Post* post,
                             GroundTruth* truth) {
  const LangPack& pack = lang_pack(pool_[author].lang);
  SlotValues v = event_values(event, version, pack.lang, rng_);
  composer_.write(rng_.pick(pack.groups[static_cast<size_t>(group)]), v, rng_, post);
  set_event(event, truth);
  truth->fact_version = version;
}

void Simulator::respond(const Recent& parent, uint32_t author, int64_t t, Post* post,
                        GroundTruth* truth) {
  begin(author, t, post, truth);
  if (parent.event >= 0) set_event(static_cast<uint32_t>(parent.event), truth);
  if (parent.claim >= 0) set_claim(static_cast<uint32_t>(parent.claim), truth);
  truth->topic.assign(topic_label(parent.topic));
  std::string parent_id;
  composer_.format_id(parent.seq, &parent_id);
  const double u = rng_.uniform();
  if (u < 0.40) {
    post->repost_of = parent_id;
    composer_.engage(0.3, rng_, post);
    return;
  }
  const LangPack& pack = lang_pack(pool_[author].lang);
  SlotValues v;
  if (parent.event >= 0) {
    const auto e = static_cast<uint32_t>(parent.event);
    v = event_values(e, events_.events()[e].version_at(t), pack.lang, rng_);
  } else if (parent.claim >= 0) {
    v = claim_values(static_cast<uint32_t>(parent.claim), pack.lang);
  }
  v.parent = pool_[parent.author].account.handle;
  int group;
  if (u < 0.85) {
    post->reply_to = parent_id;
    group = parent.event >= 0 ? kGroupReplyEvent : kGroupReply;
  } else {
    post->quote_of = parent_id;
    group = parent.event >= 0   ? kGroupQuoteEvent
            : parent.claim >= 0 ? kGroupQuoteDoubt
                                : kGroupQuote;
  }
  composer_.write(rng_.pick(pack.groups[static_cast<size_t>(group)]), v, rng_, post);
  double heat = parent.event >= 0 ? events_.heat(static_cast<uint32_t>(parent.event), t) : 1.0;
  remember(parent.event, parent.claim, parent.topic, composer_.engage(0.5 * heat, rng_, post),
           author);
}

}  // namespace chorus::sim
