#include "trust/scores/campaign_tracker.h"

#include <algorithm>

#include "base/hash.h"

namespace chorus::trust {

namespace campaign_internal {

// A set of 64-bit hashes (0 stored as 1): open addressing, linear probing, load <= 1/2, so a
// lookup in a cluster of thousands of authors reads one or two adjacent slots.
class HashSet64 {
 public:
  bool empty() const { return size_ == 0; }
  bool contains(uint64_t h) const {
    if (slots_.empty()) return false;
    h = h ? h : 1;
    for (size_t i = home(h);; i = (i + 1) & (slots_.size() - 1)) {
      if (slots_[i] == h) return true;
      if (slots_[i] == 0) return false;
    }
  }
  void insert(uint64_t h) {
    if (2 * (size_ + 1) > slots_.size()) grow();
    h = h ? h : 1;
    size_t i = home(h);
    while (slots_[i] != 0 && slots_[i] != h) i = (i + 1) & (slots_.size() - 1);
    size_ += slots_[i] == 0;
    slots_[i] = h;
  }

 private:
  size_t home(uint64_t h) const { return (h * 0x9e3779b97f4a7c15ull >> 24) & (slots_.size() - 1); }
  void grow() {
    std::vector<uint64_t> old(std::max<size_t>(64, 2 * slots_.size()));
    old.swap(slots_);
    size_ = 0;
    for (uint64_t h : old)
      if (h != 0) insert(h);
  }

  std::vector<uint64_t> slots_;
  size_t size_ = 0;
};

}  // namespace campaign_internal

struct CampaignTracker::Cluster {
  struct Member {
    uint64_t hash;
    AccountState* account;
    bool repeat;    // met another author of this cluster in an earlier cluster
    double pushed;  // the cluster score last added to the account's figures
  };
  int64_t last_ms = 0;
  uint32_t posts = 0;  // author posts (amplifications excluded)
  uint32_t amplifications = 0;
  std::vector<Member> members;
  campaign_internal::HashSet64 member_set;  // mirrors members once they are many
  double suspicion_sum = 0;
  double cohort_sum = 0;
  double similarity_sum = 0;
  // Author post times; those from recent_head on are within sync_window_ms of the newest (a
  // vector with a moving head, not a deque: one buffer, kept when the cluster is recycled).
  std::vector<int64_t> recent;
  size_t recent_head = 0;
  uint32_t densest = 0;  // most author posts seen within one sync window
  uint32_t repeat_members = 0;
  double score = 0;
  double pushed_score = 0;

  size_t first_unpushed = 0;  // members before it have been pushed a score (pushed > 0)
  uint32_t pool_index = 0;    // where cluster_pool_ holds it

  // Back to a fresh cluster's state (pool_index kept), keeping the buffers of the members and
  // recent times when they are small, so a pooled cluster is reused without allocating.
  void recycle() {
    constexpr size_t kKeptCapacity = 64;
    Cluster fresh;
    fresh.pool_index = pool_index;
    if (members.capacity() <= kKeptCapacity) fresh.members.swap(members);
    if (recent.capacity() <= kKeptCapacity) fresh.recent.swap(recent);
    fresh.members.clear();
    fresh.recent.clear();
    *this = std::move(fresh);
  }

  bool has_member(uint64_t hash) const {
    if (!member_set.empty()) return member_set.contains(hash);
    return std::any_of(members.begin(), members.end(),
                       [hash](const Member& m) { return m.hash == hash; });
  }

