#include "index/sealed_segment.h"

#include <algorithm>
#include <cstring>
#include <numeric>
#include <system_error>
#include <thread>

#include "index/scoring.h"
#include "post/post.h"

namespace chorus::index {
namespace {

// Posting bytes are bit streams, least significant bit first; kTailPad zero bytes end the
// stream so that an 8-byte load at any value inside it stays in bounds.
constexpr size_t kTailPad = 8;

unsigned bit_width(uint32_t v) {
  return v == 0 ? 0 : 32 - static_cast<unsigned>(__builtin_clz(v));
}

// Appends `values` as `width`-bit fields to the stream whose bytes are *out.
void pack_bits(const std::vector<uint32_t>& values, unsigned width, std::string* out) {
  if (width == 0 || values.empty()) return;
  uint64_t acc = 0;  // pending bits, least significant first
  unsigned have = 0;
  for (uint32_t v : values) {
    acc |= uint64_t{v} << have;
    have += width;
    while (have >= 8) {
      out->push_back(static_cast<char>(acc & 0xff));
      acc >>= 8;
      have -= 8;
    }
  }
  if (have > 0) out->push_back(static_cast<char>(acc & 0xff));
}

// The width-bit field at bit `bit` of `bytes` (width <= 32; 8 readable bytes from bit / 8).
uint32_t read_bits(const uint8_t* bytes, uint64_t bit, unsigned width) {
  uint64_t word;
  std::memcpy(&word, bytes + (bit >> 3), sizeof word);
  return static_cast<uint32_t>((word >> (bit & 7)) & ((uint64_t{1} << width) - 1));
}

// Block payload: [u8 gap width g][u8 tf width t][(count - 1) gaps of g bits, byte-aligned end]
// [count values tf - 1 of t bits]; t == 0 means every tf is 1.
size_t payload_bytes(uint32_t count, unsigned g, unsigned t) {
  return 2 + (size_t{count - 1} * g + 7) / 8 + (size_t{count} * t + 7) / 8;
}

uint32_t blocks_of(uint32_t df) {  // 64-bit sum: df near 2^32 must not wrap to 0 blocks
  const uint64_t n =
      df <= 1 ? 0 : (uint64_t{df} + SealedSegment::kBlockSize - 1) / SealedSegment::kBlockSize;
  return static_cast<uint32_t>(n);
}

template <typename T>
size_t vector_bytes(const std::vector<T>& v) {
  return v.capacity() * sizeof(T);
}

}  // namespace

class SealedSegment::Cursor final : public PostingCursor {
 public:
  Cursor(const SealedSegment& seg, const TermMeta& tm) : seg_(seg) {
    df_ = tm.df;
    if (tm.df == 1) {
      // One inline posting: its bounds are its doc's own values.
      docs_[0] = tm.first >> 8;
      tfs_[0] = tm.first & 0xff;
      count_ = 1;
      DocMeta m = seg_.meta(docs_[0]);
      block_bound_ = {tfs_[0], m.doc_len, float_at_least(static_factor(m)), m.created_at_ms};
      term_bound_ = block_bound_;
      load();
      return;
    }
    first_block_ = tm.first;
    block_ = first_block_ + blocks_of(tm.df) - 1;
    term_bound_ = {0, 65535, 0, INT64_MIN};
    for (uint32_t b = first_block_; b <= block_; ++b) {
      PostingBound pb = bound_of(seg_.p_.blocks[b]);
      term_bound_.max_tf = std::max(term_bound_.max_tf, pb.max_tf);
      term_bound_.min_dl = std::min(term_bound_.min_dl, pb.min_dl);
      term_bound_.max_static = std::max(term_bound_.max_static, pb.max_static);
      term_bound_.max_created_ms = std::max(term_bound_.max_created_ms, pb.max_created_ms);
    }
    decode(block_);
    pos_ = count_ - 1;
    load();
  }

  void next() override {
    if (done()) return;
    if (pos_ > 0) {
      --pos_;
    } else if (block_ > first_block_) {
      decode(--block_);
      pos_ = count_ - 1;
    } else {
      doc_ = kEnd;
      return;
    }
    load();
  }

  void skip_to(uint32_t target) override {
    if (done() || doc_ <= target) return;
    if (docs_[0] > target) {
      if (df_ == 1) {
        doc_ = kEnd;
        return;
      }
      // The last block before block_ whose first doc is <= target.
      const Block* begin = seg_.p_.blocks.data() + first_block_;
      const Block* end = seg_.p_.blocks.data() + block_;
      const Block* it = std::upper_bound(
          begin, end, target, [](uint32_t t, const Block& b) { return t < b.first_doc; });
      if (it == begin) {
        doc_ = kEnd;
        return;
      }
      decode(static_cast<uint32_t>(it - seg_.p_.blocks.data()) - 1);
      pos_ = count_ - 1;
    }
    // Largest position with docs_[pos] <= target; docs_[0] <= target holds here.
    const uint32_t* hi = std::upper_bound(docs_, docs_ + pos_ + 1, target);
    pos_ = static_cast<uint32_t>(hi - docs_) - 1;
    load();
  }

