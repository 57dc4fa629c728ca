// libFuzzer target for the sealed segment file reader (.cseg, index/segment_file.h). The first
// byte is control: bit 0 set rewrites the trailing checksum of the rest (so that mutations reach
// the section and SealedSegment::validate checks); the rest is the file. A file that loads must be
// safe to read everywhere: every doc's columns, and every term's postings walked newest first,
// with docs inside the segment, strictly descending, and no more of them than the term's df.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "base/crc32c.h"
#include "base/env.h"
#include "index/segment_file.h"
#include "one_file_env.h"

namespace {

using chorus::index::PostingCursor;
using chorus::index::SealedSegment;

void walk(const SealedSegment& seg, std::unique_ptr<PostingCursor> cursor, uint32_t df) {
  if (!cursor) __builtin_trap();  // a term the segment lists must be found
  uint32_t count = 0, last = PostingCursor::kEnd;
  for (; !cursor->done(); cursor->next()) {
    const uint32_t doc = cursor->doc();
    if (doc >= seg.visible_docs() || doc >= last || ++count > df) __builtin_trap();
    last = doc;
  }
  cursor->skip_to(0);  // an exhausted cursor stays exhausted
  if (!cursor->done()) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  std::string file(reinterpret_cast<const char*>(data) + 1, size - 1);
  if ((data[0] & 1) && file.size() >= 4) {
    const uint32_t crc = chorus::crc32c::mask(chorus::crc32c::value(file.data(), file.size() - 4));
    std::memcpy(file.data() + file.size() - 4, &crc, 4);
  }
  OneFileEnv env(std::move(file));
  auto loaded = chorus::index::read_segment_file(&env, "fuzz.cseg");
  if (!loaded.is_ok()) return 0;
  const SealedSegment& seg = *loaded->segment;
  volatile uint64_t sink = seg.memory_bytes() + seg.summary().total_doc_len;
  for (uint32_t d = 0; d < seg.visible_docs(); ++d) sink = sink + seg.meta(d).doc_len;
  const SealedSegment::Parts& p = seg.parts();
  for (size_t i = 0; i < p.term_hashes.size(); ++i) {
    walk(seg, seg.postings("", p.term_hashes[i], PostingCursor::kEnd), p.term_meta[i].df);
  }
  // A collided term is found by its string under a hash no listed term has.
  uint64_t free_hash = 0;
  while (std::binary_search(p.term_hashes.begin(), p.term_hashes.end(), free_hash)) ++free_hash;
  for (size_t i = 0; i < p.collided_terms.size(); ++i) {
    walk(seg, seg.postings(p.collided_terms[i], free_hash, PostingCursor::kEnd),
         p.collided_meta[i].df);
  }
  return 0;
}
