// The Index end to end: log + analyzer + segments + sealing, with a fake clock.
#include "index/index.h"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "base/random.h"
#include "support/fault_env.h"
#include "support/temp_dir.h"

namespace chorus::index {
namespace {

constexpr int64_t kNow = 1'750'000'000'000;

Post make_post(int i, const std::string& text, int64_t created = kNow) {
  Post p;
  p.id = "p" + std::to_string(i);
  p.author.handle = "user" + std::to_string(i % 7);
  p.text = text;
  p.created_at_ms = created;
  p.lang = "en";
  p.metrics.likes = i % 11;
  return p;
}

class IndexTest : public ::testing::Test {
 protected:
  IndexTest() { env_.set_now_ms(kNow); }

  std::unique_ptr<Index> open(IndexOptions opts = {}, const std::string& sub = "idx") {
    opts.log.sync = LogOptions::Sync::kNone;
    auto r = Index::open(&env_, dir_.file(sub), opts);
    EXPECT_TRUE(r.is_ok()) << r.status().to_string();
    return r.is_ok() ? std::move(r).value() : nullptr;
  }

  static std::vector<std::string> ids(const SearchResult& r) {
    std::vector<std::string> out;
    for (const Hit& h : r.hits) out.push_back(h.post.id);
    return out;
  }

  static SearchResult search(const Index& idx, const std::string& text,
                             Query::Order order = Query::Order::kNewest, size_t limit = 10) {
    Query q;
    q.text = text;
    q.order = order;
    q.limit = limit;
    auto r = idx.search(q);
    EXPECT_TRUE(r.is_ok()) << r.status().to_string();
    return r.is_ok() ? std::move(r).value() : SearchResult{};
  }

