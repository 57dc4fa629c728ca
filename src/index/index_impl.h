// IndexImpl: the Index behind Index::open — the post log, the segments, duplicates and trending.
//
// Segments: the snapshot is an immutable list of segments, oldest first, the last one active.
// Readers take it with one atomic shared_ptr load and keep the segments alive while they search.
// When the active segment is full the writer freezes it, publishes [..., frozen, new active]
// and hands the frozen one to the sealer thread, which builds its SealedSegment and publishes a
// snapshot where the sealed segment replaces the frozen one (same docs, same numbers). Both
// publish under snapshot_mu_, a lock readers never take.
// Persistence: sealed segments are not written to disk; open() replays the log (the source of
// truth) and rebuilds them.
// Thread-safety: see index.h (one writer; readers concurrent, lock-free except trending).
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "index/active_segment.h"
#include "index/id_map.h"
#include "index/index.h"
#include "index/trending.h"
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
  // Term list of one post, reused across calls by the writer.
  struct Analyzed {
    std::vector<text::Token> tokens;
    std::vector<std::string_view> sorted;
    std::vector<TermFreq> terms;
    std::vector<std::string_view> distinct;
    std::string extra;  // hashtags/mentions from the post's fields
  };

  void analyze(const Post& post, Analyzed* a) const;
  // Adds a logged post to the active segment; the post id is already in ids_.
  Status index_post(const Post& post, uint64_t locator, uint64_t seq);
  Status replay_record(uint64_t seq, LogLocator where, std::string_view payload);
  void rotate_active();
  void publish(std::vector<std::shared_ptr<const Segment>> segments);
  void sealer_loop();
  Result<Post> read_post(uint64_t locator) const;
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
  std::map<uint64_t, uint64_t> first_seq_;  // segment base doc -> first log seq in it
  Analyzed scratch_;
  IdMap ids_;
  Trending trending_;
  std::atomic<uint64_t> duplicates_{0};

  // Sealer thread.
  std::mutex seal_mu_;
  std::condition_variable seal_cv_;
  std::deque<std::shared_ptr<ActiveSegment>> seal_queue_;
  bool stopping_ = false;
  std::thread sealer_;
  bool closed_ = false;
};

}  // namespace chorus::index
