#include "index/active_segment.h"

#include <algorithm>

#include "index/scoring.h"

namespace chorus::index {
namespace {

// Slice k holds kPayload[min(k, 3)] postings after kHeader[min(k, 3)] link words.
constexpr uint32_t kPayload[4] = {2, 15, 127, 2047};
constexpr uint32_t kHeader[4] = {0, 1, 1, 1};
constexpr uint32_t kFirstOfLevel3 = 2 + 15 + 127;

uint32_t level_of(uint32_t slice) {
  return std::min<uint32_t>(slice, 3);
}
uint32_t payload_of(uint32_t slice) {
  return kPayload[level_of(slice)];
}
uint32_t header_of(uint32_t slice) {
  return kHeader[level_of(slice)];
}

// Slice number and offset of the posting with ordinal i in a term's chain.
void locate(uint32_t i, uint32_t* slice, uint32_t* offset) {
  if (i < 2) {
    *slice = 0, *offset = i;
  } else if (i < 17) {
    *slice = 1, *offset = i - 2;
  } else if (i < kFirstOfLevel3) {
    *slice = 2, *offset = i - 17;
  } else {
    *slice = 3 + (i - kFirstOfLevel3) / kPayload[3];
    *offset = (i - kFirstOfLevel3) % kPayload[3];
  }
}

uint32_t posting_doc(uint32_t p) {
  return p >> 8;
}
uint32_t posting_tf(uint32_t p) {
  return p & 0xff;
}

template <typename T>
void atomic_max(std::atomic<T>* a, T v) {
  if (v > a->load(std::memory_order_relaxed)) a->store(v, std::memory_order_relaxed);
}
template <typename T>
void atomic_min(std::atomic<T>* a, T v) {
  if (v < a->load(std::memory_order_relaxed)) a->store(v, std::memory_order_relaxed);
}

}  // namespace

// Walks one term's chain backwards from a tail snapshot. Invariant while !done(): `ptr_` points
// at the first posting of slice `slice_` (past its header), and the current posting is
// ptr_[offset_], the posting with ordinal index_.
class ActiveSegment::Cursor final : public PostingCursor {
 public:
  Cursor(const ActiveSegment& seg, uint64_t tail, uint32_t limit, uint32_t bound,
         const SegmentSummary& summary)
      : seg_(seg) {
    uint32_t count = static_cast<uint32_t>(tail >> 32);
    uint32_t pos = static_cast<uint32_t>(tail);
    if (count == 0) return;
    index_ = count - 1;
    locate(index_, &slice_, &offset_);
    ptr_ = seg_.pool_.chunk_ptr(pos - offset_);
    load();
    while (!done() && doc_ >= limit) step();
    df_ = done() ? 0 : index_ + 1;
    term_bound_.max_tf = bound >> 16;
    term_bound_.min_dl = 65535 - (bound & 0xffff);
    term_bound_.max_static = summary.max_static;
    term_bound_.max_created_ms = summary.max_created_ms;
  }

  void next() override {
    if (!done()) step();
  }

  void skip_to(uint32_t target) override {
    if (done() || doc_ <= target) return;
    // Whole slices whose first posting is above target are skipped through the prev links.
    while (slice_ > 0 && posting_doc(ptr_[0]) > target) {
      index_ -= offset_ + 1;
      prev_slice();
    }
    if (posting_doc(ptr_[0]) > target) {
      index_ -= offset_;
      offset_ = 0;
      doc_ = kEnd;  // the first posting of the first slice is above target
      return;
    }
    // Binary search in the slice for the largest posting <= target.
    uint32_t lo = 0, hi = offset_ + 1;  // answer in [lo, hi)
    while (hi - lo > 1) {
      uint32_t mid = (lo + hi) / 2;
      if (posting_doc(ptr_[mid]) <= target)
        lo = mid;
      else
        hi = mid;
    }
    index_ -= offset_ - lo;
    offset_ = lo;
    load();
  }

 private:
  void load() {
    uint32_t p = ptr_[offset_];
    doc_ = posting_doc(p);
    tf_ = posting_tf(p);
  }
  void prev_slice() {
    uint32_t prev = ptr_[-1];  // the link word just before the payload
    --slice_;
    ptr_ = seg_.pool_.chunk_ptr(prev + header_of(slice_));
    offset_ = payload_of(slice_) - 1;
  }
  void step() {
    if (index_ == 0) {
      doc_ = kEnd;
      return;
    }
    --index_;
    if (offset_ == 0) {
      prev_slice();
    } else {
      --offset_;
    }
    load();
  }

