// IngestQueue: the one writer of the Index. Every post that enters the server — from the
// configured source or from POST /api/posts — goes through this queue to its writer thread,
// which calls Index::ingest_batch and, for batches submitted as durable, Index::sync before
// answering (group commit: all durable batches taken together share one sync).
//
// submit() blocks while max_pending batches are waiting (back-pressure on the source) and
// returns a future of per-post outcomes in order; after stop() it returns outcomes of
// kUnavailable. A failed sync turns the outcomes of that round's durable batches into the sync
// error: nothing is acknowledged that is not durable. Posts newly indexed are passed to
// on_indexed on the writer thread (the live feed). An enrich hook (set_enrich, e.g. the trust
// layer) runs on the writer thread for every post before it is indexed, in stream order: it may
// change the post (its credibility) or refuse it, the refusal becoming the post's outcome.
// submit_changes() takes posts, edits and deletes in stream order (Index::apply); edits go
// through the enrich hook like posts, deletes do not; new and edited versions reach on_indexed.
// A prepare hook (set_prepare, e.g. TrustState::prepare) runs on the submitting thread for every
// post and edit before it is queued: order-free work moved off the writer thread.
// A maintenance task (set_maintenance, e.g. index retention) runs on the writer thread between
// batches about every interval, also while no posts arrive, until stop().
// Thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <span>
#include <thread>
#include <vector>

#include "base/env.h"
#include "index/index.h"

namespace chorus::server {

using IngestResults = std::vector<Result<index::IngestOutcome>>;
using ChangeResults = std::vector<Result<index::ChangeOutcome>>;

struct IngestCounters {
  std::atomic<uint64_t> indexed{0};
  std::atomic<uint64_t> duplicates{0};
  std::atomic<uint64_t> rejected{0};
  std::atomic<uint64_t> syncs{0};
  std::atomic<uint64_t> edits{0};            // versions replaced by an edit
  std::atomic<uint64_t> deletes{0};          // posts deleted
  std::atomic<uint64_t> unknown_changes{0};  // edits/deletes of ids not held or already gone
};

class IngestQueue {
 public:
  using OnIndexed = std::function<void(std::span<const Post>)>;
  using Enrich = std::function<Status(Post*)>;
  using Prepare = std::function<void(const Post&)>;

  IngestQueue(index::Index* index, size_t max_pending, OnIndexed on_indexed);
  ~IngestQueue();
  IngestQueue(const IngestQueue&) = delete;
  IngestQueue& operator=(const IngestQueue&) = delete;

  std::future<IngestResults> submit(std::vector<Post> posts, bool durable);
  std::future<ChangeResults> submit_changes(std::vector<index::Change> changes, bool durable);
  // Installs the enrich hook; batches taken by the writer after this call go through it.
  void set_enrich(Enrich enrich);
  // Installs the prepare hook; submit() calls after this one run it.
  void set_prepare(Prepare prepare);
  // Installs the maintenance task, first run about `interval_ms` from now; null removes it.
  void set_maintenance(int64_t interval_ms, std::function<void()> task);
  // Drains what is queued, syncs, and joins the writer. Idempotent.
  void stop();

  size_t depth() const;
  const IngestCounters& counters() const { return counters_; }

 private:
  // Either posts (answered through `done`) or changes (answered through `changed`).
  struct Job {
    std::vector<Post> posts;
    std::vector<index::Change> changes;
    bool is_changes = false;
    bool durable = false;
    std::promise<IngestResults> done;
    std::promise<ChangeResults> changed;
  };
  // Queues the job (waiting for room); false, the job untouched, when the queue is stopping.
  bool push(Job& job);
  void run();
  void process(std::vector<Job>& jobs, const Enrich& enrich);
  IngestResults ingest_job(Job& job, const Enrich& enrich);
  ChangeResults apply_job(Job& job, const Enrich& enrich);
  void count(const Result<index::ChangeOutcome>& r, const Post& post, std::vector<Post>* fresh);

  index::Index* index_;
  const size_t max_pending_;
  OnIndexed on_indexed_;
  Enrich enrich_;                           // guarded by mu_
  std::shared_ptr<const Prepare> prepare_;  // guarded by mu_; null when none
  // The prepare hook, or null.
  std::shared_ptr<const Prepare> prepare_hook() const;
  // The maintenance task when it is due (then scheduled again), else null. Caller holds mu_.
  std::function<void()> due_maintenance_locked();
  std::function<void()> maintenance_;  // guarded by mu_
  std::chrono::milliseconds maintenance_interval_{0};
  std::chrono::steady_clock::time_point maintenance_due_;
  IngestCounters counters_;
  mutable std::mutex mu_;
  std::condition_variable not_empty_, not_full_;
  std::deque<Job> jobs_;
  bool stopping_ = false;
  std::thread writer_;
};

}  // namespace chorus::server
