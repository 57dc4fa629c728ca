// Index: the durable real-time post index — the public face of src/index.
//
// ingest() appends the post to the PostLog (see post_log.h for the durability contract) and
// adds it to the active in-memory segment; it is searchable by any reader the moment ingest()
// returns. Full active segments are sealed into compact immutable segments and written to
// checksummed segment files. open() loads the segment files and replays the rest of the log, so
// the index survives a crash; what recovery dropped is reported.
//
// Edits and deletes (update/remove/apply) are change records in the same log. A delete
// tombstones the post: searches, get() and trending no longer see it, and a later post with its
// id is a duplicate (a re-delivered create never brings it back). An edit tombstones the current
// version and indexes the new one under the same id; an edit identical to the current version
// (a re-delivery) changes nothing. open() rebuilds every tombstone from the log and the segment
// files. Deletes and edits of ids the index does not hold are counted, not errors.
// get() always finds a post being edited (old or new version). A search running during an edit
// never returns both versions, but one whose view of the newest docs was fixed before the new
// version was published may return neither; BM25 statistics keep counting tombstoned docs.
//
// Thread-safety: one writer (ingest/ingest_batch/update/remove/apply/apply_retention from one
// thread at a time);
// search/get/trending/stats from any number of threads concurrently with the writer, without
// taking a lock the writer holds.
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "base/env.h"
#include "base/status.h"
#include "index/post_log.h"
#include "post/post.h"
#include "text/analyzer.h"

namespace chorus::index {

struct IndexOptions {
  LogOptions log;
  text::AnalyzerOptions analyzer;
  int64_t recency_half_life_ms = 6 * 3'600'000LL;  // score halves every half-life of age
  uint32_t segment_posts = 1u << 20;               // seal the active segment at this size
  int64_t retention_age_ms = 0;                    // 0: keep forever
  uint64_t retention_max_posts = 0;                // 0: no limit
  // Write sealed segments to files and load them on open (else open re-analyzes the whole log).
  bool persist_segments = true;
  double bm25_k1 = 1.2;
  double bm25_b = 0.75;
};

enum class IngestOutcome { kIndexed, kDuplicate };

enum class ChangeKind { kPost, kEdit, kDelete };

// What a post, an edit or a delete did.
enum class ChangeOutcome {
  kIndexed,    // a new post, or an edit of an id never seen, was indexed
  kDuplicate,  // a post whose id is present, or an edit identical to the current version
  kReplaced,   // an edit replaced the current version
  kDeleted,    // a delete tombstoned the post
  kNotFound,   // an edit or delete of an id the index does not hold (unknown or expired)
  kGone,       // an edit or delete of a post that is already deleted
};
std::string_view change_outcome_name(ChangeOutcome outcome);

struct Change {
  ChangeKind kind = ChangeKind::kPost;
  Post post;  // kDelete: only post.id is read
};

struct Query {
  // Terms are ANDed; "OR" between terms makes a disjunction ("fire OR flood"); a leading '-'
  // excludes a term; #hashtags, @mentions and words are analyzed like post text.
  std::string text;
  int64_t since_ms = std::numeric_limits<int64_t>::min();  // inclusive
  int64_t until_ms = std::numeric_limits<int64_t>::max();  // exclusive
  std::string author;                                      // handle, without '@'
  std::string lang;
  int64_t min_engagement = 0;
  size_t limit = 10;
  enum class Order { kScore, kNewest } order = Order::kScore;
  int64_t now_ms = 0;       // reference time for recency; 0 means Env::now_ms()
  bool fetch_posts = true;  // fill Hit::post from the log
};

struct Hit {
  uint64_t doc = 0;  // index-wide document number, increasing with ingest order
  double score = 0;  // 0 for Order::kNewest
  Post post;         // filled when Query::fetch_posts
};

struct SearchResult {
  std::vector<Hit> hits;
  uint64_t matched = 0;    // documents that matched before top-k (exact unless pruned early)
  bool exhaustive = true;  // false when pruning stopped counting early
};

struct TrendingItem {
  std::string term;    // "#tag" or a word
  uint64_t count = 0;  // occurrences in the window
  double burst = 0;    // recent rate over baseline rate (>1 means rising)
};

struct IndexStats {
  uint64_t posts = 0;
  uint64_t segments = 0;  // sealed + active
  uint64_t sealed_segments = 0;
  uint64_t bytes_on_disk = 0;  // the log and persisted segment files
  uint64_t index_bytes = 0;    // in-memory index structures, excluding stored text
  // index_bytes split: postings, per-doc columns, the post-id map, term dictionaries.
  uint64_t postings_bytes = 0;
  uint64_t columns_bytes = 0;
  uint64_t id_map_bytes = 0;
  uint64_t dictionary_bytes = 0;
  uint64_t sealing_cpu_ns = 0;  // CPU time the background sealer has spent so far
  uint64_t duplicates = 0;
  uint64_t deletes = 0;          // posts deleted (tombstoned), replay included
  uint64_t edits = 0;            // versions replaced by an edit, replay included
  uint64_t unknown_changes = 0;  // edits/deletes of ids not held (kNotFound) or already deleted
  uint64_t unchanged_edits = 0;  // edits identical to the current version
  uint64_t tombstones = 0;       // docs hidden by deletes and edits (counted in `posts`)
  uint64_t last_seq = 0;
  uint64_t durable_seq = 0;
};

class Index {
 public:
  static Result<std::unique_ptr<Index>> open(Env* env, const std::string& dir, IndexOptions options,
                                             RecoveryReport* report = nullptr);
  virtual ~Index() = default;

  // Validates, logs and indexes one post. A post whose id was already ingested is ignored and
  // counted (kDuplicate). Invalid posts return kInvalidArgument and change nothing.
  virtual Result<IngestOutcome> ingest(const Post& post) = 0;
  // Several posts with one log write; per-item outcomes or errors, in order.
  virtual std::vector<Result<IngestOutcome>> ingest_batch(std::span<const Post> posts) = 0;
  // Deletes post `post_id` (see the file comment). kInvalidArgument for an empty or oversize id.
  virtual Result<ChangeOutcome> remove(std::string_view post_id) = 0;
  // Replaces the post with post.id by `post` (an edit); an id never seen is ingested as new.
  // Invalid posts return kInvalidArgument and change nothing.
  virtual Result<ChangeOutcome> update(const Post& post) = 0;
  // Posts, edits and deletes in order; runs of posts share one log write as in ingest_batch.
  virtual std::vector<Result<ChangeOutcome>> apply(std::span<const Change> changes) = 0;
  // Blocks until everything ingested so far is durable (group commit).
  virtual Status sync() = 0;

  virtual Result<SearchResult> search(const Query& query) const = 0;
  virtual Result<Post> get(std::string_view post_id) const = 0;
  // Top-n terms and hashtags by burst over the last `window_ms`.
  virtual std::vector<TrendingItem> trending(int64_t window_ms, size_t n,
                                             int64_t now_ms = 0) const = 0;
  virtual IndexStats stats() const = 0;
  // Drops whole segments (and log files) older than the retention options allow.
  virtual Status apply_retention() = 0;
  virtual Status close() = 0;
};

}  // namespace chorus::index