  const ActiveSegment& seg_;
  const uint32_t* ptr_ = nullptr;
  uint32_t index_ = 0, slice_ = 0, offset_ = 0;
};

ActiveSegment::ActiveSegment(uint64_t base_doc, uint32_t capacity)
    : Segment(base_doc,
              std::make_shared<DeletedDocs>(std::min(std::max<uint32_t>(capacity, 1), kMaxDocs))),
      capacity_(deleted_docs()->capacity()) {}

ActiveSegment::~ActiveSegment() = default;

bool ActiveSegment::alloc_slice(uint32_t words, uint32_t* start) {
  constexpr uint64_t chunk = decltype(pool_)::kChunkSize;
  if (pool_used_ % chunk + words > chunk) pool_used_ = (pool_used_ / chunk + 1) * chunk;
  if (!pool_.grow_to(pool_used_ + words)) return false;
  *start = static_cast<uint32_t>(pool_used_);
  pool_used_ += words;
  return true;
}

bool ActiveSegment::append_posting(TermState* st, uint32_t doc, uint32_t tf, uint32_t dl) {
  uint64_t tail = st->tail.load(std::memory_order_relaxed);
  uint32_t count = static_cast<uint32_t>(tail >> 32);
  uint32_t slice, offset;
  locate(count, &slice, &offset);
  uint32_t pos;
  if (offset == 0) {
    uint32_t start;
    if (!alloc_slice(header_of(slice) + payload_of(slice), &start)) return false;
    if (count > 0) {
      // Start of the previous slice: the last posting's position minus its offset and header.
      uint32_t prev_slice, prev_offset;
      locate(count - 1, &prev_slice, &prev_offset);
      pool_.mut(start) = static_cast<uint32_t>(tail) - prev_offset - header_of(prev_slice);
    }
    pos = start + header_of(slice);
  } else {
    pos = static_cast<uint32_t>(tail) + 1;
  }
  pool_.mut(pos) = (doc << 8) | std::min<uint32_t>(tf, 255);
  uint32_t b = st->bound.load(std::memory_order_relaxed);
  uint32_t max_tf = std::max<uint32_t>(b >> 16, std::min<uint32_t>(tf, 255));
  uint32_t min_dl = std::min<uint32_t>(65535 - (b & 0xffff), dl);
  st->bound.store((max_tf << 16) | (65535 - min_dl), std::memory_order_relaxed);
  st->tail.store((uint64_t{count + 1} << 32) | pos, std::memory_order_release);
  return true;
}

bool ActiveSegment::add(const DocMeta& meta, std::span<const TermFreq> terms) {
  uint32_t n = docs_.load(std::memory_order_relaxed);
  if (n >= capacity_ || failed_) return false;
  if (!columns_.grow_to(size_t{n} + 1)) return fail();
  const PackedMeta packed = PackedMeta::pack(meta);
  const DocMeta stored = packed.unpack();  // bounds must cover the stored (quantized) values
  columns_.mut(n) = packed;
  for (const TermFreq& t : terms) terms_.prefetch(t.hash);
  for (const TermFreq& t : terms) {
    // The state of a new id is addressable before the id is published by insert().
    if (!states_.grow_to(size_t{terms_.size()} + 1)) return fail();
    bool inserted = false;
    uint32_t id = terms_.insert(t.term, t.hash, &inserted);
    if (id == TermTable::kNotFound) continue;  // too long or dictionary full: not indexed
    if (!append_posting(&states_.mut(id), n, t.tf, stored.doc_len)) return fail();
  }
  atomic_min(&min_created_, stored.created_at_ms);
  atomic_max(&max_created_, stored.created_at_ms);
  atomic_max(&max_static_, float_at_least(static_factor(stored)));
  total_len_.store(total_len_.load(std::memory_order_relaxed) + stored.doc_len,
                   std::memory_order_relaxed);
  docs_.store(n + 1, std::memory_order_release);
  return true;
}

std::unique_ptr<PostingCursor> ActiveSegment::postings(std::string_view term, uint64_t hash,
                                                       uint32_t limit) const {
  uint32_t id = terms_.find(term, hash);
  if (id == TermTable::kNotFound) return nullptr;
  const TermState& st = states_[id];
  uint64_t tail = st.tail.load(std::memory_order_acquire);
  auto c = std::make_unique<Cursor>(*this, tail, limit, st.bound.load(std::memory_order_relaxed),
                                    summary());
  if (c->done()) return nullptr;
  return c;
}

bool ActiveSegment::fail() {
  failed_.store(true, std::memory_order_relaxed);
  return false;
}

void ActiveSegment::collect_postings(uint32_t term_id, std::vector<uint32_t>* out) const {
  out->clear();
  const uint32_t limit = visible_docs();
  uint64_t tail = states_[term_id].tail.load(std::memory_order_acquire);
  uint32_t count = static_cast<uint32_t>(tail >> 32);
  if (count == 0) return;
  out->resize(count);
  uint32_t slice, offset;
  locate(count - 1, &slice, &offset);
  const uint32_t* ptr = pool_.chunk_ptr(static_cast<uint32_t>(tail) - offset);
  for (uint32_t i = count; i-- > 0;) {
    (*out)[i] = ptr[offset];
    if (offset > 0) {
      --offset;
    } else if (i > 0) {
      uint32_t prev = ptr[-1];
      --slice;
      ptr = pool_.chunk_ptr(prev + header_of(slice));
      offset = payload_of(slice) - 1;
    }
  }
  while (!out->empty() && posting_doc(out->back()) >= limit) out->pop_back();
}

void ActiveSegment::scan_postings(uint32_t term_id,
                                  const std::function<void(uint32_t, uint32_t)>& fn) const {
  std::vector<uint32_t> packed;
  collect_postings(term_id, &packed);
  for (uint32_t p : packed) fn(posting_doc(p), posting_tf(p));
}

SegmentSummary ActiveSegment::summary() const {
  SegmentSummary s;
  s.min_created_ms = min_created_.load(std::memory_order_relaxed);
  s.max_created_ms = max_created_.load(std::memory_order_relaxed);
  s.max_static = max_static_.load(std::memory_order_relaxed);
  s.total_doc_len = total_len_.load(std::memory_order_relaxed);
  return s;
}

SegmentMemory ActiveSegment::memory() const {
  SegmentMemory m;
  m.postings = pool_.allocated_bytes();
  m.columns = columns_.allocated_bytes() + deleted_docs()->memory_bytes();
  m.dictionary = terms_.memory_bytes() + states_.allocated_bytes();
  return m;
}

}  // namespace chorus::index
