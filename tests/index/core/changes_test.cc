// Edits and deletes: Index::update/remove/apply against a model of what should be live, in the
// active segment, in sealed segments, after a clean reopen (segment files), after a full log
// replay, and after a crash (the files copied while the index is open).
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "base/random.h"
#include "index/index.h"
#include "support/fault_env.h"
#include "support/temp_dir.h"

namespace chorus::index {
namespace {

constexpr int64_t kChangesNow = 1'750'000'000'000;

Post post_of(const std::string& id, const std::string& text, int64_t created = kChangesNow) {
  Post p;
  p.id = id;
  p.author.handle = "author";
  p.text = text;
  p.created_at_ms = created;
  p.lang = "en";
  return p;
}

class ChangesTest : public ::testing::Test {
 protected:
  ChangesTest() { env_.set_now_ms(kChangesNow); }

  IndexOptions options(uint32_t segment_posts = 1u << 20, bool persist = true) const {
    IndexOptions o;
    o.segment_posts = segment_posts;
    o.persist_segments = persist;
    o.log.sync = LogOptions::Sync::kNone;
    return o;
  }
  std::unique_ptr<Index> open(const std::string& sub, IndexOptions o) {
    auto r = Index::open(&env_, dir_.file(sub), o);
    EXPECT_TRUE(r.is_ok()) << r.status().to_string();
    return r.is_ok() ? std::move(r).value() : nullptr;
  }
  static std::set<std::string> hits(const Index& idx, const std::string& text,
                                    Query::Order order = Query::Order::kNewest) {
    Query q;
    q.text = text;
    q.limit = 10'000;
    q.order = order;
    auto r = idx.search(q);
    EXPECT_TRUE(r.is_ok()) << r.status().to_string();
    std::set<std::string> out;
    if (!r.is_ok()) return out;
    for (const Hit& h : r->hits) out.insert(h.post.id);
    EXPECT_EQ(r->matched, out.size()) << text;
    return out;
  }

