#include "server/ingest_queue.h"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace chorus::server {

IngestQueue::IngestQueue(index::Index* index, size_t max_pending, OnIndexed on_indexed)
    : index_(index), max_pending_(max_pending), on_indexed_(std::move(on_indexed)) {
  writer_ = std::thread([this] { run(); });
}

IngestQueue::~IngestQueue() {
  stop();
}

bool IngestQueue::push(Job& job) {
  std::unique_lock<std::mutex> lock(mu_);
  not_full_.wait(lock, [&] { return stopping_ || jobs_.size() < max_pending_; });
  if (stopping_) return false;
  jobs_.push_back(std::move(job));
  not_empty_.notify_one();
  return true;
}

std::shared_ptr<const IngestQueue::Prepare> IngestQueue::prepare_hook() const {
  std::lock_guard<std::mutex> lock(mu_);
  return prepare_;
}

void IngestQueue::set_prepare(Prepare prepare) {
  std::lock_guard<std::mutex> lock(mu_);
  prepare_ = prepare ? std::make_shared<const Prepare>(std::move(prepare)) : nullptr;
}

std::future<IngestResults> IngestQueue::submit(std::vector<Post> posts, bool durable) {
  if (auto prepare = prepare_hook())
    for (const Post& p : posts) (*prepare)(p);
  Job job;
  job.posts = std::move(posts);
  job.durable = durable;
  std::future<IngestResults> f = job.done.get_future();
  const size_t n = job.posts.size();
  if (!push(job)) job.done.set_value(IngestResults(n, unavailable("server is stopping")));
  return f;
}

std::future<ChangeResults> IngestQueue::submit_changes(std::vector<index::Change> changes,
                                                       bool durable) {
  if (auto prepare = prepare_hook())
    for (const index::Change& c : changes)
      if (c.kind != index::ChangeKind::kDelete) (*prepare)(c.post);
  Job job;
  job.changes = std::move(changes);
  job.is_changes = true;
  job.durable = durable;
  std::future<ChangeResults> f = job.changed.get_future();
  const size_t n = job.changes.size();
  if (!push(job)) job.changed.set_value(ChangeResults(n, unavailable("server is stopping")));
  return f;
}

void IngestQueue::set_enrich(Enrich enrich) {
  std::lock_guard<std::mutex> lock(mu_);
  enrich_ = std::move(enrich);
}

void IngestQueue::set_maintenance(int64_t interval_ms, std::function<void()> task) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    maintenance_ = std::move(task);
    maintenance_interval_ = std::chrono::milliseconds(std::max<int64_t>(interval_ms, 1));
    maintenance_due_ = std::chrono::steady_clock::now() + maintenance_interval_;
  }
  not_empty_.notify_all();  // the writer's wait takes the new deadline
}

std::function<void()> IngestQueue::due_maintenance_locked() {
  const auto now = std::chrono::steady_clock::now();
  if (!maintenance_ || now < maintenance_due_) return nullptr;
  maintenance_due_ = now + maintenance_interval_;
  return maintenance_;
}

void IngestQueue::stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_ && !writer_.joinable()) return;
    stopping_ = true;
  }
  not_empty_.notify_all();
  not_full_.notify_all();
  if (writer_.joinable()) writer_.join();
}

size_t IngestQueue::depth() const {
  std::lock_guard<std::mutex> lock(mu_);
  return jobs_.size();
}

void IngestQueue::run() {
  for (;;) {
    std::vector<Job> jobs;
    Enrich enrich;
    std::function<void()> maintenance;
    {
      std::unique_lock<std::mutex> lock(mu_);
      // Also woken by set_maintenance, whose task may come due sooner.
      while (!stopping_ && jobs_.empty()) {
        if (!maintenance_) {
          not_empty_.wait(lock);
        } else if (const auto due = maintenance_due_;
                   not_empty_.wait_until(lock, due) == std::cv_status::timeout) {
          break;
        }
      }
      if (stopping_ && jobs_.empty()) break;  // drained
      while (!jobs_.empty()) {
        jobs.push_back(std::move(jobs_.front()));
        jobs_.pop_front();
      }
      enrich = enrich_;
      maintenance = due_maintenance_locked();
    }
    not_full_.notify_all();
    if (!jobs.empty()) process(jobs, enrich);
    if (maintenance) maintenance();
  }
  Status s = index_->sync();
  if (!s.is_ok()) spdlog::error("ingest: final sync failed: {}", s.to_string());
}

