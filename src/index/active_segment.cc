#include "index/active_segment.h"

#include <algorithm>

#include "index/scoring.h"

namespace chorus::index {
namespace {

constexpr uint32_t kHeaderWords = 2;  // [prev start][next start]
constexpr uint32_t kPayload[4] = {2, 14, 126, 1022};
constexpr uint32_t kFirstOfLevel3 = 2 + 14 + 126;

uint32_t payload_of(uint32_t slice) {
  return kPayload[std::min<uint32_t>(slice, 3)];
}

// Slice number and offset of the posting with ordinal i in a term's chain.
void locate(uint32_t i, uint32_t* slice, uint32_t* offset) {
  if (i < 2) {
    *slice = 0, *offset = i;
  } else if (i < 16) {
    *slice = 1, *offset = i - 2;
  } else if (i < kFirstOfLevel3) {
    *slice = 2, *offset = i - 16;
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
// at the start of slice `slice_`, and the current posting is ptr_[kHeaderWords + offset_], the
// posting with ordinal index_.
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
    ptr_ = seg_.pool_.chunk_ptr(pos - kHeaderWords - offset_);
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
    while (slice_ > 0 && posting_doc(ptr_[kHeaderWords]) > target) {
      index_ -= offset_ + 1;
      prev_slice();
    }
    // Binary search in the slice for the largest posting <= target.
    const uint32_t* base = ptr_ + kHeaderWords;
    uint32_t lo = 0, hi = offset_ + 1;  // answer in [lo, hi)
    if (posting_doc(base[0]) > target) {
      index_ -= offset_;
      offset_ = 0;
      doc_ = kEnd;  // the first posting of the first slice is above target
      return;
    }
    while (hi - lo > 1) {
      uint32_t mid = (lo + hi) / 2;
      if (posting_doc(base[mid]) <= target)
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
    uint32_t p = ptr_[kHeaderWords + offset_];
    doc_ = posting_doc(p);
    tf_ = posting_tf(p);
  }
  void prev_slice() {
    --slice_;
    ptr_ = seg_.pool_.chunk_ptr(ptr_[0]);
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
    : Segment(base_doc), capacity_(std::min(std::max<uint32_t>(capacity, 1), kMaxDocs)) {}

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
  if (offset == 0) {
    uint32_t start;
    if (!alloc_slice(kHeaderWords + payload_of(slice), &start)) return false;
    if (count == 0) {
      st->head = start;
    } else {
      pool_.mut(st->slice + 1) = start;  // next link of the previous slice
    }
    pool_.mut(start) = st->slice;  // prev link (unused for the first slice)
    pool_.mut(start + 1) = 0;
    st->slice = start;
  }
  uint32_t pos = st->slice + kHeaderWords + offset;
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
  columns_.mut(n) = meta;
  for (const TermFreq& t : terms) {
    // The state of a new id is addressable before the id is published by insert().
    if (!states_.grow_to(size_t{terms_.size()} + 1)) return fail();
    bool inserted = false;
    uint32_t id = terms_.insert(t.term, t.hash, &inserted);
    if (id == TermTable::kNotFound) continue;  // too long or dictionary full: not indexed
    if (!append_posting(&states_.mut(id), n, t.tf, meta.doc_len)) return fail();
  }
  atomic_min(&min_created_, meta.created_at_ms);
  atomic_max(&max_created_, meta.created_at_ms);
  atomic_max(&max_static_, float_at_least(static_factor(meta)));
  total_len_.store(total_len_.load(std::memory_order_relaxed) + meta.doc_len,
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

void ActiveSegment::scan_postings(uint32_t term_id,
                                  const std::function<void(uint32_t, uint32_t)>& fn) const {
  const uint32_t limit = visible_docs();
  const TermState& st = states_[term_id];
  uint32_t count = static_cast<uint32_t>(st.tail.load(std::memory_order_acquire) >> 32);
  uint32_t start = st.head, slice = 0, offset = 0;
  const uint32_t* ptr = pool_.chunk_ptr(start);
  for (uint32_t i = 0; i < count; ++i) {
    if (offset == payload_of(slice)) {
      ptr = pool_.chunk_ptr(ptr[1]);
      ++slice;
      offset = 0;
    }
    uint32_t p = ptr[kHeaderWords + offset++];
    if (posting_doc(p) < limit) fn(posting_doc(p), posting_tf(p));
  }
}

SegmentSummary ActiveSegment::summary() const {
  SegmentSummary s;
  s.min_created_ms = min_created_.load(std::memory_order_relaxed);
  s.max_created_ms = max_created_.load(std::memory_order_relaxed);
  s.max_static = max_static_.load(std::memory_order_relaxed);
  s.total_doc_len = total_len_.load(std::memory_order_relaxed);
  return s;
}

size_t ActiveSegment::memory_bytes() const {
  return columns_.allocated_bytes() + terms_.memory_bytes() + states_.allocated_bytes() +
         pool_.allocated_bytes();
}

}  // namespace chorus::index