  testing::FaultEnv env_;
  testing::TempDir dir_;
};

TEST_F(IndexTest, IngestedPostIsSearchableAtOnce) {
  auto idx = open();
  ASSERT_TRUE(idx->ingest(make_post(1, "Fire at the harbour")).is_ok());
  ASSERT_TRUE(idx->ingest(make_post(2, "Flood in the valley")).is_ok());
  ASSERT_TRUE(idx->ingest(make_post(3, "fire and flood warnings")).is_ok());
  EXPECT_EQ(ids(search(*idx, "fire")), (std::vector<std::string>{"p3", "p1"}));
  EXPECT_EQ(ids(search(*idx, "fire flood")), (std::vector<std::string>{"p3"}));
  EXPECT_EQ(ids(search(*idx, "fire OR flood")), (std::vector<std::string>{"p3", "p2", "p1"}));
  EXPECT_EQ(ids(search(*idx, "fire -flood")), (std::vector<std::string>{"p1"}));
  EXPECT_TRUE(search(*idx, "earthquake").hits.empty());
  SearchResult scored = search(*idx, "fire", Query::Order::kScore);
  ASSERT_EQ(scored.hits.size(), 2u);
  EXPECT_GT(scored.hits[0].score, 0);
  EXPECT_EQ(scored.hits[0].post.text.find("ire") != std::string::npos, true);
  auto got = idx->get("p2");
  ASSERT_TRUE(got.is_ok());
  EXPECT_EQ(got->text, "Flood in the valley");
  EXPECT_EQ(idx->get("nope").status().code(), StatusCode::kNotFound);
}

// A batch larger than one unit of work (1024 posts): duplicates are found within a chunk, across
// chunks of the same batch, and against earlier batches.
TEST_F(IndexTest, DuplicatesAcrossChunksOfALargeBatch) {
  auto idx = open();
  std::vector<Post> batch;
  for (int i = 0; i < 3000; ++i) batch.push_back(make_post(i % 2500, "wave " + std::to_string(i)));
  auto r = idx->ingest_batch(batch);
  ASSERT_EQ(r.size(), 3000u);
  for (size_t i = 0; i < r.size(); ++i)
    EXPECT_EQ(*r[i], i < 2500 ? IngestOutcome::kIndexed : IngestOutcome::kDuplicate) << i;
  std::vector<Post> again = {make_post(2499, "x"), make_post(2500, "new"), make_post(2500, "y")};
  r = idx->ingest_batch(again);
  EXPECT_EQ(*r[0], IngestOutcome::kDuplicate);
  EXPECT_EQ(*r[1], IngestOutcome::kIndexed);
  EXPECT_EQ(*r[2], IngestOutcome::kDuplicate);
  EXPECT_EQ(idx->stats().posts, 2501u);
  EXPECT_EQ(idx->stats().duplicates, 502u);
  EXPECT_EQ(ids(search(*idx, "wave 2999")), std::vector<std::string>{});  // a duplicate's text
  EXPECT_EQ(ids(search(*idx, "wave 2499")), (std::vector<std::string>{"p2499"}));
}

// Hashtags and mentions carried in fields are indexed like text; ones the text already has are
// not counted twice (doc length and term frequency as for the text alone).
TEST_F(IndexTest, HashtagAndMentionFieldsAreIndexed) {
  auto idx = open();
  Post p = make_post(1, "Smoke over the #Harbour, says @Alice");
  p.hashtags = {"harbour", "WildFire", "حريق"};
  p.mentions = {"alice", "bob.bsky.social"};
  ASSERT_TRUE(idx->ingest(p).is_ok());
  ASSERT_TRUE(idx->ingest(make_post(2, "#harbour #harbour again")).is_ok());
  for (const char* q : {"#wildfire", "#حريق", "@bob.bsky.social", "@alice", "smoke"})
    EXPECT_EQ(ids(search(*idx, q)), (std::vector<std::string>{"p1"})) << q;
  EXPECT_EQ(ids(search(*idx, "#harbour")), (std::vector<std::string>{"p2", "p1"}));
}

TEST_F(IndexTest, FiltersByAuthorLanguageTimeAndEngagement) {
  auto idx = open();
  for (int i = 0; i < 40; ++i) {
    Post p = make_post(i, "storm update number " + std::to_string(i), kNow - (40 - i) * 60'000);
    if (i % 4 == 0) p.lang = "fr";
    ASSERT_TRUE(idx->ingest(p).is_ok());
  }
  Query q;
  q.text = "storm";
  q.limit = 100;
  q.author = "@USER3";
  auto r = idx->search(q);
  ASSERT_TRUE(r.is_ok());
  for (const Hit& h : r->hits) EXPECT_EQ(h.post.author.handle, "user3");
  EXPECT_EQ(r->hits.size(), 6u);  // 3, 10, 17, 24, 31, 38
  q.author.clear();
  q.lang = "fr";
  EXPECT_EQ(idx->search(q)->hits.size(), 10u);
  q.lang.clear();
  q.since_ms = kNow - 10 * 60'000;
  EXPECT_EQ(idx->search(q)->hits.size(), 10u);
  q.since_ms = INT64_MIN;
  q.min_engagement = 10;
  auto engaged = idx->search(q);  // keep the Result alive while its hits are read
  ASSERT_TRUE(engaged.is_ok());
  for (const Hit& h : engaged->hits) EXPECT_GE(h.post.metrics.engagement(), 10);
  EXPECT_EQ(idx->search(q)->hits.size(), 3u);  // likes == 10: i = 10, 21, 32
}

TEST_F(IndexTest, DuplicatesAreIgnoredAndCounted) {
  auto idx = open();
  EXPECT_EQ(*idx->ingest(make_post(1, "hello world")), IngestOutcome::kIndexed);
  EXPECT_EQ(*idx->ingest(make_post(1, "hello again")), IngestOutcome::kDuplicate);
  std::vector<Post> batch = {make_post(2, "a"), make_post(2, "b"), make_post(1, "c")};
  auto r = idx->ingest_batch(batch);
  EXPECT_EQ(*r[0], IngestOutcome::kIndexed);
  EXPECT_EQ(*r[1], IngestOutcome::kDuplicate);
  EXPECT_EQ(*r[2], IngestOutcome::kDuplicate);
  EXPECT_EQ(idx->stats().posts, 2u);
  EXPECT_EQ(idx->stats().duplicates, 3u);
  Post bad = make_post(9, "x");
  bad.id.clear();
  EXPECT_EQ(idx->ingest(bad).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(idx->stats().posts, 2u);
}

// Random corpus: an index sealing every 50 posts answers exactly like one that never seals, and
// reopening (log replay) rebuilds the same answers, duplicates included.
TEST_F(IndexTest, SealingAndReopenKeepResults) {
  IndexOptions small;
  small.segment_posts = 50;
  auto a = open(small, "a");
  auto b = open({}, "b");
  Rng rng(7);
  std::vector<std::string> words = {"red", "green", "blue", "cat", "dog", "fish", "sun", "moon"};
  for (int i = 0; i < 700; ++i) {
    std::string text;
    int n = static_cast<int>(rng.range(2, 8));
    for (int k = 0; k < n; ++k) text += words[rng.below(rng.chance(0.5) ? 3 : words.size())] + " ";
    Post p = make_post(i, text, kNow - (700 - i) * 1000);
    ASSERT_TRUE(a->ingest(p).is_ok());
    ASSERT_TRUE(b->ingest(p).is_ok());
  }
  EXPECT_GT(a->stats().segments, 10u);
  EXPECT_EQ(b->stats().segments, 1u);
  std::vector<std::string> queries = {"red",       "red blue",     "cat OR dog fish", "-red sun",
                                      "moon -cat", "green OR sun", "dog cat moon"};
  auto check = [&](const Index& x, const Index& y) {
    for (const std::string& q : queries) {
      for (auto order : {Query::Order::kNewest, Query::Order::kScore}) {
        SearchResult rx = search(x, q, order, 15), ry = search(y, q, order, 15);
        ASSERT_EQ(ids(rx), ids(ry)) << q;
        for (size_t k = 0; k < rx.hits.size(); ++k)
          EXPECT_NEAR(rx.hits[k].score, ry.hits[k].score, 1e-9 * (1 + ry.hits[k].score));
      }
    }
  };
  check(*a, *b);
  ASSERT_TRUE(a->close().is_ok());
  a.reset();
  RecoveryReport report;
  small.log.sync = LogOptions::Sync::kNone;
  auto reopened = Index::open(&env_, dir_.file("a"), small, &report);
  ASSERT_TRUE(reopened.is_ok()) << reopened.status().to_string();
  EXPECT_EQ(report.records, 700u);
  EXPECT_EQ((*reopened)->stats().posts, 700u);
  check(**reopened, *b);
  EXPECT_EQ(*(*reopened)->ingest(make_post(5, "again")), IngestOutcome::kDuplicate);
}

// Readers search while the writer ingests and segments are sealed underneath them: every hit
// is a complete post, newest-first lists are contiguous, and counts never go backwards.
TEST_F(IndexTest, ConcurrentReadersDuringIngestAndSealing) {
  IndexOptions opts;
  opts.segment_posts = 256;
  auto idx = open(opts);
  std::atomic<bool> stop{false};
  std::atomic<int> rounds{0};
  auto reader = [&] {
    uint64_t last_matched = 0;
    while (!stop.load()) {
      Query q;
      q.text = "alpha";
      q.order = Query::Order::kNewest;
      q.limit = 5;
      auto r = idx->search(q);
      ASSERT_TRUE(r.is_ok()) << r.status().to_string();
      for (size_t k = 0; k < r->hits.size(); ++k) {
        const Hit& h = r->hits[k];
        ASSERT_EQ(h.post.id, "p" + std::to_string(h.doc));
        ASSERT_NE(h.post.text.find("alpha"), std::string::npos);
        if (k > 0) {
          ASSERT_EQ(h.doc + 1, r->hits[k - 1].doc);
        }
      }
      q.limit = 1'000'000;
      q.fetch_posts = false;
      auto all = idx->search(q);
      ASSERT_TRUE(all.is_ok());
      ASSERT_GE(all->matched, last_matched);
      ASSERT_EQ(all->hits.size(), all->matched);
      if (!all->hits.empty()) {
        ASSERT_EQ(all->hits.back().doc, 0u);
      }
      last_matched = all->matched;
      rounds.fetch_add(1);
    }
  };
  std::thread r1(reader), r2(reader);
  for (int i = 0; i < 3000; ++i)
    ASSERT_TRUE(idx->ingest(make_post(i, "alpha beta " + std::to_string(i % 13))).is_ok());
  stop.store(true);
  r1.join();
  r2.join();
  EXPECT_GT(rounds.load(), 0);
  EXPECT_GT(idx->stats().segments, 5u);
}

TEST_F(IndexTest, RetentionDropsWholeOldSegments) {
  IndexOptions opts;
  opts.segment_posts = 100;
  opts.retention_age_ms = 3'600'000;
  auto idx = open(opts);
  for (int i = 0; i < 500; ++i) {
    int64_t created = i < 300 ? kNow - 5 * 3'600'000 : kNow - 60'000;
    ASSERT_TRUE(idx->ingest(make_post(i, "retained text", created)).is_ok());
  }
  // Wait for the sealer: retention only drops sealed segments.
  for (int spin = 0; spin < 2000 && idx->stats().segments > 0; ++spin) {
    if (idx->apply_retention().is_ok() && idx->stats().posts == 200) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  EXPECT_EQ(idx->stats().posts, 200u);
  auto r = search(*idx, "retained", Query::Order::kNewest, 1000);
  EXPECT_EQ(r.hits.size(), 200u);
  EXPECT_EQ(idx->get("p10").status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(idx->get("p450").is_ok());
}

TEST_F(IndexTest, RetentionByCount) {
  IndexOptions opts;
  opts.segment_posts = 100;
  opts.retention_max_posts = 250;
  auto idx = open(opts);
  for (int i = 0; i < 520; ++i) ASSERT_TRUE(idx->ingest(make_post(i, "counted")).is_ok());
  for (int spin = 0; spin < 2000; ++spin) {
    ASSERT_TRUE(idx->apply_retention().is_ok());
    if (idx->stats().posts <= 320) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  // Whole segments go: 520 -> 320 keeps at least 250.
  EXPECT_EQ(idx->stats().posts, 320u);
}

TEST_F(IndexTest, TrendingFindsABurstWithAFakeClock) {
  auto idx = open();
  int id = 0;
  // An hour of steady chatter, then a burst of #quake in the last five minutes.
  for (int minute = 0; minute < 65; ++minute) {
    int64_t t = kNow - (64 - minute) * 60'000;
    env_.set_now_ms(t);
    for (int k = 0; k < 5; ++k)
      ASSERT_TRUE(idx->ingest(make_post(id++, "weather steady", t)).is_ok());
    for (int k = 0; minute >= 60 && k < 20; ++k)
      ASSERT_TRUE(idx->ingest(make_post(id++, "shaking #quake now", t)).is_ok());
  }
  env_.set_now_ms(kNow);
  auto top = idx->trending(5 * 60'000, 5, 0);
  ASSERT_FALSE(top.empty());
  EXPECT_EQ(top[0].count, 100u);
  EXPECT_TRUE(top[0].term == "#quake" || top[0].term == "shaking" || top[0].term == "now")
      << top[0].term;
  bool quake = false, steady_low = true;
  for (const auto& t : top) {
    quake |= t.term == "#quake";
    if (t.term == "steady") steady_low = t.burst < 1.5;
  }
  EXPECT_TRUE(quake);
  EXPECT_TRUE(steady_low);
  EXPECT_GT(top[0].burst, 10.0);
}

TEST_F(IndexTest, ArabicQueryFindsOtherSpellings) {
  auto idx = open();
  Post p = make_post(1, "وصل أحمد إلى المدرسة", kNow);
  p.lang = "ar";
  ASSERT_TRUE(idx->ingest(p).is_ok());
  ASSERT_TRUE(idx->ingest(make_post(2, "unrelated english text")).is_ok());
  for (const std::string q : {"احمد", "أحمد", "المدرسه", "مدرسة", "الى"}) {
    EXPECT_EQ(ids(search(*idx, q)), (std::vector<std::string>{"p1"})) << q;
  }
}

}  // namespace
}  // namespace chorus::index