IngestResults IngestQueue::ingest_job(Job& job, const Enrich& enrich) {
  if (!enrich) return index_->ingest_batch(job.posts);
  // Placeholders, every one overwritten below.
  IngestResults results(job.posts.size(), index::IngestOutcome::kIndexed);
  std::vector<size_t> kept;
  for (size_t i = 0; i < job.posts.size(); ++i) {
    Status st = enrich(&job.posts[i]);
    if (st.is_ok()) {
      kept.push_back(i);
    } else {
      results[i] = std::move(st);
    }
  }
  if (kept.size() == job.posts.size()) return index_->ingest_batch(job.posts);
  std::vector<Post> posts;
  for (size_t i : kept) posts.push_back(job.posts[i]);
  IngestResults indexed = index_->ingest_batch(posts);
  for (size_t k = 0; k < kept.size(); ++k) results[kept[k]] = std::move(indexed[k]);
  return results;
}

ChangeResults IngestQueue::apply_job(Job& job, const Enrich& enrich) {
  ChangeResults results(job.changes.size(), index::ChangeOutcome::kIndexed);
  std::vector<size_t> kept;
  for (size_t i = 0; i < job.changes.size(); ++i) {
    index::Change& c = job.changes[i];
    Status st = enrich && c.kind != index::ChangeKind::kDelete ? enrich(&c.post) : Status::ok();
    if (st.is_ok()) {
      kept.push_back(i);
    } else {
      results[i] = std::move(st);
    }
  }
  std::vector<index::Change> changes;
  changes.reserve(kept.size());
  for (size_t i : kept) changes.push_back(job.changes[i]);
  ChangeResults applied = index_->apply(changes);
  for (size_t k = 0; k < kept.size(); ++k) results[kept[k]] = std::move(applied[k]);
  return results;
}

void IngestQueue::count(const Result<index::ChangeOutcome>& r, const Post& post,
                        std::vector<Post>* fresh) {
  using index::ChangeOutcome;
  std::atomic<uint64_t>* counter = &counters_.rejected;
  if (r.is_ok()) {
    switch (*r) {
      case ChangeOutcome::kIndexed:
        counter = &counters_.indexed;
        fresh->push_back(post);
        break;
      case ChangeOutcome::kReplaced:
        counter = &counters_.edits;
        fresh->push_back(post);
        break;
      case ChangeOutcome::kDuplicate:
        counter = &counters_.duplicates;
        break;
      case ChangeOutcome::kDeleted:
        counter = &counters_.deletes;
        break;
      case ChangeOutcome::kNotFound:
      case ChangeOutcome::kGone:
        counter = &counters_.unknown_changes;
        break;
    }
  }
  counter->fetch_add(1, std::memory_order_relaxed);
}

void IngestQueue::process(std::vector<Job>& jobs, const Enrich& enrich) {
  std::vector<IngestResults> results(jobs.size());
  std::vector<ChangeResults> changed(jobs.size());
  std::vector<Post> fresh;
  bool any_durable = false;
  for (size_t j = 0; j < jobs.size(); ++j) {
    any_durable |= jobs[j].durable;
    if (jobs[j].is_changes) {
      changed[j] = apply_job(jobs[j], enrich);
      for (size_t i = 0; i < changed[j].size(); ++i)
        count(changed[j][i], jobs[j].changes[i].post, &fresh);
      continue;
    }
    results[j] = ingest_job(jobs[j], enrich);
    for (size_t i = 0; i < results[j].size(); ++i) {
      const auto& r = results[j][i];
      Result<index::ChangeOutcome> c = !r.is_ok() ? Result<index::ChangeOutcome>(r.status())
                                       : *r == index::IngestOutcome::kDuplicate
                                           ? index::ChangeOutcome::kDuplicate
                                           : index::ChangeOutcome::kIndexed;
      count(c, jobs[j].posts[i], &fresh);
    }
  }
  Status synced = Status::ok();
  if (any_durable) {
    synced = index_->sync();
    counters_.syncs.fetch_add(1, std::memory_order_relaxed);
    if (!synced.is_ok()) spdlog::error("ingest: sync failed: {}", synced.to_string());
  }
  for (size_t j = 0; j < jobs.size(); ++j) {
    const bool failed = jobs[j].durable && !synced.is_ok();
    if (jobs[j].is_changes) {
      if (failed)
        for (auto& r : changed[j])
          if (r.is_ok()) r = synced;
      jobs[j].changed.set_value(std::move(changed[j]));
      continue;
    }
    if (failed)
      for (auto& r : results[j])
        if (r.is_ok()) r = synced;
    jobs[j].done.set_value(std::move(results[j]));
  }
  if (!fresh.empty() && on_indexed_) on_indexed_(fresh);
}

}  // namespace chorus::server
