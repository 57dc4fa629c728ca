// IndexImpl: the Index behind Index::open — the post log, the segments, duplicates and trending.
//
// Segments: the snapshot is an immutable list of segments, oldest first, the last one active.
// Readers take it with one atomic shared_ptr load and keep the segments alive while they search.
// When the active segment is full the writer freezes it, publishes [..., frozen, new active]
// and hands the frozen one to the sealer thread, which builds its SealedSegment and publishes a
// snapshot where the sealed segment replaces the frozen one (same docs, same numbers). Both
// publish under snapshot_mu_, a lock readers never take.
// Persistence: the sealer writes each sealed segment to a segment file (segment_file.h) once the
// log records it covers are durable; close() seals and writes the active segment too. open()
// loads the files that verify (checksum + structure), in base-doc order while contiguous,
// rebuilds the id map from their id hashes, then replays only the log records after the last
// loaded one (the log stays the source of truth: a file that fails to load is deleted together
// with every later one, and their posts are re-analyzed from the log). Trending counts of posts
// in loaded segments that are recent enough to matter are rebuilt by re-analyzing those posts.
// Edits and deletes (index_changes.cc): the id map points each id at the doc of its current
// version. A delete appends a change record, then sets the doc's tombstone (deleted_docs.h). An
// edit appends a change record, adds the new version as a fresh doc (published like any ingest),
// release-stores the id map entry to the new doc, and only then sets the old doc's tombstone; so
// a reader never sees neither version: get() that finds a tombstoned doc looks the id up once
// more, and by then (acquire on the tombstone, release order of the writer) sees the new doc.
// Tombstones are rebuilt at open: load_segments tombstones the older doc of an id that occurs
// twice among the loaded docs (an edit), and replay applies every delete record (whatever its
// seq: its target may sit in a loaded segment) and the edit records after the loaded segments.
// Trending counts of a tombstoned doc are taken back (re-analyzing the post); for docs tombstoned
// during replay this waits until the log is open (replay_untrend_), and rebuild_trending skips
// tombstoned docs.
// Thread-safety: see index.h (one writer; readers concurrent, lock-free except trending).
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

#include "index/active_segment.h"
#include "index/hash_set64.h"
#include "index/id_map.h"
#include "index/index.h"
#include "index/trending.h"
#include "index/work_sharing.h"
#include "text/analyzer.h"

namespace chorus::index {

class IndexImpl final : public Index {
 public:
  IndexImpl(Env* env, std::string dir, IndexOptions options);
  ~IndexImpl() override;

  // Opens the log, replaying it into the segments.
  Status open(RecoveryReport* report);

  Result<IngestOutcome> ingest(const Post& post) override;
  std::vector<Result<IngestOutcome>> ingest_batch(std::span<const Post> posts) override;
  Result<ChangeOutcome> remove(std::string_view post_id) override;
  Result<ChangeOutcome> update(const Post& post) override;
  std::vector<Result<ChangeOutcome>> apply(std::span<const Change> changes) override;
  Status sync() override;
  Result<SearchResult> search(const Query& query) const override;
  Result<Post> get(std::string_view post_id) const override;
  std::vector<TrendingItem> trending(int64_t window_ms, size_t n, int64_t now_ms) const override;
  IndexStats stats() const override;
  Status apply_retention() override;
  Status close() override;

 private:
  struct Snapshot {
    std::vector<std::shared_ptr<const Segment>> segments;  // oldest first; last is active
  };
  // Term list of one post, reused across calls by the writer (no allocation per post once
  // the vectors have grown).
  struct Analyzed {
    text::TermList tokens;
    text::TermList more;                               // tokens of one hashtag/mention field
    std::vector<std::pair<uint64_t, uint32_t>> keyed;  // (hash64(term), token index)
    std::vector<TermFreq> terms;                       // distinct terms, ordered by hash
    std::string extra;                                 // hashtags/mentions from the post's fields
  };
  // Buffers of ingest_batch, reused across calls by the writer.
  struct BatchScratch {
    std::string payloads;      // encoded posts, back to back
    std::vector<size_t> ends;  // end offset of each payload
    std::vector<std::string_view> views;
    std::vector<size_t> fresh;     // indexes of posts to log
    std::vector<uint64_t> hashes;  // post_id_hash of each post of the chunk
    HashSet64 in_batch;
  };

  void analyze(const Post& post, Analyzed* a) const;
  // Posts per unit of work: ingest_batch splits larger batches, replay buffers this many.
  static constexpr size_t kChunkPosts = 1024;
  // Smaller units are analyzed on the writer alone (the handoff would cost more than it saves).
  static constexpr size_t kShareMinPosts = 16;
  // Records decoded during replay, indexed kChunkPosts at a time.
  struct ReplayBuffer {
    std::vector<Post> posts;  // [0, count) are pending
    size_t count = 0;
    std::vector<LogAppend> logged;  // seq and locator of each pending post
    std::unordered_set<uint64_t> ids;
  };