  const PostingBound& block_bound() const override { return block_bound_; }
  uint32_t block_floor() const override { return docs_[0]; }

 private:
  PostingBound bound_of(const Block& b) const {
    return {b.max_tf, b.min_dl, b.max_static,
            seg_.p_.summary.min_created_ms + int64_t{b.max_created_s} * 1000};
  }
  void decode(uint32_t block) {
    block_ = block;
    const Block& b = seg_.p_.blocks[block];
    uint32_t index_in_term = block - first_block_;
    count_ = std::min(kBlockSize, df_ - index_in_term * kBlockSize);
    const uint8_t* p = reinterpret_cast<const uint8_t*>(seg_.p_.postings.data()) + b.offset;
    const unsigned g = p[0], t = p[1];
    const uint8_t* gaps = p + 2;
    uint32_t doc = b.first_doc;
    docs_[0] = doc;
    for (uint32_t i = 1; i < count_; ++i) docs_[i] = doc += read_bits(gaps, uint64_t{i - 1} * g, g);
    if (t == 0) {
      std::fill(tfs_, tfs_ + count_, 1u);
    } else {
      const uint8_t* tfs = gaps + (size_t{count_ - 1} * g + 7) / 8;
      for (uint32_t i = 0; i < count_; ++i) tfs_[i] = 1 + read_bits(tfs, uint64_t{i} * t, t);
    }
    block_bound_ = bound_of(b);
  }
  void load() {
    doc_ = docs_[pos_];
    tf_ = tfs_[pos_];
  }

  const SealedSegment& seg_;
  uint32_t first_block_ = 0, block_ = 0, count_ = 0, pos_ = 0;
  PostingBound block_bound_;
  uint32_t docs_[kBlockSize];
  uint32_t tfs_[kBlockSize];
};

// What add_terms() encodes for a range of terms: their entries, and their blocks and postings
// bytes with offsets counted from the start of the run.
struct SealedSegment::TermRun {
  std::vector<uint64_t> hashes;
  std::vector<TermMeta> meta;
  std::vector<std::pair<std::string, TermMeta>> collided;
  std::vector<Block> blocks;
  std::string postings;
  std::vector<uint32_t> packed, gaps, tfs;  // scratch
};

std::unique_ptr<SealedSegment> SealedSegment::build(const ActiveSegment& active,
                                                    size_t parallel_min_terms) {
  // Shares the active segment's tombstones: deletes made while sealing stay in effect.
  std::unique_ptr<SealedSegment> seg(new SealedSegment(active.base_doc(), active.deleted_docs()));
  Parts& p = seg->p_;
  const uint32_t n = active.visible_docs();
  p.columns.reserve(n);
  SegmentSummary& s = p.summary;
  for (uint32_t d = 0; d < n; ++d) {
    p.columns.push_back(active.packed_meta(d));
    DocMeta m = p.columns.back().unpack();
    const float st = float_at_least(static_factor(m));
    seg->doc_static_.push_back(st);
    s.min_created_ms = std::min(s.min_created_ms, m.created_at_ms);
    s.max_created_ms = std::max(s.max_created_ms, m.created_at_ms);
    s.max_static = std::max(s.max_static, st);
    s.total_doc_len += m.doc_len;
  }
  const TermTable& terms = active.terms();
  std::vector<uint32_t> order(terms.size());
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    uint64_t ha = terms.hash(a), hb = terms.hash(b);
    return ha != hb ? ha < hb : terms.term(a) < terms.term(b);
  });
  TermRun head, tail;
  const size_t mid =
      order.size() >= std::max<size_t>(parallel_min_terms, 2) ? order.size() / 2 : order.size();
  std::thread helper;
  if (mid < order.size()) {
    try {
      helper = std::thread([&] { seg->add_terms(active, order, mid, order.size(), &tail); });
    } catch (const std::system_error&) {  // no thread to be had: this one does both halves
    }
  }
  seg->add_terms(active, order, 0, helper.joinable() ? mid : order.size(), &head);
  if (helper.joinable()) helper.join();
  std::vector<std::pair<std::string, TermMeta>> collided;
  p.term_hashes.reserve(head.hashes.size() + tail.hashes.size());
  p.term_meta.reserve(head.hashes.size() + tail.hashes.size());
  seg->append_run(head, &collided);
  seg->append_run(tail, &collided);
  std::sort(collided.begin(), collided.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [t, tm] : collided) {
    p.collided_terms.push_back(std::move(t));
    p.collided_meta.push_back(tm);
  }
  p.term_hashes.shrink_to_fit();
  p.term_meta.shrink_to_fit();
  p.blocks.shrink_to_fit();
  p.postings.append(kTailPad, '\0');
  p.postings.shrink_to_fit();
  seg->doc_static_ = {};
  return seg;
}

