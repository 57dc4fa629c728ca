// SealedSegment: the compact, immutable form of a full active segment.
//
// Layout
//  - Terms sorted bytewise (one blob + offsets), each with its document frequency and its first
//    posting block; a term with df postings owns ceil(df / kBlockSize) consecutive blocks.
//  - Postings in blocks of kBlockSize, ascending doc ids. A block's entry holds its first doc,
//    its byte offset, and the bound inputs of its postings (max tf, min doc length, max static
//    factor, max created_at as whole seconds above the segment's minimum, rounded up). Bytes:
//    per posting varint((doc - previous doc) << 1 | (tf > 1)), then varint(tf) when tf > 1; the
//    first posting's delta is 0 (its doc is the block's first doc).
//  - Columns (DocMeta) as a plain array.
// Cursors decode one block at a time and traverse it backwards; skip_to() binary-searches the
// block entries. Immutable after build(): any number of threads may read it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "index/active_segment.h"
#include "index/segment.h"

namespace chorus::index {

class SealedSegment final : public Segment {
 public:
  static constexpr uint32_t kBlockSize = 128;

  // Builds from an active segment whose writer has stopped; covers its visible docs.
  static std::unique_ptr<SealedSegment> build(const ActiveSegment& active);

  bool sealed() const override { return true; }
  uint32_t visible_docs() const override { return static_cast<uint32_t>(columns_.size()); }
  const DocMeta& meta(uint32_t local) const override { return columns_[local]; }
  std::unique_ptr<PostingCursor> postings(std::string_view term, uint64_t hash,
                                          uint32_t limit) const override;
  SegmentSummary summary() const override { return summary_; }
  size_t memory_bytes() const override;
  uint32_t term_count() const { return static_cast<uint32_t>(term_meta_.size()); }

  class Cursor;

 private:
  explicit SealedSegment(uint64_t base_doc) : Segment(base_doc) {}
  struct TermMeta {
    uint32_t first_block;
    uint32_t df;
  };
  struct Block {
    uint32_t first_doc;
    uint32_t offset;  // into postings_
    float max_static;
    uint32_t max_created_s;  // ceil((max created - summary_.min_created_ms) / 1000)
    uint16_t min_dl;
    uint8_t max_tf;
  };
  static_assert(sizeof(Block) == 20, "block entries are 20 bytes");

  void add_term(std::string_view term, const std::vector<uint64_t>& postings);
  // Index of `term` in the sorted dictionary, or -1.
  int64_t find(std::string_view term) const;

  std::string term_bytes_;
  std::vector<uint32_t> term_offsets_;  // term i is [offsets[i], offsets[i + 1])
  std::vector<TermMeta> term_meta_;
  std::vector<Block> blocks_;
  std::string postings_;
  std::vector<DocMeta> columns_;
  SegmentSummary summary_;
};

}  // namespace chorus::index