  testing::FaultEnv env_;
  testing::TempDir dir_;
};

TEST_F(ChangesTest, DeleteHidesThePostFromSearchAndGet) {
  auto idx = open("a", options());
  ASSERT_TRUE(idx->ingest(post_of("p1", "harbour fire spreading")).is_ok());
  ASSERT_TRUE(idx->ingest(post_of("p2", "harbour calm today")).is_ok());
  EXPECT_EQ(hits(*idx, "harbour"), (std::set<std::string>{"p1", "p2"}));
  EXPECT_EQ(*idx->remove("p1"), ChangeOutcome::kDeleted);
  EXPECT_EQ(hits(*idx, "harbour"), (std::set<std::string>{"p2"}));
  EXPECT_EQ(hits(*idx, "fire"), std::set<std::string>{});
  EXPECT_EQ(hits(*idx, "harbour", Query::Order::kScore), (std::set<std::string>{"p2"}));
  EXPECT_EQ(hits(*idx, ""), (std::set<std::string>{"p2"}));  // every doc
  auto got = idx->get("p1");
  ASSERT_FALSE(got.is_ok());
  EXPECT_EQ(got.status().code(), StatusCode::kNotFound);
  EXPECT_NE(got.status().message().find("deleted"), std::string::npos);
  // A re-delivered create does not bring it back; a second delete changes nothing.
  EXPECT_EQ(*idx->ingest(post_of("p1", "harbour fire spreading")), IngestOutcome::kDuplicate);
  EXPECT_EQ(*idx->remove("p1"), ChangeOutcome::kGone);
  EXPECT_EQ(hits(*idx, "fire"), std::set<std::string>{});
  IndexStats st = idx->stats();
  EXPECT_EQ(st.deletes, 1u);
  EXPECT_EQ(st.tombstones, 1u);
  EXPECT_EQ(st.unknown_changes, 1u);
}

TEST_F(ChangesTest, DeleteOfAnUnknownIdIsCountedNotAnError) {
  auto idx = open("a", options());
  ASSERT_TRUE(idx->ingest(post_of("p1", "still here")).is_ok());
  auto r = idx->remove("never-seen");
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  EXPECT_EQ(*r, ChangeOutcome::kNotFound);
  EXPECT_EQ(idx->stats().unknown_changes, 1u);
  EXPECT_EQ(idx->stats().deletes, 0u);
  EXPECT_EQ(hits(*idx, "still"), (std::set<std::string>{"p1"}));
  EXPECT_EQ(idx->remove("").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(idx->remove(std::string(kMaxIdBytes + 1, 'x')).status().code(),
            StatusCode::kInvalidArgument);
}

TEST_F(ChangesTest, EditReplacesTheText) {
  auto idx = open("a", options());
  ASSERT_TRUE(idx->ingest(post_of("p1", "first report: three injured")).is_ok());
  ASSERT_TRUE(idx->ingest(post_of("p2", "unrelated chatter")).is_ok());
  EXPECT_EQ(*idx->update(post_of("p1", "correction: five injured, bridge closed")),
            ChangeOutcome::kReplaced);
  EXPECT_EQ(hits(*idx, "three"), std::set<std::string>{});
  EXPECT_EQ(hits(*idx, "correction bridge"), (std::set<std::string>{"p1"}));
  EXPECT_EQ(hits(*idx, "injured"), (std::set<std::string>{"p1"}));  // one hit, not two versions
  EXPECT_EQ(hits(*idx, "injured", Query::Order::kScore), (std::set<std::string>{"p1"}));
  ASSERT_TRUE(idx->get("p1").is_ok());
  EXPECT_EQ(idx->get("p1")->text, "correction: five injured, bridge closed");
  // The exact same version again is a re-delivery: nothing changes.
  EXPECT_EQ(*idx->update(post_of("p1", "correction: five injured, bridge closed")),
            ChangeOutcome::kDuplicate);
  EXPECT_EQ(idx->stats().unchanged_edits, 1u);
  EXPECT_EQ(idx->stats().edits, 1u);
  EXPECT_EQ(idx->stats().tombstones, 1u);
  // An edit of an id never seen is its first version; an edit after a delete stays deleted.
  EXPECT_EQ(*idx->update(post_of("p3", "late arrival")), ChangeOutcome::kIndexed);
  EXPECT_EQ(hits(*idx, "arrival"), (std::set<std::string>{"p3"}));
  ASSERT_EQ(*idx->remove("p2"), ChangeOutcome::kDeleted);
  EXPECT_EQ(*idx->update(post_of("p2", "resurrected chatter")), ChangeOutcome::kGone);
  EXPECT_EQ(hits(*idx, "chatter"), std::set<std::string>{});
  EXPECT_EQ(idx->update(post_of("", "no id")).status().code(), StatusCode::kInvalidArgument);
}

TEST_F(ChangesTest, ApplyKeepsTheOrderOfAMixedBatch) {
  auto idx = open("a", options());
  std::vector<Change> batch = {
      {ChangeKind::kPost, post_of("a", "alpha one")},
      {ChangeKind::kPost, post_of("b", "beta one")},
      {ChangeKind::kDelete, post_of("a", "")},
      {ChangeKind::kPost, post_of("a", "alpha again")},  // after its delete: a duplicate
      {ChangeKind::kEdit, post_of("b", "beta two")},
      {ChangeKind::kDelete, post_of("zz", "")},
      {ChangeKind::kPost, post_of("c", "gamma")},
  };
  auto out = idx->apply(batch);
  ASSERT_EQ(out.size(), batch.size());
  std::vector<ChangeOutcome> want = {ChangeOutcome::kIndexed,  ChangeOutcome::kIndexed,
                                     ChangeOutcome::kDeleted,  ChangeOutcome::kDuplicate,
                                     ChangeOutcome::kReplaced, ChangeOutcome::kNotFound,
                                     ChangeOutcome::kIndexed};
  for (size_t i = 0; i < out.size(); ++i) {
    ASSERT_TRUE(out[i].is_ok()) << i << ": " << out[i].status().to_string();
    EXPECT_EQ(*out[i], want[i]) << i << ": " << change_outcome_name(*out[i]);
  }
  EXPECT_EQ(hits(*idx, "alpha"), std::set<std::string>{});
  EXPECT_EQ(hits(*idx, "beta"), (std::set<std::string>{"b"}));
  EXPECT_EQ(hits(*idx, "one"), std::set<std::string>{});
}

TEST_F(ChangesTest, TrendingForgetsDeletedAndEditedPosts) {
  auto idx = open("a", options());
  for (int i = 0; i < 30; ++i)
    ASSERT_TRUE(idx->ingest(post_of("q" + std::to_string(i), "#quake shaking")).is_ok());
  auto has = [&](const std::string& term) {
    for (const auto& t : idx->trending(5 * 60'000, 20, 0))
      if (t.term == term) return t.count;
    return uint64_t{0};
  };
  EXPECT_EQ(has("#quake"), 30u);
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(idx->remove("q" + std::to_string(i)).is_ok());
  for (int i = 20; i < 29; ++i)
    ASSERT_TRUE(idx->update(post_of("q" + std::to_string(i), "false alarm")).is_ok());
  EXPECT_EQ(has("#quake"), 0u);  // one left: under the minimum count
  EXPECT_EQ(has("alarm"), 9u);
}

// Random posts, edits and deletes over segments of 16 docs (most of them sealed), checked
// against a model after each way of reopening.
TEST_F(ChangesTest, ModelHoldsAcrossSealingReopenReplayAndCrash) {
  const std::vector<std::string> words = {"red", "green", "blue", "cat", "dog", "sun", "moon"};
  std::map<std::string, std::string> live;  // id -> current text
  std::set<std::string> deleted;
  auto idx = open("a", options(16));
  Rng rng(5);
  auto text = [&] {
    std::string t;
    for (int k = 0, n = static_cast<int>(rng.range(1, 4)); k < n; ++k)
      t += words[rng.below(words.size())] + " ";
    return t;
  };
  for (int step = 0; step < 600; ++step) {
    const std::string id = "p" + std::to_string(rng.below(200));
    const double dice = rng.uniform();
    if (dice < 0.6) {
      std::string t = text();
      auto r = idx->ingest(post_of(id, t));
      ASSERT_TRUE(r.is_ok());
      if (*r == IngestOutcome::kIndexed) live[id] = t;
    } else if (dice < 0.8) {
      std::string t = text();
      ASSERT_TRUE(idx->update(post_of(id, t)).is_ok());
      if (!deleted.count(id)) live[id] = t;
    } else {
      ASSERT_TRUE(idx->remove(id).is_ok());
      if (live.erase(id)) deleted.insert(id);
    }
  }
  auto check = [&](const Index& x, const std::string& when) {
    for (const std::string& w : words) {
      std::set<std::string> want;
      for (const auto& [id, t] : live)
        if (t.find(w + " ") != std::string::npos) want.insert(id);
      EXPECT_EQ(hits(x, w), want) << w << " " << when;
      EXPECT_EQ(hits(x, w, Query::Order::kScore), want) << w << " " << when;
    }
    for (const auto& [id, t] : live) {
      auto got = x.get(id);
      ASSERT_TRUE(got.is_ok()) << id << " " << when;
      EXPECT_EQ(got->text, t) << id << " " << when;
    }
    for (const std::string& id : deleted) EXPECT_FALSE(x.get(id).is_ok()) << id << " " << when;
  };
  ASSERT_GT(idx->stats().segments, 10u);
  ASSERT_GT(deleted.size(), 20u);
  check(*idx, "live");
  // Crash: the files as they are while the index is still open (log synced, no close()).
  ASSERT_TRUE(idx->sync().is_ok());
  // The background sealer may rename or remove a file while it is copied: such a file is
  // skipped, as a crash at that moment could leave it half there (the log holds every post).
  std::filesystem::create_directories(dir_.file("crash"));
  for (const auto& e : std::filesystem::directory_iterator(dir_.file("a"))) {
    if (e.path().extension() == ".tmp") continue;
    std::error_code ec;
    std::filesystem::copy_file(e.path(), dir_.file("crash") + "/" + e.path().filename().string(),
                               ec);
  }
  ASSERT_TRUE(idx->close().is_ok());
  idx.reset();
  check(*open("a", options(16)), "reopened with segment files");
  check(*open("a", options(16, false)), "full log replay");
  check(*open("crash", options(16)), "after a crash");
}

// get() never misses a post that is being edited: the new version is published before the old
// one is tombstoned, and a reader that sees the tombstone looks again. A search never returns
// both versions (it may return neither when its view was fixed before the new one; index.h).
TEST_F(ChangesTest, ConcurrentGetAlwaysFindsAnEditedPost) {
  auto idx = open("a", options(64));
  ASSERT_TRUE(idx->ingest(post_of("hot", "version 0")).is_ok());
  std::atomic<bool> done{false};
  std::atomic<int> misses{0};
  std::thread reader([&] {
    while (!done.load()) {
      auto got = idx->get("hot");
      if (!got.is_ok() || got->text.rfind("version ", 0) != 0) misses.fetch_add(1);
      Query q;
      q.text = "version";
      auto r = idx->search(q);
      if (!r.is_ok() || r->hits.size() > 1) misses.fetch_add(1);
    }
  });
  for (int v = 1; v <= 500; ++v)
    ASSERT_EQ(*idx->update(post_of("hot", "version " + std::to_string(v))),
              ChangeOutcome::kReplaced);
  done.store(true);
  reader.join();
  EXPECT_EQ(misses.load(), 0);
  EXPECT_EQ(idx->get("hot")->text, "version 500");
}

}  // namespace
}  // namespace chorus::index
