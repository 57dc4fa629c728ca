// Near-duplicate clustering finds paraphrases with small edits and leaves unrelated posts
// apart; memory stays bounded by the window.
#include <gtest/gtest.h>

#include "base/hash.h"
#include "base/random.h"
#include "text/analyzer.h"
#include "trust/scores/near_dup_index.h"

namespace chorus::trust {
namespace {

class NearDupTest : public ::testing::Test {
 protected:
  NearDupMatch add(const std::string& text, int64_t t = 1'000'000) {
    tokens_.clear();
    analyzer_.analyze(text, "", &tokens_);
    shingle_hashes(tokens_, &shingles_);
    return index_.add(hash64(std::to_string(next_id_++)), shingles_, t);
  }
  text::Analyzer analyzer_;
  NearDupIndex index_;
  std::vector<text::Token> tokens_;
  std::vector<uint64_t> shingles_;
  int next_id_ = 0;
};

TEST_F(NearDupTest, SmallEditsJoinTheCluster) {
  NearDupMatch a = add(
      "The tap water in Springfield has been poisoned, 40 people already in hospital. Don't drink "
      "it #WaterAlert");
  EXPECT_TRUE(a.new_cluster);
  const char* edits[] = {
      "BREAKING: The tap water in Springfield has been poisoned, 40 people already in hospital. "
      "Don't drink it #WaterAlert",
      "The tap water in Springfield has been POISONED, 40 people already in hospital. Don't drink "
      "it!! #WaterAlert",
      "The tap water in Springfield has been poisoned, 40 people already in hospital. Don't drink "
      "it #WaterAlert Spread the word.",
      "the tap water in springfield has been poisoned 40 people already in the hospital. dont "
      "drink it #wateralert",
  };
  for (const char* e : edits) {
    NearDupMatch m = add(e);
    EXPECT_EQ(m.cluster, a.cluster) << e;
    EXPECT_FALSE(m.new_cluster) << e;
    EXPECT_GE(m.similarity, 0.5) << e;
  }
}

TEST_F(NearDupTest, UnrelatedPostsStayApart) {
  NearDupMatch a = add("The tap water in Springfield has been poisoned, 40 people in hospital");
  const char* others[] = {
      "Great match last night, the keeper saved two penalties in the shootout",
      "Traffic on the ring road is terrible this morning, took me an hour to get to work",
      "New phone arrived today and the battery already lasts twice as long as the old one",
      "The water in the pool at the Springfield gym was freezing today",
  };
  for (const char* o : others) {
    NearDupMatch m = add(o);
    EXPECT_NE(m.cluster, a.cluster) << o;
    EXPECT_TRUE(m.new_cluster) << o;
  }
}

TEST_F(NearDupTest, EmptyTextIsNotClustered) {
  NearDupMatch m = add("   ");
  EXPECT_EQ(m.cluster, 0u);
  EXPECT_FALSE(m.new_cluster);
}

TEST_F(NearDupTest, RepostLinksToTheClusterOfItsPost) {
  NearDupMatch a = add("Ballot boxes in Riverton were burned last night, the vote is rigged");
  EXPECT_EQ(index_.cluster_of(hash64("0")), a.cluster);
  EXPECT_EQ(index_.cluster_of(hash64("unknown")), 0u);
}

TEST(NearDupWindowTest, OldEntriesAreEvicted) {
  NearDupOptions o;
  o.window_ms = 60'000;
  NearDupIndex index(o);
  Rng rng(5);
  std::vector<uint64_t> sh;
  size_t peak_after_warmup = 0;
  for (int i = 0; i < 20'000; ++i) {
    sh.clear();
    for (int k = 0; k < 20; ++k) sh.push_back(rng.next());  // unrelated texts
    std::sort(sh.begin(), sh.end());
    index.add(static_cast<uint64_t>(i), sh, int64_t{1'000'000} + i * 100);  // 10 per second
    if (i > 5'000) peak_after_warmup = std::max(peak_after_warmup, index.entries());
  }
  // 10 posts/s over a 60 s window (+1/8 sweep slack), each 16 buckets + 1 cluster + 1 link.
  EXPECT_LE(peak_after_warmup, size_t{680} * 18);
  EXPECT_GT(peak_after_warmup, size_t{500} * 18);
  EXPECT_LE(index.clusters_held(), 680u);
}

TEST(NearDupWindowTest, SimilarTextAfterTheWindowStartsANewCluster) {
  NearDupOptions o;
  o.window_ms = 60'000;
  NearDupIndex index(o);
  std::vector<uint64_t> sh = {1, 2, 3, 4, 5, 6, 7, 8};
  NearDupMatch a = index.add(1, sh, 1'000'000);
  NearDupMatch b = index.add(2, sh, 1'010'000);
  EXPECT_EQ(a.cluster, b.cluster);
  std::vector<uint64_t> other = {100};
  index.add(3, other, 1'200'000);  // advances time and sweeps
  NearDupMatch c = index.add(4, sh, 1'210'000);
  EXPECT_TRUE(c.new_cluster);
  EXPECT_NE(c.cluster, a.cluster);
}

// Representatives of evicted clusters are reused by new clusters: texts like an evicted cluster
// start a new one, texts like the new cluster join it, over many windows.
TEST(NearDupWindowTest, EvictedRepresentativesAreReusedCorrectly) {
  NearDupOptions o;
  o.window_ms = 60'000;
  NearDupIndex index(o);
  int64_t t = 1'000'000;
  uint64_t post = 0;
  for (uint64_t round = 0; round < 20; ++round, t += 200'000) {
    std::vector<uint64_t> sh;
    for (uint64_t v = 0; v < 8; ++v) sh.push_back(round * 1000 + v);
    const NearDupMatch first = index.add(++post, sh, t);
    EXPECT_TRUE(first.new_cluster) << round;
    const NearDupMatch again = index.add(++post, sh, t + 1000);
    EXPECT_FALSE(again.new_cluster) << round;
    EXPECT_EQ(again.cluster, first.cluster) << round;
    EXPECT_DOUBLE_EQ(again.similarity, 1.0);
  }
  EXPECT_LE(index.clusters_held(), 2u);
}

// Tables keep 32 bits of a cluster id: ids past 2^32 still come back whole.
TEST(NearDupIdsTest, ClusterIdsCrossing32BitsStayWhole) {
  NearDupOptions o;
  o.first_cluster = (uint64_t{1} << 32) - 2;
  NearDupIndex index(o);
  std::vector<NearDupMatch> firsts;
  for (uint64_t c = 0; c < 5; ++c) {
    std::vector<uint64_t> sh = {c * 100 + 1, c * 100 + 2, c * 100 + 3, c * 100 + 4};
    firsts.push_back(index.add(100 + c, sh, 1'000'000));
    EXPECT_EQ(firsts.back().cluster, o.first_cluster + c);
  }
  for (uint64_t c = 0; c < 5; ++c) {
    std::vector<uint64_t> sh = {c * 100 + 1, c * 100 + 2, c * 100 + 3, c * 100 + 4};
    NearDupMatch again = index.add(10 + c, sh, 1'001'000);
    EXPECT_FALSE(again.new_cluster);
    EXPECT_EQ(again.cluster, firsts[c].cluster);
    EXPECT_EQ(index.cluster_of(100 + c), firsts[c].cluster);
  }
}

}  // namespace
}  // namespace chorus::trust