  ScoreExplanation explain(const CampaignWeights& w) const {
    ScoreExplanation e{.score = "campaign", .bias = w.bias};
    const double n = static_cast<double>(members.size());
    const double p = std::max(1.0, static_cast<double>(posts));
    const double crowd = clamp01((n - 1) / 9);
    e.add("distinct_accounts", n, clamp01((n - 2) / 8), w.distinct_accounts);
    const double sync = densest / p;
    e.add("synchrony", sync, crowd * clamp01(sync), w.synchrony);
    const double susp = n > 0 ? suspicion_sum / n : 0;
    e.add("suspicious_share", susp, crowd * clamp01(susp), w.suspicious_share);
    const double sim = similarity_sum / p;
    e.add("similarity", sim, crowd * clamp01(sim), w.similarity);
    const double rep = n > 0 ? repeat_members / n : 0;
    e.add("repeat_share", rep, crowd * clamp01(rep), w.repeat_share);
    const double coh = n > 0 ? cohort_sum / n : 0;
    e.add("cohort_share", coh, clamp01((n - 1) / 3) * clamp01(coh), w.cohort_share);
    e.finish();
    return e;
  }
};

CampaignTracker::CampaignTracker(CampaignOptions options) : options_(options) {
  AccountState nobody;
  single_score_ = from_single(1, Single{1, &nobody, 0, 1, 0})->score;
}
CampaignTracker::~CampaignTracker() = default;

namespace {

uint64_t pair_key(uint64_t a, uint64_t b) {
  if (a > b) std::swap(a, b);
  return mix64(a ^ mix64(b + 0x9e3779b97f4a7c15ull));
}

}  // namespace

void CampaignTracker::count_pairs(Cluster& c, size_t newcomer) {
  if (newcomer >= options_.max_pair_members) return;
  Cluster::Member& a = c.members[newcomer];
  const size_t first = newcomer > options_.pair_partners ? newcomer - options_.pair_partners : 0;
  for (size_t j = first; j < newcomer; ++j) {
    Cluster::Member& b = c.members[j];
    const uint32_t met = ++pairs_.upsert(pair_key(a.hash, b.hash), now_ms_);
    if (met < 2) continue;
    if (met == 2) {
      ++a.account->repeat_partners;
      ++b.account->repeat_partners;
    }
    for (Cluster::Member* m : {&a, &b}) {
      if (m->repeat) continue;
      m->repeat = true;
      ++c.repeat_members;
    }
  }
}

void CampaignTracker::add_author(Cluster& c, const CampaignObservation& obs, double cohort) {
  c.members.push_back({obs.account_hash, obs.account, false, 0.0});
  if (!c.member_set.empty()) {
    c.member_set.insert(obs.account_hash);
  } else if (c.members.size() > 16) {
    for (const auto& m : c.members) c.member_set.insert(m.hash);
  }
  c.suspicion_sum += clamp01(obs.suspicion);
  c.cohort_sum += cohort;
  count_pairs(c, c.members.size() - 1);
}

void CampaignTracker::propagate(Cluster& c) {
  if (c.members.size() < 2) return;
  const bool all = std::abs(c.score - c.pushed_score) >= options_.propagate_step;
  // Without `all` only members never pushed are: those from first_unpushed on.
  for (size_t i = all ? 0 : c.first_unpushed; i < c.members.size(); ++i) {
    Cluster::Member& m = c.members[i];
    if (!all && m.pushed > 0) continue;
    if (m.pushed == 0) ++m.account->campaign_clusters;
    m.account->campaign_sum += c.score - m.pushed;
    m.account->campaign_max = std::max(m.account->campaign_max, c.score);
    m.pushed = c.score;
  }
  if (c.score > 0) c.first_unpushed = c.members.size();  // every member now holds c.score
  if (all) c.pushed_score = c.score;
}

void CampaignTracker::replay(Cluster& c, uint64_t cluster, const Single& s) {
  apply(c,
        {.cluster = cluster,
         .account_hash = s.account_hash,
         .account = s.account,
         .suspicion = s.suspicion,
         .similarity = s.similarity,
         .time_ms = s.time_ms},
        s.cohort);
}

std::unique_ptr<CampaignTracker::Cluster> CampaignTracker::from_single(uint64_t cluster,
                                                                       const Single& s) {
  auto c = std::make_unique<Cluster>();
  replay(*c, cluster, s);
  return c;
}

double CampaignTracker::observe(const CampaignObservation& obs) {
  maybe_sweep(obs.time_ms);
  if (obs.cluster == 0 || obs.account == nullptr) return 0.0;
  if (Cluster* c = find_cluster(obs.cluster)) return apply(*c, obs);
  const auto* single = singles_.find(obs.cluster);
  if (single == nullptr && !obs.amplification) {
    singles_.put(obs.cluster,
                 {obs.account_hash, obs.account, obs.suspicion, obs.similarity,
                  cohort_signal(*obs.account), obs.time_ms},
                 obs.time_ms);
    return single_score_;
  }
  Cluster& c = add_cluster(obs.cluster);
  if (single != nullptr) replay(c, obs.cluster, single->value);
  singles_.erase(obs.cluster);
  return apply(c, obs);
}

double CampaignTracker::apply(Cluster& c, const CampaignObservation& obs, double cohort) {
  c.last_ms = std::max(c.last_ms, obs.time_ms);
  if (obs.amplification) {
    ++c.amplifications;
    return c.score;
  }
  ++c.posts;
  c.similarity_sum += clamp01(obs.similarity);
  c.recent.push_back(obs.time_ms);
  while (c.recent_head < c.recent.size() &&
         c.recent[c.recent_head] < obs.time_ms - options_.sync_window_ms)
    ++c.recent_head;
  const size_t in_window = c.recent.size() - c.recent_head;
  c.densest = std::max<uint32_t>(c.densest, static_cast<uint32_t>(in_window));
  if (c.recent_head >= in_window) {  // the dropped prefix is the larger half: compact
    c.recent.erase(c.recent.begin(), c.recent.begin() + static_cast<ptrdiff_t>(c.recent_head));
    c.recent_head = 0;
  }
  if (!c.has_member(obs.account_hash))
    add_author(c, obs, cohort < 0 ? cohort_signal(*obs.account) : cohort);
  c.score = c.explain(options_.weights).value;
  propagate(c);
  return c.score;
}

CampaignTracker::Cluster* CampaignTracker::find_cluster(uint64_t cluster) const {
  if (cluster == 0) return nullptr;  // the table would read key 0 as key 1
  const auto* e = clusters_.find(cluster);
  return e ? e->value : nullptr;
}

void CampaignTracker::prefetch(uint64_t cluster, int stage) const {
  if (cluster == 0) return;
  if (stage == 0) {
    clusters_.prefetch(cluster);
  } else if (const Cluster* c = find_cluster(cluster)) {
    __builtin_prefetch(c);
    __builtin_prefetch(reinterpret_cast<const char*>(c) + 64);
    __builtin_prefetch(reinterpret_cast<const char*>(c) + 128);
  }
}

CampaignTracker::Cluster& CampaignTracker::add_cluster(uint64_t cluster) {
  Cluster* c;
  if (!free_clusters_.empty()) {
    c = cluster_pool_[free_clusters_.back()].get();  // recycled at eviction
    free_clusters_.pop_back();
  } else {
    c = cluster_pool_.emplace_back(std::make_unique<Cluster>()).get();
    c->pool_index = static_cast<uint32_t>(cluster_pool_.size() - 1);
  }
  clusters_.put(cluster, c, 0);
  return *c;
}

double CampaignTracker::cluster_score(uint64_t cluster) const {
  if (cluster == 0) return 0.0;
  if (const Cluster* c = find_cluster(cluster)) return c->score;
  return singles_.find(cluster) ? single_score_ : 0.0;
}

uint32_t CampaignTracker::cluster_authors(uint64_t cluster) const {
  if (cluster == 0) return 0;
  if (const Cluster* c = find_cluster(cluster)) return static_cast<uint32_t>(c->members.size());
  return singles_.find(cluster) ? 1 : 0;
}

ScoreExplanation CampaignTracker::explain_cluster(uint64_t cluster) const {
  if (const Cluster* c = find_cluster(cluster)) return c->explain(options_.weights);
  const auto* single = cluster != 0 ? singles_.find(cluster) : nullptr;
  if (single == nullptr) return ScoreExplanation{.score = "campaign"};
  // A scratch copy of the tracker builds the cluster without touching this one's state (a
  // single post has no pairs and pushes nothing to its account).
  CampaignTracker scratch(options_);
  return scratch.from_single(cluster, single->value)->explain(options_.weights);
}

double CampaignTracker::cohort_signal(const AccountState& a) const {
  const double full = std::max<double>(options_.cohort_full, 4);
  return clamp01((static_cast<double>(a.cohort) - 3) / (full - 3));
}

ScoreExplanation CampaignTracker::explain_account(const AccountState& a) const {
  const AccountCampaignWeights& w = options_.account_weights;
  ScoreExplanation e{.score = "account_campaign", .bias = w.bias};
  const double mean = a.campaign_clusters ? a.campaign_sum / a.campaign_clusters : 0.0;
  e.add("cluster_max", a.campaign_max, clamp01(a.campaign_max), w.cluster_max);
  e.add("cluster_mean", mean, clamp01(mean), w.cluster_mean);
  e.add("repeat_partners", a.repeat_partners, clamp01(a.repeat_partners / 5.0), w.repeat_partners);
  e.add("cohort", a.cohort, cohort_signal(a), w.cohort);
  e.finish();
  return e;
}

void CampaignTracker::maybe_sweep(int64_t time_ms) {
  now_ms_ = std::max(now_ms_, time_ms);
  if (next_sweep_ms_ == 0) next_sweep_ms_ = now_ms_ + options_.window_ms / 8;
  if (now_ms_ < next_sweep_ms_) return;
  const int64_t horizon = now_ms_ - options_.window_ms;
  clusters_.erase_if([&](const auto& e) {
    if (e.value->last_ms >= horizon) return false;
    e.value->recycle();
    free_clusters_.push_back(e.value->pool_index);
    return true;
  });
  singles_.sweep(horizon);
  const int64_t pair_horizon = now_ms_ - options_.pair_window_ms;
  pairs_.sweep(pair_horizon);
  next_sweep_ms_ = now_ms_ + options_.window_ms / 8;
}

}  // namespace chorus::trust
