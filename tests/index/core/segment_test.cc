#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <cstring>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "base/hash.h"
#include "base/random.h"
#include "index/active_segment.h"
#include "index/hash_set64.h"
#include "index/id_map.h"
#include "index/sealed_segment.h"
#include "index/term_table.h"

namespace chorus::index {
namespace {

DocMeta meta_for(uint32_t d) {
  DocMeta m;
  m.created_at_ms = 1'000'000 + d;
  m.author_hash = d % 5 + 1;
  m.locator = d;
  m.doc_len = static_cast<uint16_t>(d % 13 + 1);
  m.engagement = d % 17;
  return m;
}

// Adds doc d with terms name -> tf.
void add_doc(ActiveSegment* seg, uint32_t d, const std::map<std::string, uint32_t>& terms) {
  std::vector<TermFreq> tfs;
  for (const auto& [t, tf] : terms) tfs.push_back({t, hash64(t), tf});
  ASSERT_TRUE(seg->add(meta_for(d), tfs));
}

std::vector<std::pair<uint32_t, uint32_t>> drain(PostingCursor* c) {
  std::vector<std::pair<uint32_t, uint32_t>> out;
  for (; c && !c->done(); c->next()) out.push_back({c->doc(), c->tf()});
  return out;
}

TEST(TermTable, FindsEveryTermAcrossGrowth) {
  TermTable table;
  for (int i = 0; i < 50'000; ++i) {
    std::string t = "term" + std::to_string(i);
    bool inserted = false;
    EXPECT_EQ(table.insert(t, hash64(t), &inserted), static_cast<uint32_t>(i));
    EXPECT_TRUE(inserted);
  }
  for (int i = 0; i < 50'000; i += 7) {
    std::string t = "term" + std::to_string(i);
    EXPECT_EQ(table.find(t, hash64(t)), static_cast<uint32_t>(i));
    EXPECT_EQ(table.term(static_cast<uint32_t>(i)), t);
  }
  EXPECT_EQ(table.find("absent", hash64("absent")), TermTable::kNotFound);
  bool inserted = true;
  EXPECT_EQ(table.insert("term5", hash64("term5"), &inserted), 5u);
  EXPECT_FALSE(inserted);
  std::string too_long(TermTable::kMaxTermBytes + 1, 'x');
  EXPECT_EQ(table.insert(too_long, hash64(too_long), &inserted), TermTable::kNotFound);
}

// A random corpus of docs over a small vocabulary with a brute-force posting map.
struct Corpus {
  std::vector<std::map<std::string, uint32_t>> docs;
  std::map<std::string, std::vector<std::pair<uint32_t, uint32_t>>> postings;  // ascending
};

Corpus random_corpus(uint32_t n, uint64_t seed) {
  Corpus c;
  Rng rng(seed);
  for (uint32_t d = 0; d < n; ++d) {
    std::map<std::string, uint32_t> terms;
    terms["common"] = 1 + static_cast<uint32_t>(rng.below(3));
    int k = static_cast<int>(rng.range(1, 6));
    for (int i = 0; i < k; ++i) terms["w" + std::to_string(rng.below(40))] += 1;
    if (rng.chance(0.01)) terms["rare"] = 300;  // saturates at 255
    c.docs.push_back(terms);
    for (const auto& [t, tf] : terms) c.postings[t].push_back({d, std::min<uint32_t>(tf, 255)});
  }
  return c;
}

void expect_same_postings(const Segment& seg, const Corpus& c) {
  for (const auto& [term, list] : c.postings) {
    auto cur = seg.postings(term, hash64(term), seg.visible_docs());
    ASSERT_NE(cur, nullptr) << term;
    EXPECT_EQ(cur->df(), list.size()) << term;
    std::vector<std::pair<uint32_t, uint32_t>> want(list.rbegin(), list.rend());
    EXPECT_EQ(drain(cur.get()), want) << term;
  }
  EXPECT_EQ(seg.postings("absent", hash64("absent"), seg.visible_docs()), nullptr);
}

void expect_skip_to_matches(const Segment& seg, const Corpus& c, uint64_t seed) {
  Rng rng(seed);
  for (const auto& [term, list] : c.postings) {
    auto cur = seg.postings(term, hash64(term), seg.visible_docs());
    ASSERT_NE(cur, nullptr);
    uint32_t target = seg.visible_docs();
    while (!cur->done()) {
      target = target > 0 ? static_cast<uint32_t>(rng.below(target)) : 0;
      cur->skip_to(target);
      // The largest posting <= target, from the brute-force list.
      auto it = std::upper_bound(list.begin(), list.end(), std::make_pair(target, UINT32_MAX));
      if (it == list.begin()) {
        EXPECT_TRUE(cur->done()) << term << " " << target;
        break;
      }
      --it;
      ASSERT_FALSE(cur->done()) << term << " " << target;
      EXPECT_EQ(cur->doc(), it->first);
      EXPECT_EQ(cur->tf(), it->second);
      if (target == 0) break;
    }
  }
}

TEST(ActiveSegment, PostingsNewestFirstAndSkipTo) {
  Corpus c = random_corpus(5000, 1);
  ActiveSegment seg(0, 1 << 20);
  for (uint32_t d = 0; d < c.docs.size(); ++d) add_doc(&seg, d, c.docs[d]);
  EXPECT_EQ(seg.visible_docs(), 5000u);
  expect_same_postings(seg, c);
  expect_skip_to_matches(seg, c, 2);
  EXPECT_EQ(seg.meta(42).created_at_ms, 1'000'042);
}

TEST(ActiveSegment, ForwardScanIsOldestFirst) {
  Corpus c = random_corpus(3000, 3);
  ActiveSegment seg(0, 1 << 20);
  for (uint32_t d = 0; d < c.docs.size(); ++d) add_doc(&seg, d, c.docs[d]);
  uint32_t id = seg.terms().find("common", hash64("common"));
  std::vector<std::pair<uint32_t, uint32_t>> got;
  seg.scan_postings(id, [&](uint32_t d, uint32_t tf) { got.push_back({d, tf}); });
  EXPECT_EQ(got, c.postings["common"]);
}

TEST(ActiveSegment, CursorViewStopsAtLimit) {
  ActiveSegment seg(0, 100);
  for (uint32_t d = 0; d < 10; ++d) add_doc(&seg, d, {{"a", 1}});
  auto cur = seg.postings("a", hash64("a"), 4);
  ASSERT_NE(cur, nullptr);
  EXPECT_EQ(cur->df(), 4u);
  EXPECT_EQ(cur->doc(), 3u);
}

TEST(ActiveSegment, FullAtCapacity) {
  ActiveSegment seg(0, 3);
  for (uint32_t d = 0; d < 3; ++d) add_doc(&seg, d, {{"a", 1}});
  EXPECT_TRUE(seg.full());
  TermFreq tf{"a", hash64("a"), 1};
  EXPECT_FALSE(seg.add(meta_for(3), {&tf, 1}));
  EXPECT_EQ(seg.visible_docs(), 3u);
}

TEST(SealedSegment, SamePostingsAsActive) {
  Corpus c = random_corpus(7000, 4);
  ActiveSegment active(1000, 1 << 20);
  for (uint32_t d = 0; d < c.docs.size(); ++d) add_doc(&active, d, c.docs[d]);
  auto sealed = SealedSegment::build(active);
  EXPECT_EQ(sealed->base_doc(), 1000u);
  EXPECT_EQ(sealed->visible_docs(), 7000u);
  EXPECT_EQ(sealed->term_count(), c.postings.size());
  expect_same_postings(*sealed, c);
  expect_skip_to_matches(*sealed, c, 5);
  EXPECT_EQ(sealed->meta(99).locator, 99u);
  SegmentSummary a = active.summary(), s = sealed->summary();
  EXPECT_EQ(a.total_doc_len, s.total_doc_len);
  EXPECT_EQ(a.min_created_ms, s.min_created_ms);
  EXPECT_EQ(a.max_created_ms, s.max_created_ms);
  EXPECT_LT(sealed->memory_bytes(), active.memory_bytes());
}

template <typename T>
bool same_bytes(const std::vector<T>& a, const std::vector<T>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0;
}

// Two threads encode the same parts as one: offsets of the second half's blocks and postings
// are rebased, single-posting terms keep their posting, colliding terms stay apart.
TEST(SealedSegment, ParallelBuildMakesTheSameParts) {
  Corpus c = random_corpus(6000, 5);
  ActiveSegment active(0, 1 << 20);
  for (uint32_t d = 0; d < c.docs.size(); ++d) {
    std::vector<TermFreq> tfs;
    for (const auto& [t, tf] : c.docs[d]) tfs.push_back({t, hash64(t), tf});
    const std::string once = "once" + std::to_string(d);  // single-posting terms
    if (d % 3 == 0) tfs.push_back({once, hash64(once), 1});
    if (d % 5 == 0) tfs.push_back({"apple", 42, 1});
    if (d % 7 == 0) tfs.push_back({"pear", 42, 2});
    ASSERT_TRUE(active.add(meta_for(d), tfs));
  }
  auto serial = SealedSegment::build(active, SIZE_MAX);
  auto parallel = SealedSegment::build(active, 0);
  const SealedSegment::Parts &a = serial->parts(), &b = parallel->parts();
  ASSERT_GT(a.blocks.size(), 10u);
  EXPECT_EQ(a.term_hashes, b.term_hashes);
  EXPECT_TRUE(same_bytes(a.term_meta, b.term_meta));
  EXPECT_EQ(a.collided_terms, b.collided_terms);
  EXPECT_EQ(a.collided_terms.size(), 2u);
  EXPECT_TRUE(same_bytes(a.collided_meta, b.collided_meta));
  EXPECT_TRUE(same_bytes(a.blocks, b.blocks));
  EXPECT_EQ(a.postings, b.postings);
  EXPECT_TRUE(same_bytes(a.columns, b.columns));
  EXPECT_EQ(parallel->term_count(), serial->term_count());
}

TEST(SealedSegment, BlockBoundsCoverTheirPostings) {
  Corpus c = random_corpus(4000, 6);
  ActiveSegment active(0, 1 << 20);
  for (uint32_t d = 0; d < c.docs.size(); ++d) add_doc(&active, d, c.docs[d]);
  auto sealed = SealedSegment::build(active);
  auto cur = sealed->postings("common", hash64("common"), sealed->visible_docs());
  for (; !cur->done(); cur->next()) {
    const PostingBound& b = cur->block_bound();
    const DocMeta& m = sealed->meta(cur->doc());
    EXPECT_GE(cur->doc(), cur->block_floor());
    EXPECT_LE(cur->tf(), b.max_tf);
    EXPECT_GE(m.doc_len, b.min_dl);
    EXPECT_GE(b.max_created_ms, m.created_at_ms);
  }
}

// One writer appends; readers check that every doc they see is complete: the posting lists
// of "all" hold exactly [0, limit) and each doc's columns and "mod" term agree with its number.
TEST(ActiveSegment, ConcurrentReadersSeeOnlyCompleteDocs) {
  constexpr uint32_t kDocs = 60'000;
  ActiveSegment seg(0, kDocs);
  std::atomic<bool> stop{false};
  std::atomic<uint64_t> checks{0};
  auto reader = [&] {
    while (!stop.load()) {
      uint32_t limit = seg.visible_docs();
      if (limit == 0) continue;
      auto all = seg.postings("all", hash64("all"), limit);
      ASSERT_NE(all, nullptr);
      ASSERT_EQ(all->df(), limit);
      uint32_t expect = limit;
      for (; !all->done(); all->next()) {
        ASSERT_EQ(all->doc(), --expect);
        ASSERT_EQ(seg.meta(all->doc()).created_at_ms, 1'000'000 + all->doc());
      }
      std::string mod = "m" + std::to_string((limit - 1) % 97);
      auto m = seg.postings(mod, hash64(mod), limit);
      ASSERT_NE(m, nullptr);
      ASSERT_EQ(m->doc(), limit - 1);
      checks.fetch_add(1);
    }
  };
  std::thread r1(reader), r2(reader);
  for (uint32_t d = 0; d < kDocs; ++d) {
    std::string mod = "m" + std::to_string(d % 97), uniq = "u" + std::to_string(d);
    TermFreq tfs[] = {{"all", hash64("all"), 1}, {mod, hash64(mod), 2}, {uniq, hash64(uniq), 1}};
    ASSERT_TRUE(seg.add(meta_for(d), tfs));
  }
  stop.store(true);
  r1.join();
  r2.join();
  EXPECT_GT(checks.load(), 0u);
}

// Two different terms given the same 64-bit hash stay apart in both segment kinds (the sealed
// dictionary keeps colliding terms by string).
TEST(SealedSegment, HashCollisionsKeepTermsApart) {
  ActiveSegment active(0, 100);
  for (uint32_t d = 0; d < 40; ++d) {
    std::vector<TermFreq> tfs = {{"apple", 42, 1}, {"common", hash64("common"), 1}};
    if (d % 3 == 0) tfs.push_back({"pear", 42, 2});
    ASSERT_TRUE(active.add(meta_for(d), tfs));
  }
  auto sealed = SealedSegment::build(active);
  for (const Segment* seg :
       {static_cast<const Segment*>(&active), static_cast<const Segment*>(sealed.get())}) {
    auto apple = seg->postings("apple", 42, seg->visible_docs());
    auto pear = seg->postings("pear", 42, seg->visible_docs());
    ASSERT_NE(apple, nullptr);
    ASSERT_NE(pear, nullptr);
    EXPECT_EQ(apple->df(), 40u);
    EXPECT_EQ(pear->df(), 14u);
    EXPECT_EQ(pear->tf(), 2u);
    EXPECT_EQ(pear->doc(), 39u);
    EXPECT_EQ(seg->postings("plum", 42, seg->visible_docs()), nullptr);
  }
  EXPECT_EQ(sealed->term_count(), 3u);
  EXPECT_TRUE(SealedSegment::validate(sealed->parts()).is_ok());
}

TEST(SealedSegment, ValidateRejectsBrokenParts) {
  Corpus c = random_corpus(500, 9);
  ActiveSegment active(0, 1 << 20);
  for (uint32_t d = 0; d < c.docs.size(); ++d) add_doc(&active, d, c.docs[d]);
  auto sealed = SealedSegment::build(active);
  SealedSegment::Parts p = sealed->parts();
  ASSERT_TRUE(SealedSegment::validate(p).is_ok());
  SealedSegment::Parts unsorted = p;
  std::swap(unsorted.term_hashes[0], unsorted.term_hashes[1]);
  EXPECT_EQ(SealedSegment::validate(unsorted).code(), StatusCode::kCorruption);
  SealedSegment::Parts short_bytes = p;
  short_bytes.postings.resize(short_bytes.postings.size() / 2);
  EXPECT_EQ(SealedSegment::validate(short_bytes).code(), StatusCode::kCorruption);
  SealedSegment::Parts few_docs = p;
  few_docs.columns.resize(10);
  EXPECT_EQ(SealedSegment::validate(few_docs).code(), StatusCode::kCorruption);
}

// Found by segment_file_fuzz: a df of 2^32 - 1 wrapped the block count to 0, so validate()
// checked no block and the cursor then read past the posting bytes.
TEST(SealedSegment, ValidateRejectsDfAboveDocCount) {
  Corpus c = random_corpus(300, 4);
  ActiveSegment active(0, 1 << 20);
  for (uint32_t d = 0; d < c.docs.size(); ++d) add_doc(&active, d, c.docs[d]);
  SealedSegment::Parts p = SealedSegment::build(active)->parts();
  ASSERT_TRUE(SealedSegment::validate(p).is_ok());
  for (uint32_t df : {UINT32_MAX, UINT32_MAX - 100, 301u}) {
    SealedSegment::Parts bad = p;
    bad.term_meta[0].df = df;
    EXPECT_EQ(SealedSegment::validate(bad).code(), StatusCode::kCorruption) << df;
  }
}

TEST(PackedMeta, RoundTripsAndQuantizesCredibility) {
  DocMeta m;
  m.created_at_ms = -1'234'567'890'123;
  m.author_hash = author_key("@Alice");
  m.locator = (uint64_t{7} << 32) | 123456;
  m.credibility = 0.25f;
  m.engagement = 4'000'000'000u;
  m.lang = lang_code("EN");
  m.doc_len = 65535;
  DocMeta u = PackedMeta::pack(m).unpack();
  EXPECT_EQ(u.created_at_ms, m.created_at_ms);
  EXPECT_EQ(u.author_hash, author_key("alice"));
  EXPECT_LT(u.author_hash, uint64_t{1} << 32);
  EXPECT_EQ(u.locator, m.locator);
  EXPECT_EQ(u.credibility, 0.25f);
  EXPECT_EQ(u.engagement, m.engagement);
  EXPECT_EQ(u.lang, m.lang);
  EXPECT_EQ(u.doc_len, 65535);
  EXPECT_EQ(quantize_credibility(0.333f), 0.335f);
  EXPECT_EQ(quantize_credibility(-2.0f), 0.0f);
  EXPECT_EQ(quantize_credibility(7.0f), 1.0f);
  EXPECT_EQ(quantize_credibility(std::nanf("")), 1.0f);
}

TEST(IdMap, FullDocRebuildsTheHighBits) {
  EXPECT_EQ(IdMap::full_doc(5, 10), 5u);
  const uint64_t newest = (uint64_t{3} << 32) + 100;
  EXPECT_EQ(IdMap::full_doc(100, newest), newest);
  EXPECT_EQ(IdMap::full_doc(50, newest), newest - 50);
  EXPECT_EQ(IdMap::full_doc(200, newest), (uint64_t{2} << 32) + 200);
  IdMap ids;
  ids.reserve(3000);  // then grows past it
  EXPECT_GE(ids.memory_bytes(), 4096u * 12);
  for (uint64_t i = 0; i < 5000; ++i) ASSERT_TRUE(ids.insert(mix64(i + 1), i));
  EXPECT_FALSE(ids.insert(mix64(10), 99));
  for (uint64_t i = 0; i < 5000; i += 37) EXPECT_EQ(ids.find(mix64(i + 1)), i);
  EXPECT_FALSE(ids.find(12345).has_value());
}

TEST(IdMap, WriterFindAgreesWithFindAcrossGrowth) {
  IdMap ids;
  auto key = [](uint64_t i) { return mix64(i + 1); };  // mix64(0) is 0
  for (uint64_t i = 0; i < 3000; ++i) {
    ASSERT_FALSE(ids.writer_find(key(i)).has_value());
    ASSERT_TRUE(ids.insert(key(i), i + 7));
    ASSERT_EQ(ids.writer_find(key(i)), i + 7);
  }
  for (uint64_t i = 0; i < 3000; i += 13) EXPECT_EQ(ids.writer_find(key(i)), ids.find(key(i)));
  ASSERT_TRUE(ids.insert(0, 1));  // hash 0 is stored as 1 ...
  EXPECT_EQ(ids.writer_find(0), 1u);
  EXPECT_EQ(ids.writer_find(1), 1u);  // ... so it shares the key of hash 1
}

TEST(HashSet64, InsertsOnceAcrossGrowthAndClears) {
  HashSet64 set;
  EXPECT_FALSE(set.contains(5));
  for (int round = 0; round < 3; ++round) {
    for (uint64_t i = 0; i < 1000; ++i) ASSERT_TRUE(set.insert(i * 0x9e3779b97f4a7c15ull)) << i;
    for (uint64_t i = 0; i < 1000; ++i) ASSERT_FALSE(set.insert(i * 0x9e3779b97f4a7c15ull)) << i;
    EXPECT_EQ(set.size(), 1000u);
    EXPECT_TRUE(set.contains(0));
    EXPECT_FALSE(set.contains(1));
    set.clear();
    EXPECT_EQ(set.size(), 0u);
    EXPECT_FALSE(set.contains(0x9e3779b97f4a7c15ull));
  }
  // Many clears of a small set: old generations never count as present.
  for (int k = 0; k < 100000; ++k) {
    ASSERT_TRUE(set.insert(static_cast<uint64_t>(k % 3)));
    ASSERT_FALSE(set.insert(static_cast<uint64_t>(k % 3)));
    set.clear();
  }
}

}  // namespace
}  // namespace chorus::index