void SealedSegment::add_terms(const ActiveSegment& active, const std::vector<uint32_t>& order,
                              size_t begin, size_t end, TermRun* run) const {
  const TermTable& terms = active.terms();
  for (size_t i = begin; i < end; ++i) {
    const uint32_t id = order[i];
    active.collect_postings(id, &run->packed);
    if (run->packed.empty()) continue;
    TermMeta tm;
    add_term(run->packed, run, &tm);
    const uint64_t h = terms.hash(id);
    bool shared = (i > 0 && terms.hash(order[i - 1]) == h) ||
                  (i + 1 < order.size() && terms.hash(order[i + 1]) == h);
    if (shared) {
      run->collided.emplace_back(std::string(terms.term(id)), tm);
    } else {
      run->hashes.push_back(h);
      run->meta.push_back(tm);
    }
  }
}

void SealedSegment::append_run(TermRun& run,
                               std::vector<std::pair<std::string, TermMeta>>* collided) {
  const auto block_base = static_cast<uint32_t>(p_.blocks.size());
  const auto byte_base = static_cast<uint32_t>(p_.postings.size());
  auto rebase = [&](TermMeta tm) {
    if (tm.df > 1) tm.first += block_base;  // df == 1: `first` is the posting itself
    return tm;
  };
  p_.term_hashes.insert(p_.term_hashes.end(), run.hashes.begin(), run.hashes.end());
  for (const TermMeta& tm : run.meta) p_.term_meta.push_back(rebase(tm));
  for (auto& [term, tm] : run.collided) collided->emplace_back(std::move(term), rebase(tm));
  for (Block b : run.blocks) {
    b.offset += byte_base;
    p_.blocks.push_back(b);
  }
  p_.postings += run.postings;
  run = TermRun{};
}

void SealedSegment::add_term(const std::vector<uint32_t>& postings, TermRun* run,
                             TermMeta* meta) const {
  meta->df = static_cast<uint32_t>(postings.size());
  if (postings.size() == 1) {
    meta->first = postings[0];
    return;
  }
  meta->first = static_cast<uint32_t>(run->blocks.size());
  std::vector<uint32_t>& gaps = run->gaps;
  std::vector<uint32_t>& tfs = run->tfs;
  for (size_t start = 0; start < postings.size(); start += kBlockSize) {
    size_t end = std::min(postings.size(), start + kBlockSize);
    Block b{postings[start] >> 8, static_cast<uint32_t>(run->postings.size()), 0, 0, 65535, 0, 0};
    int64_t max_created = INT64_MIN;
    gaps.clear();
    tfs.clear();
    uint32_t max_gap = 0, max_tf1 = 0;
    for (size_t i = start; i < end; ++i) {
      uint32_t doc = postings[i] >> 8, tf = postings[i] & 0xff;
      if (i > start) gaps.push_back(doc - (postings[i - 1] >> 8));
      tfs.push_back(tf - 1);
      max_gap = std::max(max_gap, i > start ? gaps.back() : 0u);
      max_tf1 = std::max(max_tf1, tf - 1);
      const PackedMeta& m = p_.columns[doc];
      b.max_tf = static_cast<uint8_t>(std::max<uint32_t>(b.max_tf, tf));
      b.min_dl = std::min(b.min_dl, m.doc_len);
      b.max_static = std::max(b.max_static, doc_static_[doc]);
      max_created = std::max(max_created, m.created_at_ms());
    }
    const unsigned g = bit_width(max_gap), t = bit_width(max_tf1);
    run->postings.push_back(static_cast<char>(g));
    run->postings.push_back(static_cast<char>(t));
    pack_bits(gaps, g, &run->postings);
    pack_bits(tfs, t, &run->postings);
    b.max_created_s = static_cast<uint32_t>((max_created - p_.summary.min_created_ms + 999) / 1000);
    run->blocks.push_back(b);
  }
}

const SealedSegment::TermMeta* SealedSegment::find(std::string_view term, uint64_t hash) const {
  auto it = std::lower_bound(p_.term_hashes.begin(), p_.term_hashes.end(), hash);
  if (it != p_.term_hashes.end() && *it == hash) return &p_.term_meta[it - p_.term_hashes.begin()];
  if (p_.collided_terms.empty()) return nullptr;
  auto c = std::lower_bound(p_.collided_terms.begin(), p_.collided_terms.end(), term);
  if (c == p_.collided_terms.end() || *c != term) return nullptr;
  return &p_.collided_meta[c - p_.collided_terms.begin()];
}

