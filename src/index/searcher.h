// Query execution over a fixed view of segments: conjunctions of disjunctions with exclusions and
// column filters, newest first (ingest order, early termination) or by score (top-k with
// MaxScore and block-max pruning by the bounds in scoring.h; pruning never changes the result).
// Stateless; any number of threads may search at once.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "index/index.h"
#include "index/query_parser.h"
#include "index/scoring.h"
#include "index/segment.h"

namespace chorus::index {

struct SegmentView {
  std::shared_ptr<const Segment> segment;
  uint32_t limit = 0;  // docs [0, limit) are searched
};

struct SearchFilters {
  int64_t since_ms = INT64_MIN;  // inclusive
  int64_t until_ms = INT64_MAX;  // exclusive
  uint64_t author = 0;           // author_key(), 0: any
  uint32_t lang = 0;             // lang_code(), 0: any
  uint32_t min_engagement = 0;
  bool accepts(const DocMeta& m) const {
    return m.created_at_ms >= since_ms && m.created_at_ms < until_ms &&
           (author == 0 || m.author_hash == author) && (lang == 0 || m.lang == lang) &&
           m.engagement >= min_engagement;
  }
};

struct ScoredDoc {
  uint64_t doc = 0;  // index-wide doc number
  double score = 0;
  uint64_t locator = 0;
};

struct SearchOutput {
  std::vector<ScoredDoc> hits;  // best first
  uint64_t matched = 0;
  bool exhaustive = true;
};

// `views` oldest first. With no query groups every doc matches; by score, docs then rank by
// their doc factor alone (recency x engagement x credibility).
SearchOutput execute_search(std::span<const SegmentView> views, const ParsedQuery& query,
                            const SearchFilters& filters, Query::Order order, size_t limit,
                            ScoreParams params);

}  // namespace chorus::index
