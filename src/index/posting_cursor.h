// PostingCursor: a term's postings in one segment, traversed newest first (descending local doc
// id), with skip_to() and upper bounds for top-k pruning. Cursors read a fixed view: only docs
// below the limit given when the cursor was made. Not thread-safe; one per reader.
#pragma once

#include <cstdint>

namespace chorus::index {

// Inputs of a score upper bound for a run of postings (see scoring.h): the score of any posting
// in the run is at most idf x tf_norm(max_tf, min_dl) x max_static x recency(max_created_ms).
struct PostingBound {
  uint32_t max_tf = 0;
  uint32_t min_dl = 0;
  float max_static = 0;
  int64_t max_created_ms = 0;
};

class PostingCursor {
 public:
  static constexpr uint32_t kEnd = UINT32_MAX;  // exhausted

  virtual ~PostingCursor() = default;
  uint32_t doc() const { return doc_; }
  uint32_t tf() const { return tf_; }
  bool done() const { return doc_ == kEnd; }
  // Postings in the cursor's view (the term's document frequency in this segment).
  uint32_t df() const { return df_; }
  // A bound over every posting of the view.
  const PostingBound& term_bound() const { return term_bound_; }

  // Moves to the next smaller doc, or to kEnd.
  virtual void next() = 0;
  // Moves to the largest doc <= target (kEnd when none); no move when doc() <= target already.
  virtual void skip_to(uint32_t target) = 0;
  // A bound over the postings from the current one down to block_floor() (inclusive). Segments
  // without block bounds return the term bound and floor 0.
  virtual const PostingBound& block_bound() const { return term_bound_; }
  virtual uint32_t block_floor() const { return 0; }

 protected:
  uint32_t doc_ = kEnd;
  uint32_t tf_ = 0;
  uint32_t df_ = 0;
  PostingBound term_bound_;
};

}  // namespace chorus::index
