#include "stream/sim/account_pool.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <unordered_set>

#include "stream/sim/places.h"
#include "stream/sim/vocab.h"

namespace chorus::sim {
namespace {

constexpr int64_t kDayMs = 24LL * 3600 * 1000;
constexpr int64_t kMaxFollowing = 7500;
// Unverified accounts are credible when at least this old and this followed.
constexpr int64_t kCredibleAgeMs = 3 * 365 * kDayMs;
constexpr int64_t kCredibleFollowers = 20000;
// Share of organic accounts by language: en, ar, fr.
constexpr double kLangShare[kLangCount] = {0.55, 0.30, 0.15};
constexpr std::string_view kNewsSuffix[kLangCount] = {"_daily", "_akhbar", "_info"};
constexpr std::string_view kGroupStems[] = {"truth_voice",   "nile_patriot",  "real_news_now",
                                            "free_thinker",  "citoyen_libre", "sawt_alhaq",
                                            "awake_citizen", "la_verite"};

int pick_lang(Rng& rng) {
  double u = rng.uniform();
  for (int l = 0; l < kLangCount - 1; ++l) {
    if (u < kLangShare[l]) return l;
    u -= kLangShare[l];
  }
  return kLangCount - 1;
}

double lognormal(Rng& rng, double mu, double sigma) {
  return std::exp(mu + sigma * rng.normal());
}
double pareto(Rng& rng, double xmin, double alpha) {
  return xmin / std::pow(1.0 - rng.uniform(), 1.0 / alpha);
}
int64_t clamp_count(double v, int64_t hi) {
  return std::min<int64_t>(hi, static_cast<int64_t>(std::llround(std::max(0.0, v))));
}

std::string lower_ascii(std::string_view s) {
  std::string out;
  for (char c : s)
    if (std::isalnum(static_cast<unsigned char>(c)))
      out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return out;
}

// Makes `handle` unique by appending digits drawn from `rng`.
std::string unique_handle(std::string handle, std::unordered_set<std::string>& taken, Rng& rng) {
  while (!taken.insert(handle).second) handle += static_cast<char>('0' + rng.below(10));
  return handle;
}

}  // namespace

AccountPool::AccountPool(const SimConfig& config, int64_t start_ms, Rng& rng)
    : seed_(config.seed), start_ms_(start_ms) {
  size_t total = std::max<size_t>(config.accounts, 200);
  size_t n_auto = static_cast<size_t>(static_cast<double>(total) * config.automated_share);
  add_news(start_ms, rng);
  add_groups(config.coordination_groups, start_ms, rng);
  add_automated(n_auto, start_ms, rng);
  size_t used = accounts_.size();
  add_ordinary(total > used ? total - used : 0, start_ms, rng);
  size_t verified_news = news_[0].size() + news_[1].size() + news_[2].size();
  double want = config.verified_share * static_cast<double>(accounts_.size());
  mark_verified(
      want > static_cast<double>(verified_news) ? static_cast<size_t>(want) - verified_news : 0,
      rng);
  index_accounts();
  taken_.clear();
}

uint32_t AccountPool::add(SimAccount a, Rng& rng) {
  a.account.handle = unique_handle(std::move(a.account.handle), taken_, rng);
  uint32_t index = static_cast<uint32_t>(accounts_.size());
  a.account.id = "s" + std::to_string(seed_) + "-a" + std::to_string(index);
  accounts_.push_back(std::move(a));
  return index;
}

void AccountPool::add_news(int64_t start_ms, Rng& rng) {
  for (int p = 0; p < kPlaceCount; ++p) {
    for (int l = 0; l < kLangCount; ++l) {
      SimAccount a;
      a.lang = l;
      a.news = a.credible = true;
      a.account.verified = true;
      a.account.handle = lower_ascii(place(p).tag[kLangEn]) + std::string(kNewsSuffix[l]);
      const char* label[kLangCount] = {" Daily", "أخبار ", " Info"};
      a.account.display_name = l == kLangAr ? label[l] + std::string(place(p).name[l])
                                            : std::string(place(p).name[l]) + label[l];
      a.account.created_at_ms =
          start_ms - (8 * 365 + static_cast<int64_t>(rng.below(2500))) * kDayMs;
      a.account.followers = clamp_count(lognormal(rng, std::log(300000.0), 1.0), 50000000);
      a.account.following = clamp_count(lognormal(rng, std::log(200.0), 0.8), kMaxFollowing);
      a.activity = 20.0 + 20.0 * rng.uniform();
      add(std::move(a), rng);
    }
  }
}

void AccountPool::add_groups(size_t n, int64_t start_ms, Rng& rng) {
  for (size_t g = 0; g < n; ++g) {
    CoordinationGroup group;
    group.id = "cg-" + std::to_string(g);
    group.lang = pick_lang(rng);
    std::string stem(kGroupStems[g % std::size(kGroupStems)]);
    if (g >= std::size(kGroupStems)) stem += "_" + std::to_string(g);
    int64_t created = start_ms - (10 + static_cast<int64_t>(rng.below(110))) * kDayMs;
    size_t size = 12 + rng.below(29);
    int number = 10 + static_cast<int>(rng.below(80));
    for (size_t i = 0; i < size; ++i) {
      SimAccount a;
      a.lang = group.lang;
      a.group = static_cast<int>(g);
      number += 1 + static_cast<int>(rng.below(3));
      a.account.handle = stem + std::to_string(number);
      std::string display = stem;
      std::replace(display.begin(), display.end(), '_', ' ');
      display[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(display[0])));
      a.account.display_name = display + " " + std::to_string(number);
      a.account.created_at_ms = created + static_cast<int64_t>(rng.below(3 * 3600 * 1000));
      a.account.followers = clamp_count(lognormal(rng, std::log(60.0), 0.7), kMaxFollowing);
      a.account.following = clamp_count(lognormal(rng, std::log(400.0), 0.5), kMaxFollowing);
      a.activity = 0.5 + rng.uniform();
      group.members.push_back(add(std::move(a), rng));
    }
    groups_.push_back(std::move(group));
  }
}

