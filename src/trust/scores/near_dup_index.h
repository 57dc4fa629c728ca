// NearDupIndex: online near-duplicate clustering over a stream with MinHash + LSH banding.
//
// Each added text's signature (k = bands * rows MinHash values) is cut into `bands` bands of
// `rows` values; a band's values hash to a bucket key. Texts sharing a bucket are candidates;
// a candidate cluster is joined when the estimated Jaccard similarity to its representative
// (the signature of the cluster's first text) is at least min_similarity. With the defaults
// (16 x 3) a pair of similarity s is a candidate with probability 1 - (1 - s^3)^16: 0.87 at
// s = 0.5, 0.999 at s = 0.75, 0.016 at s = 0.1.
//
// Memory is bounded by a sliding window of stream time: buckets, representatives and post links
// not touched for window_ms are evicted (swept every window_ms / 8 of stream time). A cluster
// that receives no posts for a window is forgotten; a later similar text starts a new one.
//
// Cluster ids start at first_cluster (1) and increase; 0 means "no cluster" (a text with no
// shingles).
// Thread-safety: none; one ingest thread.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "trust/scores/min_hash.h"
#include "trust/scores/timed_table.h"

namespace chorus::trust {

struct NearDupOptions {
  int bands = 16;
  int rows = 3;                 // bands * rows <= kMaxMinHashes
  double min_similarity = 0.5;  // estimated Jaccard to join a cluster
  int64_t window_ms = 2 * 3'600'000LL;
  uint64_t seed = 0x5eed;
  uint64_t first_cluster = 1;  // the first cluster id (> 0)
};

// What add() needs of a text, computable off the ingest thread: its MinHash signature and the
// bucket key of each band.
struct NearDupSketch {
  Signature signature;
  std::array<uint64_t, kMaxMinHashes> band_keys;  // first `bands` entries used
};

struct NearDupMatch {
  uint64_t cluster = 0;      // 0: not clustered
  bool new_cluster = false;  // this text started the cluster
  double similarity = 1.0;   // estimated Jaccard to the cluster's representative
};

class NearDupIndex {
 public:
  explicit NearDupIndex(NearDupOptions options = {});

  // Clusters the text whose shingle set is `shingles` (min_hash.h), seen at stream time
  // `time_ms`; `post_key` (e.g. a hash of the post id) is remembered for link().
  NearDupMatch add(uint64_t post_key, std::span<const uint64_t> shingles, int64_t time_ms);
  // The same in two steps: sketch() is const and thread-safe, so sketches can be computed off
  // the ingest thread; it returns false (no sketch) for an empty shingle set. add_sketch()
  // with a null sketch is add() of an empty set.
  bool sketch(std::span<const uint64_t> shingles, NearDupSketch* out) const;
  NearDupMatch add_sketch(uint64_t post_key, const NearDupSketch* sketch, int64_t time_ms);
  // Cache hints for a later add_sketch(sketch): stage 0 fetches its LSH buckets, stage 1 the
  // clusters they name, stage 2 those clusters' representatives. Each stage reads what the one
  // before fetched, so a caller running ahead of its adds issues stage 2 for the next sketch,
  // stage 1 for the one after and stage 0 for the one after that. Changes nothing.
  // Stages 1 and 2 store the clusters the buckets name (at most `bands`, distinct) in
  // candidates[] and return how many, for callers that fetch their own state for them.
  size_t prefetch(const NearDupSketch& sketch, int stage, uint64_t* candidates) const;
  // Stage 2 for the clusters a stage-1 hint returned (without probing the buckets again): their
  // representatives. Changes nothing.
  void prefetch_reps(std::span<const uint64_t> clusters) const;
  // A cache hint for a later cluster_of(post_key).
  void prefetch_post(uint64_t post_key) const { posts_.prefetch(post_key); }
  // The cluster of an earlier post (for reposts and quotes), 0 when unknown or evicted.
  uint64_t cluster_of(uint64_t post_key) const;

  // Entries held (buckets + representatives + post links): bounded by the window.
  size_t entries() const { return buckets_.size() + clusters_.size() + posts_.size(); }
  size_t clusters_held() const { return clusters_.size(); }
  const NearDupOptions& options() const { return options_; }

 private:
  // A live cluster: when it last received a post and where its representative lies in reps_.
  struct ClusterRef {
    int64_t last_ms;
    uint32_t rep;
  };

  uint64_t band_key(const Signature& sig, int band) const;
  // The representative signature's first k values, in reps_.
  const uint32_t* rep(uint32_t index) const { return reps_.data() + size_t{index} * k_; }
  uint32_t store_rep(const Signature& sig);
  uint64_t best_candidate(const NearDupSketch& sk, double* similarity) const;
  void maybe_sweep(int64_t now_ms);

  NearDupOptions options_;
  MinHasher hasher_;
  // Tables hold the low 32 bits of cluster ids (widen() restores them: live clusters are
  // within 2^32 ids of the newest).
  uint64_t widen(uint32_t low) const;
  TimedTable<uint32_t> buckets_;  // LSH bucket key -> cluster that last wrote it
  // Cluster id -> its ClusterRef (flat: one probe per candidate, no node to chase). Clusters
  // age by ClusterRef::last_ms (milliseconds); the TimedTable's own time only tells a sweep
  // when no cluster can be old enough to go (TimedTable::none_before).
  TimedTable<ClusterRef> clusters_;
  size_t k_;                         // signature values compared (bands * rows)
  std::vector<uint32_t> reps_;       // representatives, k_ values each, by ClusterRef::rep
  std::vector<uint32_t> free_reps_;  // indices of reps_ no live cluster uses
  TimedTable<uint32_t> posts_;       // post key -> its cluster
  uint64_t next_cluster_;
  int64_t now_ms_ = 0;
  int64_t next_sweep_ms_ = 0;
};

}  // namespace chorus::trust