  using PostAt = std::function<const Post&(size_t)>;
  // Ingests post_at(i) for i < n (at most kChunkPosts), appending one outcome each to *out.
  void ingest_chunk(size_t n, const PostAt& post_at, std::vector<Result<IngestOutcome>>* out);
  void ingest_posts(size_t n, const PostAt& post_at, std::vector<Result<IngestOutcome>>* out);
  // The doc holding the current version of an id (writer, or replay).
  struct DocRef {
    std::shared_ptr<const Segment> segment;
    uint32_t local = 0;
    uint64_t doc = 0;
  };
  // kNotFound: the id is unknown; kGone: known but its segment has been dropped (retention).
  Result<DocRef> locate(uint64_t id_hash) const;
  // Sets the tombstone of `ref` and takes its terms out of trending.
  void tombstone(const DocRef& ref);
  // Indexes `post` (logged at locator/seq) as the current version of id hash `h`, tombstoning
  // `old` (null: the id is new to the map).
  Status index_version(const Post& post, uint64_t h, const DocRef* old, uint64_t locator,
                       uint64_t seq);
  Status replay_change(uint64_t seq, LogLocator where, std::string_view payload);
  // Loading: `doc` of segment file `seg` repeats id `hash` of an earlier doc (an edit).
  void supersede_loaded(uint64_t hash, uint64_t doc, const std::vector<const Segment*>& segs);
  void untrend(uint64_t locator);
  // Analyzes post_at(k) into slots_[k] for k < n, on the writer and the WorkSharing helper.
  void analyze_all(size_t n, const std::function<const Post&(size_t)>& post_at);
  // Adds a logged, analyzed post to the active segment; its id (hash `id`) is already in ids_.
  Status index_analyzed(const Post& post, const Analyzed& a, uint64_t id, uint64_t locator,
                        uint64_t seq);
  void flush_replay();
  // Loads the segment files of dir_ (see the file comment); problems go to *messages.
  Status load_segments(std::vector<std::string>* messages);
  // Removes segment files of docs >= from_doc (after a file failed to load).
  void remove_segment_files_from(const std::vector<std::string>& names, size_t from);
  void rebuild_trending(const std::vector<std::shared_ptr<const Segment>>& loaded);
  Status replay_record(uint64_t seq, LogLocator where, std::string_view payload);
  void rotate_active();
  // Seals `job` and, when persisting, writes its file; returns the sealed segment.
  struct SealJob {
    std::shared_ptr<ActiveSegment> frozen;
    uint64_t first_seq = 0, last_seq = 0;
    std::vector<uint64_t> id_hashes;  // per doc of frozen
  };
  std::shared_ptr<const Segment> seal(SealJob* job);
  void publish(std::vector<std::shared_ptr<const Segment>> segments);
  void sealer_loop();
  Result<Post> read_post(uint64_t locator) const;
  // A search racing an edit can match both versions (the new one is published before the old one
  // is tombstoned); keeps the newest doc of each id among fetched hits.
  static void drop_superseded(std::vector<Hit>* hits);
  int64_t now() const { return env_->now_ms(); }

  Env* env_;
  std::string dir_;
  IndexOptions options_;
  text::Analyzer analyzer_;
  std::unique_ptr<PostLog> log_;

  std::atomic<std::shared_ptr<const Snapshot>> snapshot_;
  std::mutex snapshot_mu_;  // serializes publishers (writer and sealer)

  // Writer state.
  std::shared_ptr<ActiveSegment> active_;
  std::map<uint64_t, uint64_t> first_seq_;      // segment base doc -> first log seq in it
  uint64_t active_last_seq_ = 0;                // log seq of the active segment's newest doc
  std::vector<uint64_t> active_ids_;            // id hashes of the active segment's docs
  uint64_t loaded_seq_ = 0;                     // last log seq covered by loaded segment files
  std::atomic<PostLog*> durable_log_{nullptr};  // log_ once open (for the sealer)
  Analyzed scratch_;
  BatchScratch batch_;
  std::vector<Analyzed> slots_;  // per-post analysis of the current unit of work
  ReplayBuffer replay_;
  WorkSharing sharing_;
  IdMap ids_;
  Trending trending_;
  std::atomic<uint64_t> duplicates_{0};
  std::atomic<uint64_t> deletes_{0}, edits_{0}, unknown_changes_{0}, unchanged_edits_{0};
  uint64_t replay_first_doc_ = UINT64_MAX;  // first doc added by replay (trending counts it)
  std::vector<uint64_t> replay_untrend_;    // locators of docs tombstoned during replay
  std::string change_scratch_;              // encoded change records
  std::atomic<uint64_t> sealing_cpu_ns_{0};
  std::atomic<uint64_t> segment_file_bytes_{0};

  // Sealer thread.
  std::mutex seal_mu_;
  std::condition_variable seal_cv_;
  std::deque<SealJob> seal_queue_;
  bool stopping_ = false;
  std::thread sealer_;
  bool closed_ = false;
};

}  // namespace chorus::index
