// Segment files: a sealed segment persisted next to the log, so that opening a data dir loads
// segments instead of re-analyzing every post. Private to src/index.
//
// File <dir>/seg-<base doc, 16 hex digits>.cseg, written once (temp file, fsync, rename, fsync
// of the dir) and never modified; all integers little-endian (the host order, x86-64/arm64):
//   "CHSEGv01"  magic and version
//   u64 base_doc, u64 first_seq, u64 last_seq   log records the docs came from (inclusive)
//   i64 min_created_ms, i64 max_created_ms, f32 max_static, u32 docs, u64 total_doc_len
//   sections, each u64 byte length + bytes: term hashes, term meta, collided terms (u32 length +
//   bytes each), collided meta, blocks, posting bytes, columns (PackedMeta), post-id hashes
//   (u64 per doc, for the id map; on disk only)
//   u32 masked CRC32C of every byte before it
// A file that is short, fails its checksum, or whose arrays break SealedSegment::validate() is
// refused with kCorruption naming the file and what was wrong.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "base/env.h"
#include "base/status.h"
#include "index/sealed_segment.h"

namespace chorus::index {

struct SegmentFileInfo {
  uint64_t base_doc = 0;
  uint64_t first_seq = 0;
  uint64_t last_seq = 0;
};

struct LoadedSegment {
  SegmentFileInfo info;
  std::unique_ptr<SealedSegment> segment;
  std::vector<uint64_t> id_hashes;  // per doc
};

std::string segment_file_name(uint64_t base_doc);
// True when `name` is a segment file name; sets *base_doc.
bool parse_segment_file_name(const std::string& name, uint64_t* base_doc);

// Writes the file for `seg` durably. `id_hashes` has one entry per doc of seg.
Status write_segment_file(Env* env, const std::string& dir, const SealedSegment& seg,
                          const SegmentFileInfo& info, const std::vector<uint64_t>& id_hashes);
Result<LoadedSegment> read_segment_file(Env* env, const std::string& path);

}  // namespace chorus::index
