// SealedSegment: the compact, immutable form of a full active segment.
//
// Layout
//  - Dictionary without strings: the terms' 64-bit hashes, sorted, with a parallel TermMeta
//    (8 bytes). Terms whose hash collides with another term of the same segment are kept apart,
//    with their strings, in a small sorted side table that lookups consult by string; a lookup
//    of a term absent from the segment whose hash equals a present term's hash (about 2^-64 x
//    terms per lookup) would return that term's postings.
//  - A term seen in one doc stores its posting inline in its TermMeta ((doc << 8) | tf), with no
//    block. Otherwise its df postings fill ceil(df / kBlockSize) consecutive blocks.
//  - Postings in blocks of kBlockSize, ascending doc ids. A block's entry holds its first doc,
//    its byte offset, and the bound inputs of its postings (max tf, min doc length, max static
//    factor, max created_at as whole seconds above the segment's minimum, rounded up). Block
//    bytes are bit-packed at the block's own widths: [u8 g][u8 t][count - 1 doc gaps of g bits]
//    [count values tf - 1 of t bits] (t == 0: every tf is 1), fields least significant bit first;
//    8 zero bytes end the posting bytes so that decoding may load 8 bytes at any field.
//  - Columns as a plain PackedMeta array (32 bytes per doc).
// Cursors decode one block at a time and traverse it backwards; skip_to() binary-searches the
// block entries. Immutable after build()/load: any number of threads may read it.
// Persistence: segment_file.h writes and reads these fields with checksums.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "base/status.h"
#include "index/active_segment.h"
#include "index/segment.h"

namespace chorus::index {

class SealedSegment final : public Segment {
 public:
  static constexpr uint32_t kBlockSize = 128;

  struct TermMeta {
    uint32_t first;  // df == 1: the posting (doc << 8) | tf; else the index of the first block
    uint32_t df;
  };
  struct Block {
    uint32_t first_doc;
    uint32_t offset;  // into postings
    float max_static;
    uint32_t max_created_s;  // ceil((max created - summary.min_created_ms) / 1000)
    uint16_t min_dl;
    uint8_t max_tf;
    uint8_t reserved;
  };
  static_assert(sizeof(Block) == 20, "block entries are 20 bytes");
  static_assert(sizeof(TermMeta) == 8, "term entries are 8 bytes");

  // Everything a sealed segment holds, as plain arrays (what segment files store).
  struct Parts {
    std::vector<uint64_t> term_hashes;        // sorted, unique
    std::vector<TermMeta> term_meta;          // parallel to term_hashes
    std::vector<std::string> collided_terms;  // sorted
    std::vector<TermMeta> collided_meta;      // parallel to collided_terms
    std::vector<Block> blocks;
    std::string postings;
    std::vector<PackedMeta> columns;
    SegmentSummary summary;
  };

  // Builds from an active segment whose writer has stopped; covers its visible docs. With at
  // least `parallel_min_terms` terms, a second thread encodes half of them; the parts are the
  // same either way.
  static constexpr size_t kParallelSealTerms = size_t{1} << 16;
  static std::unique_ptr<SealedSegment> build(const ActiveSegment& active,
                                              size_t parallel_min_terms = kParallelSealTerms);
  // Adopts parts that passed validate().
  static std::unique_ptr<SealedSegment> from_parts(uint64_t base_doc, Parts parts);
  // Checks the invariants that cursors rely on (sorted hashes, block and posting ranges, varints
  // inside the posting bytes); names the first violation.
  static Status validate(const Parts& parts);

  bool sealed() const override { return true; }
  uint32_t visible_docs() const override { return static_cast<uint32_t>(p_.columns.size()); }
  DocMeta meta(uint32_t local) const override { return p_.columns[local].unpack(); }
  std::unique_ptr<PostingCursor> postings(std::string_view term, uint64_t hash,
                                          uint32_t limit) const override;
  SegmentSummary summary() const override { return p_.summary; }
  SegmentMemory memory() const override;
  uint32_t term_count() const {
    return static_cast<uint32_t>(p_.term_meta.size() + p_.collided_meta.size());
  }
  const Parts& parts() const { return p_; }

  class Cursor;

 private:
  SealedSegment(uint64_t base_doc, std::shared_ptr<DeletedDocs> deleted)
      : Segment(base_doc, std::move(deleted)) {}
  struct TermRun;
  // Encodes the terms order[begin, end) of `active` into `run` (build() only; const: runs for
  // disjoint ranges may be built at once).
  void add_terms(const ActiveSegment& active, const std::vector<uint32_t>& order, size_t begin,
                 size_t end, TermRun* run) const;
  void add_term(const std::vector<uint32_t>& postings, TermRun* run, TermMeta* meta) const;
  // Appends `run` to p_, rebasing its block and postings offsets.
  void append_run(TermRun& run, std::vector<std::pair<std::string, TermMeta>>* collided);
  const TermMeta* find(std::string_view term, uint64_t hash) const;

  Parts p_;
  std::vector<float> doc_static_;  // build() only: float_at_least(static_factor()) per doc
};

}  // namespace chorus::index
