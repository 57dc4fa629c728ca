// Breaking events burst and decay, and their facts evolve: stale reports repeat superseded
// facts, credible accounts announce corrections.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include "sim_test_util.h"
#include "stream/sim/places.h"
#include "stream/sim/simulator.h"

namespace chorus::sim {
namespace {

using testing::collect;
using testing::Sample;
using testing::small_config;

class EventTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    SimConfig c = small_config(21);
    c.event_interval_ms = 20 * 60 * 1000;
    c.campaign_interval_ms = 10LL * 3600 * 1000;
    c.duration_ms = 100 * 60 * 1000;
    sim_ = new Simulator(c);
    posts_ = new std::vector<Sample>(collect(*sim_, 10000000));
  }
  static void TearDownTestSuite() {
    delete posts_;
    delete sim_;
  }
  static Simulator* sim_;
  static std::vector<Sample>* posts_;
};
Simulator* EventTest::sim_ = nullptr;
std::vector<Sample>* EventTest::posts_ = nullptr;

TEST_F(EventTest, EventBurstsThenDecays) {
  ASSERT_GE(sim_->events().size(), 2u);
  const SimEvent& e = sim_->events()[0];
  auto count = [&](double from_tau, double to_tau) {
    size_t n = 0;
    for (const auto& s : *posts_) {
      if (s.truth.event != e.id) continue;
      double x =
          static_cast<double>(s.post.created_at_ms - e.start_ms) / static_cast<double>(e.tau_ms);
      n += x >= from_tau && x < to_tau;
    }
    return n;
  };
  const size_t before = count(-10, 0), early = count(0, 0.25), peak = count(0.75, 1.25),
               late = count(5.0, 5.5);
  EXPECT_EQ(before, 0u);
  EXPECT_GT(peak, 200u);
  EXPECT_GT(peak, 2 * early);
  EXPECT_GT(peak, 5 * late);
}

// Breaking news starts with witnesses posting within seconds, before the burst builds up.
TEST_F(EventTest, FirstWitnessesPostWithinSeconds) {
  const int64_t end = posts_->back().post.created_at_ms;
  size_t events = 0, two_authors = 0;
  int64_t first_delay_sum = 0;
  for (const SimEvent& e : sim_->events()) {
    if (e.start_ms + kMinuteMs > end) continue;
    const Sample* first = nullptr;
    std::set<std::string> authors;  // in the first 10 s
    size_t first_minute = 0;
    for (const auto& s : *posts_) {
      if (s.truth.event != e.id) continue;
      const int64_t dt = s.post.created_at_ms - e.start_ms;
      if (first == nullptr) first = &s;
      if (dt < 10 * kSecondMs) authors.insert(s.post.author.id);
      first_minute += dt <= kMinuteMs + kSecondMs;
    }
    ASSERT_NE(first, nullptr) << e.id;
    EXPECT_EQ(first->truth.role, Role::kEventReport) << e.id;
    EXPECT_TRUE(first->post.reply_to.empty() && first->post.repost_of.empty() &&
                first->post.quote_of.empty());
    EXPECT_GE(first_minute, 3u) << e.id;  // at least three witnesses
    first_delay_sum += first->post.created_at_ms - e.start_ms;
    two_authors += authors.size() >= 2;
    ++events;
  }
  ASSERT_GE(events, 3u);
  EXPECT_LE(first_delay_sum / static_cast<int64_t>(events), 3 * kSecondMs);
  EXPECT_GE(two_authors * 10, events * 6) << two_authors << " of " << events;
}

TEST_F(EventTest, ReportsCiteCurrentOrStaleFacts) {
  size_t current = 0, stale = 0, with_number = 0, latin = 0;
  for (const auto& s : *posts_) {
    if (s.truth.role != Role::kEventReport && s.truth.role != Role::kStaleReport) continue;
    if (!s.post.reply_to.empty() || !s.post.quote_of.empty()) continue;
    const SimEvent* e = nullptr;
    for (const auto& ev : sim_->events())
      if (ev.id == s.truth.event) e = &ev;
    ASSERT_NE(e, nullptr);
    const int now = e->version_at(s.post.created_at_ms);
    ASSERT_GE(s.truth.fact_version, 0);
    if (s.truth.role == Role::kStaleReport) {
      EXPECT_LT(s.truth.fact_version, now);
      ++stale;
    } else {
      EXPECT_EQ(s.truth.fact_version, now);
      ++current;
    }
    const auto& fact = e->facts[static_cast<size_t>(s.truth.fact_version)];
    if (s.post.lang != "ar") {  // Arabic has spelling variants and Arabic-Indic digits
      // Most report templates state the figure; all of them name the district.
      with_number += s.post.text.find(std::to_string(fact.number)) != std::string::npos;
      ++latin;
      int lang = lang_index(s.post.lang);
      EXPECT_NE(s.post.text.find(place(e->place).districts[lang][fact.district]), std::string::npos)
          << s.post.text;
    }
  }
  EXPECT_GT(with_number, latin * 7 / 10);
  EXPECT_GT(current, 500u);
  EXPECT_GT(stale, 20u);
}

TEST_F(EventTest, CorrectionsComeLaterFromCredibleAccounts) {
  std::map<std::string, const SimAccount*> accounts;
  for (const auto& a : sim_->accounts()) accounts[a.account.id] = &a;
  size_t corrections = 0;
  for (const auto& s : *posts_) {
    if (s.truth.role != Role::kCorrection) continue;
    ++corrections;
    const SimAccount* a = accounts[s.post.author.id];
    EXPECT_TRUE(a->credible) << s.post.author.handle;
    EXPECT_FALSE(a->automated || a->group >= 0);
    const SimEvent* e = nullptr;
    for (const auto& ev : sim_->events())
      if (ev.id == s.truth.event) e = &ev;
    ASSERT_NE(e, nullptr);
    const auto v = static_cast<size_t>(s.truth.fact_version);
    ASSERT_GE(v, 1u);
    EXPECT_TRUE(e->facts[v].correction);
    EXPECT_NE(e->facts[v].district, e->facts[v - 1].district);
    EXPECT_GE(s.post.created_at_ms, e->facts[v].from_ms);
    EXPECT_GT(s.post.created_at_ms, e->start_ms);
    if (s.post.lang != "ar") {
      int lang = lang_index(s.post.lang);
      const auto& districts = place(e->place).districts[lang];
      EXPECT_NE(s.post.text.find(districts[e->facts[v].district]), std::string::npos);
      EXPECT_NE(s.post.text.find(districts[e->facts[v - 1].district]), std::string::npos);
    }
  }
  EXPECT_GE(corrections, 2u);
}

}  // namespace
}  // namespace chorus::sim
