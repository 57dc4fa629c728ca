// Segment files and reopening: a reopened index (segment files loaded, or the whole log
// replayed) answers exactly like the live one; damaged or missing files fall back to the log.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <span>
#include <string>
#include <vector>

#include "base/hash.h"
#include "base/random.h"
#include "index/index.h"
#include "index/segment_file.h"
#include "support/fault_env.h"
#include "support/temp_dir.h"

namespace chorus::index {
namespace {

constexpr int64_t kPersistT0 = 1'750'000'000'000;

Post varied_post(int i, const std::string& text, int64_t created) {
  Post p;
  p.id = "p" + std::to_string(i);
  p.author.handle = "user" + std::to_string(i % 5);
  p.text = text;
  p.created_at_ms = created;
  p.lang = i % 3 == 0 ? "fr" : "en";
  p.metrics.likes = i % 13;
  p.credibility = i % 4 == 0 ? 0.3f : 1.0f;
  if (i % 9 == 0) p.hashtags.push_back("field" + std::to_string(i % 2));
  return p;
}

std::vector<std::string> segment_files(const std::string& dir) {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    uint64_t base;
    if (parse_segment_file_name(e.path().filename().string(), &base)) out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

class PersistTest : public ::testing::Test {
 protected:
  PersistTest() { env_.set_now_ms(kPersistT0); }

  IndexOptions options(bool persist = true) const {
    IndexOptions o;
    o.segment_posts = 64;
    o.persist_segments = persist;
    o.log.sync = LogOptions::Sync::kNone;
    return o;
  }
  std::unique_ptr<Index> open(const std::string& sub, IndexOptions o,
                              RecoveryReport* report = nullptr) {
    auto r = Index::open(&env_, dir_.file(sub), o, report);
    EXPECT_TRUE(r.is_ok()) << r.status().to_string();
    return r.is_ok() ? std::move(r).value() : nullptr;
  }
  // 600 random posts; a few in the last minutes so that trending has something to count.
  void fill(Index* idx) {
    Rng rng(11);
    std::vector<std::string> words = {"red",  "green", "blue", "cat",    "dog",
                                      "fish", "sun",   "moon", "#storm", "@alice"};
    for (int i = 0; i < 600; ++i) {
      std::string text;
      int n = static_cast<int>(rng.range(2, 9));
      for (int k = 0; k < n; ++k)
        text += words[rng.below(rng.chance(0.5) ? 4 : words.size())] + " ";
      int64_t created = i < 560 ? kPersistT0 - (600 - i) * 60'000 : kPersistT0 - (600 - i) * 1000;
      ASSERT_TRUE(idx->ingest(varied_post(i, text, created)).is_ok());
    }
  }
  void expect_same(const Index& x, const Index& y) {
    std::vector<std::string> queries = {
        "red",         "red blue", "cat OR dog fish",   "-red sun",    "#storm",
        "@alice moon", "#field1",  "green OR sun -cat", "dog cat moon"};
    for (const std::string& text : queries) {
      for (auto order : {Query::Order::kNewest, Query::Order::kScore}) {
        for (const char* lang : {"", "fr"}) {
          Query q;
          q.text = text;
          q.order = order;
          q.limit = 20;
          q.lang = lang;
          auto rx = x.search(q), ry = y.search(q);
          ASSERT_TRUE(rx.is_ok() && ry.is_ok());
          ASSERT_EQ(rx->hits.size(), ry->hits.size()) << text;
          EXPECT_EQ(rx->matched, ry->matched) << text;
          for (size_t k = 0; k < rx->hits.size(); ++k) {
            EXPECT_EQ(rx->hits[k].post.id, ry->hits[k].post.id) << text << " #" << k;
            EXPECT_NEAR(rx->hits[k].score, ry->hits[k].score, 1e-9 * (1 + ry->hits[k].score));
          }
        }
      }
    }
    auto tx = x.trending(10 * 60'000, 5, 0), ty = y.trending(10 * 60'000, 5, 0);
    ASSERT_EQ(tx.size(), ty.size());
    for (size_t k = 0; k < tx.size(); ++k) {
      EXPECT_EQ(tx[k].term, ty[k].term);
      EXPECT_EQ(tx[k].count, ty[k].count);
    }
    EXPECT_EQ(x.stats().posts, y.stats().posts);
  }

  testing::FaultEnv env_;
  testing::TempDir dir_;
};

TEST_F(PersistTest, ReopenLoadsSegmentFilesAndAnswersLikeTheLiveIndex) {
  auto live = open("live", options(false));
  auto idx = open("a", options());
  fill(live.get());
  fill(idx.get());
  ASSERT_TRUE(idx->close().is_ok());
  idx.reset();
  // 600 posts in segments of 64: 9 sealed by the sealer, the active one sealed by close().
  EXPECT_EQ(segment_files(dir_.file("a")).size(), 10u);
  RecoveryReport report;
  auto reopened = open("a", options(), &report);
  EXPECT_EQ(report.records, 600u);
  EXPECT_TRUE(report.messages.empty());
  expect_same(*reopened, *live);
  EXPECT_EQ(*reopened->ingest(varied_post(7, "dup", kPersistT0)), IngestOutcome::kDuplicate);
  ASSERT_TRUE(reopened->get("p599").is_ok());
  EXPECT_EQ(reopened->get("p599")->text, live->get("p599")->text);
  // Docs ingested after the reopen continue the numbering and are found.
  ASSERT_TRUE(reopened->ingest(varied_post(1000, "zebra", kPersistT0)).is_ok());
  ASSERT_TRUE(live->ingest(varied_post(1000, "zebra", kPersistT0)).is_ok());
  expect_same(*reopened, *live);
}

TEST_F(PersistTest, FullLogReplayAnswersLikeTheLiveIndex) {
  auto live = open("live", options(false));
  auto idx = open("a", options(false));
  fill(live.get());
  fill(idx.get());
  ASSERT_TRUE(idx->close().is_ok());
  idx.reset();
  EXPECT_TRUE(segment_files(dir_.file("a")).empty());
  auto reopened = open("a", options(false));
  expect_same(*reopened, *live);
}

TEST_F(PersistTest, CorruptSegmentFileFallsBackToTheLog) {
  auto live = open("live", options(false));
  auto idx = open("a", options());
  fill(live.get());
  fill(idx.get());
  ASSERT_TRUE(idx->close().is_ok());
  idx.reset();
  std::vector<std::string> files = segment_files(dir_.file("a"));
  ASSERT_EQ(files.size(), 10u);
  {
    // Flip one byte in the middle of the fourth file.
    std::fstream f(files[3], std::ios::in | std::ios::out | std::ios::binary);
    f.seekg(200);
    char c;
    f.get(c);
    f.seekp(200);
    f.put(static_cast<char>(c ^ 0x20));
  }
  EXPECT_EQ(read_segment_file(&env_, files[3]).status().code(), StatusCode::kCorruption);
  RecoveryReport report;
  auto reopened = open("a", options(), &report);
  ASSERT_EQ(report.messages.size(), 1u);
  EXPECT_NE(report.messages[0].find("checksum"), std::string::npos) << report.messages[0];
  expect_same(*reopened, *live);
  // The damaged file and the later ones were replaced by segments rebuilt from the log.
  ASSERT_TRUE(reopened->close().is_ok());
  reopened.reset();
  RecoveryReport again;
  auto third = open("a", options(), &again);
  EXPECT_TRUE(again.messages.empty());
  expect_same(*third, *live);
}

TEST_F(PersistTest, MissingLaterFilesReplayTheirPosts) {
  auto live = open("live", options(false));
  auto idx = open("a", options());
  fill(live.get());
  fill(idx.get());
  ASSERT_TRUE(idx->close().is_ok());
  idx.reset();
  std::vector<std::string> files = segment_files(dir_.file("a"));
  ASSERT_EQ(files.size(), 10u);
  // As after a crash: the last two segments never reached disk.
  std::filesystem::remove(files[9]);
  std::filesystem::remove(files[8]);
  auto reopened = open("a", options());
  expect_same(*reopened, *live);
}

TEST_F(PersistTest, TruncatedSegmentFileIsRefused) {
  auto idx = open("a", options());
  fill(idx.get());
  ASSERT_TRUE(idx->close().is_ok());
  idx.reset();
  std::string f = segment_files(dir_.file("a"))[0];
  std::filesystem::resize_file(f, std::filesystem::file_size(f) / 2);
  auto r = read_segment_file(&env_, f);
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().code(), StatusCode::kCorruption);
  EXPECT_NE(r.status().message().find(f), std::string::npos);
}

// ingest_batch (analysis shared with the helper thread, chunks of 1024) indexes exactly what
// one-by-one ingest does, with the same per-item outcomes for duplicates and invalid posts.
TEST_F(PersistTest, BatchIngestEqualsSingleIngest) {
  auto single = open("single", options(false));
  auto batched = open("batched", options(false));
  fill(single.get());
  std::vector<Post> posts;
  Rng rng(11);  // the same stream as fill()
  std::vector<std::string> words = {"red",  "green", "blue", "cat",    "dog",
                                    "fish", "sun",   "moon", "#storm", "@alice"};
  for (int i = 0; i < 600; ++i) {
    std::string text;
    int n = static_cast<int>(rng.range(2, 9));
    for (int k = 0; k < n; ++k) text += words[rng.below(rng.chance(0.5) ? 4 : words.size())] + " ";
    int64_t created = i < 560 ? kPersistT0 - (600 - i) * 60'000 : kPersistT0 - (600 - i) * 1000;
    posts.push_back(varied_post(i, text, created));
    if (i % 50 == 7) posts.push_back(varied_post(i - 3, "a duplicate id", kPersistT0));
    if (i % 97 == 1) {
      posts.push_back(varied_post(100000 + i, "invalid: no id", kPersistT0));
      posts.back().id.clear();
    }
  }
  size_t indexed = 0, dups = 0, invalid = 0;
  for (size_t start = 0; start < posts.size(); start += 1500) {
    std::span<const Post> chunk(posts.data() + start, std::min<size_t>(1500, posts.size() - start));
    for (const auto& r : batched->ingest_batch(chunk)) {
      if (!r.is_ok()) {
        ++invalid;
      } else {
        (*r == IngestOutcome::kIndexed ? indexed : dups) += 1;
      }
    }
  }
  EXPECT_EQ(indexed, 600u);
  EXPECT_EQ(dups, 12u);
  EXPECT_EQ(invalid, 7u);
  expect_same(*batched, *single);
}

}  // namespace
}  // namespace chorus::index
