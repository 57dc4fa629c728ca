#include "stream/sim/simulator.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <unordered_map>

#include "post/post_json.h"
#include "sim_test_util.h"
#include "stream/sim/truth_json.h"

namespace chorus::sim {
namespace {

using testing::collect;
using testing::small_config;

std::string render_run(SimConfig config, size_t posts) {
  config.max_posts = posts;
  Simulator sim(std::move(config));
  std::string out;
  Post p;
  GroundTruth t;
  while (sim.next(&p, &t)) {
    append_post_json(p, &out);
    out.push_back('\n');
    append_truth_json(t, &out);
    out.push_back('\n');
  }
  return out;
}

TEST(SimulatorTest, SameSeedGivesIdenticalBytes) {
  std::string a = render_run(small_config(42), 20000);
  std::string b = render_run(small_config(42), 20000);
  ASSERT_FALSE(a.empty());
  EXPECT_EQ(a, b);
  EXPECT_NE(a, render_run(small_config(43), 20000));
}

TEST(SimulatorTest, StopsAfterMaxPosts) {
  SimConfig c = small_config(1);
  c.max_posts = 123;
  Simulator sim(c);
  EXPECT_EQ(collect(sim, 1000).size(), 123u);
  Post p;
  GroundTruth t;
  EXPECT_FALSE(sim.next(&p, &t));
  EXPECT_EQ(sim.posts_written(), 123u);
}

TEST(SimulatorTest, StopsWhenSimulatedClockPassesDuration) {
  SimConfig c = small_config(2);
  c.start_ms = 1700000000000;
  c.duration_ms = 60 * 1000;
  Simulator sim(c);
  auto posts = collect(sim, 100000);
  ASSERT_GT(posts.size(), 600u);  // 20 organic posts/s for a minute, plus bots
  EXPECT_LT(posts.size(), 3000u);
  EXPECT_GE(posts.front().post.created_at_ms, c.start_ms);
  EXPECT_LE(posts.back().post.created_at_ms, c.start_ms + c.duration_ms);
  EXPECT_GT(posts.back().post.created_at_ms, c.start_ms + 55 * 1000);
}

TEST(SimulatorTest, DefaultStartIsFixedPerSeed) {
  Simulator a(small_config(5)), b(small_config(5)), c(small_config(6));
  EXPECT_EQ(a.start_ms(), default_start_ms(5));
  EXPECT_EQ(a.start_ms(), b.start_ms());
  EXPECT_NE(a.start_ms(), c.start_ms());
  EXPECT_EQ(a.start_ms() % 1000, 0);
  EXPECT_GE(a.start_ms(), 1704067200000);  // within 2024
  EXPECT_LT(a.start_ms(), 1735689600000);
}

TEST(SimulatorTest, PostsAreOrderedUniqueValidAndRoundTrip) {
  Simulator sim(small_config(7));
  auto posts = collect(sim, 30000);
  ASSERT_EQ(posts.size(), 30000u);
  std::set<std::string> ids;
  int64_t last = 0;
  PostJsonParser parser;
  for (const auto& s : posts) {
    const Post& p = s.post;
    ASSERT_TRUE(validate(p).is_ok()) << p.id << ": " << validate(p).to_string();
    EXPECT_TRUE(ids.insert(p.id).second) << "duplicate id " << p.id;
    EXPECT_GE(p.created_at_ms, last) << p.id;
    last = p.created_at_ms;
    EXPECT_EQ(p.source, "simulator");
    Post back;
    ASSERT_TRUE(parser.parse(post_to_json(p), &back).is_ok()) << p.id;
    EXPECT_EQ(back, p) << post_to_json(p);
  }
}

TEST(SimulatorTest, LinksPointToEarlierPosts) {
  Simulator sim(small_config(8));
  auto posts = collect(sim, 20000);
  std::set<std::string> seen;
  size_t replies = 0, quotes = 0, reposts = 0;
  for (const auto& s : posts) {
    const Post& p = s.post;
    for (const std::string* link : {&p.reply_to, &p.quote_of, &p.repost_of})
      if (!link->empty()) {
        EXPECT_TRUE(seen.count(*link)) << p.id << " -> " << *link;
      }
    replies += !p.reply_to.empty();
    quotes += !p.quote_of.empty();
    reposts += !p.repost_of.empty();
    if (!p.repost_of.empty()) {
      EXPECT_TRUE(p.text.empty()) << p.id;
    }
    seen.insert(p.id);
  }
  EXPECT_GT(replies, posts.size() / 20);
  EXPECT_GT(quotes, posts.size() / 200);
  EXPECT_GT(reposts, posts.size() / 20);
}

TEST(SimulatorTest, EntitiesMatchTheText) {
  Simulator sim(small_config(9));
  auto posts = collect(sim, 20000);
  size_t with_tags = 0, with_mentions = 0, with_urls = 0;
  for (const auto& s : posts) {
    const Post& p = s.post;
    for (const auto& h : p.hashtags)
      EXPECT_NE(p.text.find("#" + h), std::string::npos) << p.id << ": " << p.text;
    for (const auto& m : p.mentions)
      EXPECT_NE(p.text.find("@" + m), std::string::npos) << p.id << ": " << p.text;
    for (const auto& u : p.urls) {
      EXPECT_NE(p.text.find(u), std::string::npos) << p.id;
      EXPECT_EQ(u.rfind("https://", 0), 0u) << u;
    }
    // Every '#' token of the text is listed (the lists are complete, not just correct).
    size_t hashes = 0;
    for (size_t i = 0; i < p.text.size(); ++i)
      hashes += p.text[i] == '#' && (i == 0 || p.text[i - 1] == ' ');
    EXPECT_EQ(hashes, p.hashtags.size()) << p.text;
    with_tags += !p.hashtags.empty();
    with_mentions += !p.mentions.empty();
    with_urls += !p.urls.empty();
  }
  EXPECT_GT(with_tags, posts.size() / 5);
  EXPECT_GT(with_mentions, posts.size() / 20);
  EXPECT_GT(with_urls, posts.size() / 50);
}

TEST(SimulatorTest, TruthDescribesItsPost) {
  Simulator sim(small_config(10));
  auto posts = collect(sim, 20000);
  std::unordered_map<std::string, const SimAccount*> by_id;
  for (const auto& a : sim.accounts()) by_id[a.account.id] = &a;
  for (const auto& s : posts) {
    const Post& p = s.post;
    const GroundTruth& t = s.truth;
    EXPECT_EQ(t.post_id, p.id);
    EXPECT_EQ(t.lang, p.lang);
    EXPECT_FALSE(t.topic.empty());
    if (!t.claim_id.empty()) {
      EXPECT_EQ(t.event, t.claim_id);
    }
    if (t.fact_version >= 0) {
      EXPECT_EQ(t.event.rfind("ev-", 0), 0u);
    }
    EXPECT_EQ(t.author_coordinated, !t.coordination_group.empty());
    ASSERT_TRUE(by_id.count(p.author.id)) << p.author.id;
    const SimAccount* author = by_id[p.author.id];
    EXPECT_EQ(author->account, p.author);
    EXPECT_EQ(t.author_automated, author->automated);
    EXPECT_EQ(t.author_coordinated, author->group >= 0);
    if (t.author_automated) {
      EXPECT_EQ(t.role, Role::kAutomated);
    }
  }
}

}  // namespace
}  // namespace chorus::sim