std::unique_ptr<PostingCursor> SealedSegment::postings(std::string_view term, uint64_t hash,
                                                       uint32_t /*limit*/) const {
  const TermMeta* tm = find(term, hash);
  if (!tm) return nullptr;
  return std::make_unique<Cursor>(*this, *tm);
}

std::unique_ptr<SealedSegment> SealedSegment::from_parts(uint64_t base_doc, Parts parts) {
  auto deleted = std::make_shared<DeletedDocs>(static_cast<uint32_t>(parts.columns.size()));
  std::unique_ptr<SealedSegment> seg(new SealedSegment(base_doc, std::move(deleted)));
  seg->p_ = std::move(parts);
  return seg;
}

Status SealedSegment::validate(const Parts& p) {
  const uint32_t docs = static_cast<uint32_t>(p.columns.size());
  if (p.columns.size() > ActiveSegment::kMaxDocs) return corruption("segment: too many docs");
  if (p.term_hashes.size() != p.term_meta.size() ||
      p.collided_terms.size() != p.collided_meta.size())
    return corruption("segment: dictionary arrays differ in length");
  for (size_t i = 1; i < p.term_hashes.size(); ++i)
    if (p.term_hashes[i - 1] >= p.term_hashes[i])
      return corruption("segment: term hashes not sorted at entry " + std::to_string(i));
  for (size_t i = 1; i < p.collided_terms.size(); ++i)
    if (p.collided_terms[i - 1] >= p.collided_terms[i])
      return corruption("segment: collided terms not sorted at entry " + std::to_string(i));
  // Block bounds add up to UINT32_MAX seconds to min_created_ms: keep it to valid post times.
  if (docs > 0 && (p.summary.min_created_ms <= 0 || p.summary.min_created_ms > kMaxCreatedAtMs))
    return corruption("segment: summary min_created_ms " +
                      std::to_string(p.summary.min_created_ms) + " is out of range");
  if (p.postings.size() < kTailPad) return corruption("segment: posting bytes lack their padding");
  const auto* bytes = reinterpret_cast<const uint8_t*>(p.postings.data());
  const size_t limit = p.postings.size() - kTailPad;  // payloads end before the padding
  auto check_term = [&](const TermMeta& tm) -> bool {
    if (tm.df == 0 || tm.df > docs) return false;  // a term is in at most every doc
    if (tm.df == 1) return (tm.first >> 8) < docs && (tm.first & 0xff) > 0;
    uint64_t nblocks = blocks_of(tm.df);
    if (uint64_t{tm.first} + nblocks > p.blocks.size()) return false;
    uint32_t left = tm.df;
    int64_t last = -1;
    for (uint64_t b = tm.first; b < tm.first + nblocks; ++b) {
      const Block& blk = p.blocks[b];
      const uint32_t n = std::min(left, kBlockSize);
      if (blk.offset + size_t{2} > limit) return false;
      const unsigned g = bytes[blk.offset], t = bytes[blk.offset + 1];
      if (g > 32 || t > 8 || blk.offset + payload_bytes(n, g, t) > limit) return false;
      const uint8_t* gaps = bytes + blk.offset + 2;
      const uint8_t* tfs = gaps + (size_t{n - 1} * g + 7) / 8;
      uint64_t doc = blk.first_doc;
      for (uint32_t k = 0; k < n; ++k) {
        if (k > 0) doc += g == 0 ? 0 : read_bits(gaps, uint64_t{k - 1} * g, g);
        if (doc >= docs || static_cast<int64_t>(doc) <= last) return false;
        if (t > 0 && read_bits(tfs, uint64_t{k} * t, t) > 254) return false;
        last = static_cast<int64_t>(doc);
      }
      left -= n;
    }
    return true;
  };
  for (size_t i = 0; i < p.term_meta.size(); ++i)
    if (!check_term(p.term_meta[i]))
      return corruption("segment: postings of term entry " + std::to_string(i) + " are invalid");
  for (size_t i = 0; i < p.collided_meta.size(); ++i)
    if (!check_term(p.collided_meta[i]))
      return corruption("segment: postings of collided term " + std::to_string(i) + " are invalid");
  return Status::ok();
}

SegmentMemory SealedSegment::memory() const {
  SegmentMemory m;
  m.postings = vector_bytes(p_.blocks) + p_.postings.capacity();
  m.columns = vector_bytes(p_.columns) + deleted_docs()->memory_bytes();
  m.dictionary =
      vector_bytes(p_.term_hashes) + vector_bytes(p_.term_meta) + vector_bytes(p_.collided_meta);
  for (const std::string& t : p_.collided_terms) m.dictionary += sizeof(std::string) + t.size();
  return m;
}

}  // namespace chorus::index