void AccountPool::add_automated(size_t n, int64_t start_ms, Rng& rng) {
  for (size_t i = 0; i < n; ++i) {
    SimAccount a;
    a.lang = pick_lang(rng);
    a.automated = true;
    a.spam_bot = rng.chance(0.6);
    const LangPack& pack = lang_pack(a.lang);
    a.account.handle = pick(*pack.first_names, rng) + std::to_string(10000 + rng.below(90000));
    a.account.display_name = pick(*pack.display_first, rng);
    a.account.created_at_ms = start_ms - (1 + static_cast<int64_t>(rng.below(60))) * kDayMs;
    a.account.followers = clamp_count(lognormal(rng, std::log(8.0), 1.0), kMaxFollowing);
    a.account.following = clamp_count(lognormal(rng, std::log(1500.0), 0.8), kMaxFollowing);
    a.bot_period_ms = std::clamp<int64_t>(
        static_cast<int64_t>(lognormal(rng, std::log(90000.0), 0.7)), 20000, 600000);
    automated_.push_back(add(std::move(a), rng));
  }
}

void AccountPool::add_ordinary(size_t n, int64_t start_ms, Rng& rng) {
  for (size_t i = 0; i < n; ++i) {
    SimAccount a;
    a.lang = pick_lang(rng);
    const LangPack& pack = lang_pack(a.lang);
    // The ASCII name lists start with the transliterations of the display lists, in order.
    size_t first = rng.below(pack.display_first->size());
    size_t last = rng.below(pack.display_last->size());
    std::string handle = (*pack.first_names)[first];
    uint64_t form = rng.below(4);
    if (form == 1) handle += "_" + (*pack.last_names)[last];
    if (form == 2) handle += "." + (*pack.last_names)[last];
    if (form != 1 || rng.chance(0.5)) handle += std::to_string(rng.below(1000));
    a.account.handle = std::move(handle);
    a.account.display_name = (*pack.display_first)[first] + " " + (*pack.display_last)[last];
    // A tenth are new (under a month); the rest spread over 15 years, more of them recent.
    double age_days =
        rng.chance(0.1) ? 1.0 + 29.0 * rng.uniform() : 30.0 + 5445.0 * std::pow(rng.uniform(), 1.3);
    a.account.created_at_ms = start_ms - static_cast<int64_t>(age_days * kDayMs);
    bool influencer = rng.chance(0.01);
    double followers = influencer ? pareto(rng, 10000, 1.1) : lognormal(rng, 4.2, 1.8);
    a.account.followers = clamp_count(followers, 200000000);
    a.account.following = clamp_count(lognormal(rng, 5.0, 1.1), kMaxFollowing);
    a.activity = std::min(1000.0, pareto(rng, 1.0, 1.3));
    add(std::move(a), rng);
  }
}

void AccountPool::mark_verified(size_t count, Rng& rng) {
  std::vector<std::pair<double, uint32_t>> scores;
  for (uint32_t i = 0; i < accounts_.size(); ++i) {
    const auto& a = accounts_[i];
    if (a.automated || a.group >= 0 || a.news) continue;
    scores.push_back(
        {std::log1p(static_cast<double>(a.account.followers)) + 1.5 * rng.normal(), i});
  }
  count = std::min(count, scores.size());
  std::partial_sort(scores.begin(), scores.begin() + static_cast<ptrdiff_t>(count), scores.end(),
                    [](const auto& x, const auto& y) {
                      return x.first > y.first || (x.first == y.first && x.second < y.second);
                    });
  for (size_t i = 0; i < count; ++i) accounts_[scores[i].second].account.verified = true;
}

void AccountPool::index_accounts() {
  double cum = 0;
  for (uint32_t i = 0; i < accounts_.size(); ++i) {
    auto& a = accounts_[i];
    if (a.automated) continue;
    cum += a.activity;
    organic_.push_back(i);
    organic_cum_.push_back(cum);
    if (a.group >= 0) continue;
    bool old = start_ms_ - a.account.created_at_ms >= kCredibleAgeMs;
    if (a.account.verified || (old && a.account.followers >= kCredibleFollowers)) a.credible = true;
    if (a.credible) credible_[a.lang].push_back(i);
    if (a.news) news_[a.lang].push_back(i);
  }
}

uint32_t AccountPool::pick_organic(Rng& rng) const {
  double r = rng.uniform() * organic_cum_.back();
  size_t k = static_cast<size_t>(std::upper_bound(organic_cum_.begin(), organic_cum_.end(), r) -
                                 organic_cum_.begin());
  return organic_[std::min(k, organic_.size() - 1)];
}

uint32_t AccountPool::pick_credible(int lang, Rng& rng) const {
  const auto& pool = credible_[lang].empty() ? credible_[kLangEn] : credible_[lang];
  return pool[rng.below(pool.size())];
}

uint32_t AccountPool::pick_news(int lang, Rng& rng) const {
  return news_[lang][rng.below(news_[lang].size())];
}

}  // namespace chorus::sim
