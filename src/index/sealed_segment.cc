#include "index/sealed_segment.h"

#include <algorithm>
#include <numeric>

#include "index/scoring.h"

namespace chorus::index {
namespace {

void put_varint32(uint32_t v, std::string* out) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>(v | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

// The bytes were written by put_varint32 in build(), so no bounds checks are needed.
uint32_t get_varint32(const uint8_t** p) {
  uint32_t v = 0;
  for (int shift = 0;; shift += 7) {
    uint8_t b = *(*p)++;
    v |= uint32_t{b & 0x7fu} << shift;
    if (b < 0x80) return v;
  }
}

}  // namespace

class SealedSegment::Cursor final : public PostingCursor {
 public:
  Cursor(const SealedSegment& seg, const TermMeta& tm) : seg_(seg) {
    df_ = tm.df;
    first_block_ = tm.first_block;
    uint32_t nblocks = (tm.df + kBlockSize - 1) / kBlockSize;
    block_ = first_block_ + nblocks - 1;
    term_bound_ = {0, 65535, 0, INT64_MIN};
    for (uint32_t b = first_block_; b <= block_; ++b) {
      PostingBound pb = bound_of(seg_.blocks_[b]);
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
      // The last block before block_ whose first doc is <= target.
      const Block* begin = seg_.blocks_.data() + first_block_;
      const Block* end = seg_.blocks_.data() + block_;
      const Block* it = std::upper_bound(
          begin, end, target, [](uint32_t t, const Block& b) { return t < b.first_doc; });
      if (it == begin) {
        doc_ = kEnd;
        return;
      }
      decode(static_cast<uint32_t>(it - seg_.blocks_.data()) - 1);
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
            seg_.summary_.min_created_ms + int64_t{b.max_created_s} * 1000};
  }
  void decode(uint32_t block) {
    block_ = block;
    const Block& b = seg_.blocks_[block];
    uint32_t index_in_term = block - first_block_;
    count_ = std::min(kBlockSize, df_ - index_in_term * kBlockSize);
    const uint8_t* p = reinterpret_cast<const uint8_t*>(seg_.postings_.data()) + b.offset;
    uint32_t doc = b.first_doc;
    for (uint32_t i = 0; i < count_; ++i) {
      uint32_t v = get_varint32(&p);
      doc += v >> 1;
      docs_[i] = doc;
      tfs_[i] = (v & 1) ? get_varint32(&p) : 1;
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

std::unique_ptr<SealedSegment> SealedSegment::build(const ActiveSegment& active) {
  std::unique_ptr<SealedSegment> seg(new SealedSegment(active.base_doc()));
  const uint32_t n = active.visible_docs();
  seg->columns_.reserve(n);
  SegmentSummary& s = seg->summary_;
  for (uint32_t d = 0; d < n; ++d) {
    const DocMeta& m = active.meta(d);
    seg->columns_.push_back(m);
    s.min_created_ms = std::min(s.min_created_ms, m.created_at_ms);
    s.max_created_ms = std::max(s.max_created_ms, m.created_at_ms);
    s.max_static = std::max(s.max_static, float_at_least(static_factor(m)));
    s.total_doc_len += m.doc_len;
  }
  const TermTable& terms = active.terms();
  std::vector<uint32_t> order(terms.size());
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(),
            [&](uint32_t a, uint32_t b) { return terms.term(a) < terms.term(b); });
  std::vector<uint64_t> postings;  // (doc << 32) | tf
  for (uint32_t id : order) {
    postings.clear();
    active.scan_postings(
        id, [&](uint32_t doc, uint32_t tf) { postings.push_back((uint64_t{doc} << 32) | tf); });
    if (!postings.empty()) seg->add_term(terms.term(id), postings);
  }
  seg->term_offsets_.push_back(static_cast<uint32_t>(seg->term_bytes_.size()));
  seg->term_bytes_.shrink_to_fit();
  seg->term_offsets_.shrink_to_fit();
  seg->term_meta_.shrink_to_fit();
  seg->blocks_.shrink_to_fit();
  seg->postings_.shrink_to_fit();
  return seg;
}

void SealedSegment::add_term(std::string_view term, const std::vector<uint64_t>& postings) {
  term_offsets_.push_back(static_cast<uint32_t>(term_bytes_.size()));
  term_bytes_.append(term);
  term_meta_.push_back(
      {static_cast<uint32_t>(blocks_.size()), static_cast<uint32_t>(postings.size())});
  for (size_t start = 0; start < postings.size(); start += kBlockSize) {
    size_t end = std::min(postings.size(), start + kBlockSize);
    Block b{static_cast<uint32_t>(postings[start] >> 32),
            static_cast<uint32_t>(postings_.size()),
            0,
            0,
            65535,
            0};
    int64_t max_created = INT64_MIN;
    uint32_t prev = b.first_doc;
    for (size_t i = start; i < end; ++i) {
      uint32_t doc = static_cast<uint32_t>(postings[i] >> 32);
      uint32_t tf = static_cast<uint32_t>(postings[i]);
      put_varint32(((doc - prev) << 1) | (tf > 1 ? 1u : 0u), &postings_);
      if (tf > 1) put_varint32(tf, &postings_);
      prev = doc;
      const DocMeta& m = columns_[doc];
      b.max_tf = static_cast<uint8_t>(std::max<uint32_t>(b.max_tf, std::min<uint32_t>(tf, 255)));
      b.min_dl = std::min(b.min_dl, m.doc_len);
      b.max_static = std::max(b.max_static, float_at_least(static_factor(m)));
      max_created = std::max(max_created, m.created_at_ms);
    }
    b.max_created_s = static_cast<uint32_t>((max_created - summary_.min_created_ms + 999) / 1000);
    blocks_.push_back(b);
  }
}

int64_t SealedSegment::find(std::string_view term) const {
  size_t lo = 0, hi = term_meta_.size();
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    std::string_view t(term_bytes_.data() + term_offsets_[mid],
                       term_offsets_[mid + 1] - term_offsets_[mid]);
    if (t < term)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo == term_meta_.size()) return -1;
  std::string_view t(term_bytes_.data() + term_offsets_[lo],
                     term_offsets_[lo + 1] - term_offsets_[lo]);
  return t == term ? static_cast<int64_t>(lo) : -1;
}

std::unique_ptr<PostingCursor> SealedSegment::postings(std::string_view term, uint64_t /*hash*/,
                                                       uint32_t /*limit*/) const {
  int64_t i = find(term);
  if (i < 0) return nullptr;
  return std::make_unique<Cursor>(*this, term_meta_[static_cast<size_t>(i)]);
}

size_t SealedSegment::memory_bytes() const {
  return term_bytes_.capacity() + term_offsets_.capacity() * sizeof(uint32_t) +
         term_meta_.capacity() * sizeof(TermMeta) + blocks_.capacity() * sizeof(Block) +
         postings_.capacity() + columns_.capacity() * sizeof(DocMeta);
}

}  // namespace chorus::index
