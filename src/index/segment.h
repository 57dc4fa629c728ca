// Segment: what the searcher needs from a segment, active or sealed. Local doc ids are dense from
// 0 in ingest order; the index-wide doc number is base_doc() + local id.
// Thread-safety: every const method may be called from any thread, concurrently with the writer
// of an active segment; a reader fixes its view once with visible_docs() and passes that limit on.
// Tombstones: deleted() tells whether a doc was deleted or replaced by an edit (deleted_docs.h);
// searches, get() and trending skip such docs. Postings and statistics (df, doc lengths) still
// count them until the segment ages out, as in other inverted indexes.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>

#include "index/deleted_docs.h"
#include "index/doc_meta.h"
#include "index/posting_cursor.h"

namespace chorus::index {

// Aggregates over a segment's docs (for an active segment they may include docs a reader cannot
// see yet, which only loosens bounds).
struct SegmentSummary {
  int64_t min_created_ms = INT64_MAX;
  int64_t max_created_ms = INT64_MIN;
  float max_static = 0;  // max of static_factor() over docs
  uint64_t total_doc_len = 0;
};

// Memory held by a segment, by kind (bytes).
struct SegmentMemory {
  size_t postings = 0;    // posting pool or blocks + compressed bytes
  size_t columns = 0;     // per-doc rows
  size_t dictionary = 0;  // term dictionary and per-term state
  size_t total() const { return postings + columns + dictionary; }
};

class Segment {
 public:
  // `deleted` covers at least the docs the segment will hold.
  Segment(uint64_t base_doc, std::shared_ptr<DeletedDocs> deleted)
      : base_doc_(base_doc), deleted_(std::move(deleted)) {}
  virtual ~Segment() = default;
  Segment(const Segment&) = delete;
  Segment& operator=(const Segment&) = delete;

  uint64_t base_doc() const { return base_doc_; }
  virtual bool sealed() const = 0;
  // Docs a reader may look at: [0, visible_docs()).
  virtual uint32_t visible_docs() const = 0;
  // Columns of a visible doc (unpacked from the stored PackedMeta row).
  virtual DocMeta meta(uint32_t local) const = 0;
  // Postings of `term` (hash = hash64(term)) among docs [0, limit); null when the term has none.
  virtual std::unique_ptr<PostingCursor> postings(std::string_view term, uint64_t hash,
                                                  uint32_t limit) const = 0;
  virtual SegmentSummary summary() const = 0;
  // Memory held by postings, dictionary and columns.
  size_t memory_bytes() const { return memory().total(); }
  virtual SegmentMemory memory() const = 0;
  bool deleted(uint32_t local) const { return deleted_->test(local); }
  // The tombstones: the one part of a segment the index writer still changes (set bits only).
  const std::shared_ptr<DeletedDocs>& deleted_docs() const { return deleted_; }

 private:
  uint64_t base_doc_;
  std::shared_ptr<DeletedDocs> deleted_;
};

}  // namespace chorus::index
