// Index retention in serve: IndexRetention on a real index, the periodic wrapper used by
// `chorus ingest`, and a server whose writer drops old segments of a simulated stream.
#include "server/index_retention.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "post/post_json.h"
#include "server/server_test_util.h"
#include "stream/sim/simulator.h"
#include "support/temp_dir.h"

namespace chorus::server {
namespace {

Post retained_post(int i) {
  Post p;
  p.id = "p" + std::to_string(i);
  p.author.id = "a1";
  p.author.handle = "alice";
  p.text = "retention check number " + std::to_string(i);
  p.lang = "en";
  p.created_at_ms = 1'700'000'000'000 + i;
  return p;
}

std::unique_ptr<index::Index> open_index(const std::string& dir, uint64_t max_posts) {
  index::IndexOptions o;
  o.segment_posts = 100;
  o.retention_max_posts = max_posts;
  auto idx = index::Index::open(Env::posix(), join_path(dir, "index"), o);
  EXPECT_TRUE(idx.is_ok()) << idx.status().to_string();
  return idx.is_ok() ? std::move(idx).value() : nullptr;
}

TEST(IndexRetentionTest, CountsWhatItDrops) {
  chorus::testing::TempDir dir;
  auto idx = open_index(dir.path(), 250);
  ASSERT_TRUE(idx);
  for (int i = 0; i < 520; ++i) ASSERT_TRUE(idx->ingest(retained_post(i)).is_ok());
  IndexRetention retention(idx.get(), Env::posix(), 30'000);
  Result<uint64_t> dropped = retention.run_after_sealing(30'000);
  ASSERT_TRUE(dropped.is_ok()) << dropped.status().to_string();
  // Whole segments of 100 go while at least 250 remain: 520 -> 320.
  EXPECT_EQ(*dropped, 200u);
  EXPECT_EQ(idx->stats().posts, 320u);
  EXPECT_EQ(retention.counters().runs.load(), 1u);
  EXPECT_EQ(retention.counters().dropped_posts.load(), 200u);
  EXPECT_EQ(retention.counters().errors.load(), 0u);
  EXPECT_FALSE(idx->get("p0").is_ok());
  EXPECT_TRUE(idx->get("p519").is_ok());
  // Not due yet: the interval has not passed since that run.
  ASSERT_TRUE(retention.run_if_due().is_ok());
  EXPECT_EQ(retention.counters().runs.load(), 1u);
}

TEST(IndexRetentionTest, WrapperRunsRetentionAfterWrites) {
  chorus::testing::TempDir dir;
  auto inner = open_index(dir.path(), 150);
  ASSERT_TRUE(inner);
  IndexRetention retention(inner.get(), Env::posix(), 0);  // due at every write
  std::unique_ptr<index::Index> idx = with_periodic_retention(std::move(inner), &retention);
  std::vector<Post> batch;
  for (int i = 0; i < 1000; ++i) {
    batch.push_back(retained_post(i));
    if (batch.size() < 50) continue;
    for (const auto& r : idx->ingest_batch(batch)) ASSERT_TRUE(r.is_ok());
    batch.clear();
  }
  EXPECT_EQ(retention.counters().runs.load(), 20u);
  ASSERT_TRUE(retention.run_after_sealing(30'000).is_ok());
  EXPECT_GT(retention.counters().dropped_posts.load(), 0u);
  EXPECT_LT(idx->stats().posts, 150u + 100u);
  EXPECT_EQ(idx->stats().posts + retention.counters().dropped_posts.load(), 1000u);
  index::Query q;
  q.text = "retention";
  Result<index::SearchResult> found = idx->search(q);
  ASSERT_TRUE(found.is_ok());
  EXPECT_FALSE(found->hits.empty());
  EXPECT_TRUE(idx->close().is_ok());
}

// Simulated posts as canonical JSON lines, timed from now.
std::string simulated_jsonl(int n) {
  sim::SimConfig sc;
  sc.seed = 7;
  sc.start_ms = Env::posix()->now_ms() - 3'600'000;
  sim::Simulator sim(sc);
  Post post;
  sim::GroundTruth truth;
  std::string out;
  for (int i = 0; i < n && sim.next(&post, &truth); ++i) out += post_to_json(post) + "\n";
  return out;
}

TEST(ServerRetentionTest, KeepsTheIndexNearTheLimitAndCountsDrops) {
  constexpr uint64_t kLimit = 300, kSegment = 100;
  // A multiple of the jsonl source's batch (256): following a file, it holds a partial batch
  // back until more lines arrive.
  constexpr int kPosts = 1536;
  chorus::testing::TempDir input;
  const std::string path = input.file("posts.jsonl");
  ASSERT_TRUE(Env::posix()->write_file_atomic(path, simulated_jsonl(kPosts)).is_ok());
  testing::TestServer ts(
      [&](ServeConfig& c) {
        c.source = "jsonl:" + path;
        c.retention_posts = kLimit;
        c.segment_posts = kSegment;
        c.retention_interval_ms = 20;
      },
      false);
  Server& s = ts.server();
  auto processed = [&] {
    const IngestCounters& k = s.ingest().counters();
    return k.indexed.load() + k.duplicates.load() + k.rejected.load();
  };
  // Waits (not a timing check) for the source to finish and retention to catch up.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (std::chrono::steady_clock::now() < deadline &&
         (processed() < kPosts || s.index().stats().posts >= kLimit + kSegment))
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  ASSERT_EQ(processed(), static_cast<uint64_t>(kPosts));
  const uint64_t indexed = s.ingest().counters().indexed.load();
  ASSERT_GT(indexed, kLimit + 2 * kSegment);
  const uint64_t left = s.index().stats().posts;
  EXPECT_LT(left, kLimit + kSegment);
  EXPECT_GE(left, kLimit);
  const double dropped = ts.metric("chorus_index_retention_dropped_posts_total");
  EXPECT_GT(dropped, 0);
  EXPECT_EQ(static_cast<uint64_t>(dropped) + left, indexed);
  EXPECT_GT(ts.metric("chorus_index_retention_runs_total"), 0);
  EXPECT_EQ(ts.metric("chorus_index_retention_errors_total"), 0);
  EXPECT_EQ(ts.metric("chorus_index_posts"), static_cast<double>(left));
}

TEST(ServerRetentionTest, DropsSegmentsOlderThanTheAge) {
  testing::TestServer ts(
      [](ServeConfig& c) {
        c.retention_age_ms = 3'600'000;
        c.segment_posts = 100;
        c.retention_interval_ms = 20;
      },
      false);
  Server& s = ts.server();
  const int64_t now = Env::posix()->now_ms();
  std::vector<Post> posts;
  for (int i = 0; i < 450; ++i) {
    Post p = retained_post(i);
    p.created_at_ms = i < 300 ? now - 5 * 3'600'000 + i : now - 60'000 + i;
    posts.push_back(std::move(p));
  }
  for (const auto& r : s.ingest().submit(std::move(posts), true).get())
    ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  // Waits (not a timing check) for the sealer and the next retention pass.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline && s.index().stats().posts > 150)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_EQ(s.index().stats().posts, 150u);
  EXPECT_EQ(ts.metric("chorus_index_retention_dropped_posts_total"), 300);
  EXPECT_FALSE(s.index().get("p299").is_ok());
  EXPECT_TRUE(s.index().get("p300").is_ok());
}

TEST(ServerRetentionTest, OffByDefault) {
  testing::TestServer ts({}, false);
  EXPECT_EQ(ts.server().config().retention_posts, 0u);
  EXPECT_EQ(ts.metric("chorus_index_retention_runs_total"), 0);
  EXPECT_EQ(ts.metric("chorus_index_retention_dropped_posts_total"), 0);
}

}  // namespace
}  // namespace chorus::server
