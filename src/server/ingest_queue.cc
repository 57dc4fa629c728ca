#include "server/ingest_queue.h"

#include <spdlog/spdlog.h>

namespace chorus::server {

IngestQueue::IngestQueue(index::Index* index, size_t max_pending, OnIndexed on_indexed)
    : index_(index), max_pending_(max_pending), on_indexed_(std::move(on_indexed)) {
  writer_ = std::thread([this] { run(); });
}

IngestQueue::~IngestQueue() {
  stop();
}

std::future<IngestResults> IngestQueue::submit(std::vector<Post> posts, bool durable) {
  Job job;
  job.posts = std::move(posts);
  job.durable = durable;
  std::future<IngestResults> f = job.done.get_future();
  std::unique_lock<std::mutex> lock(mu_);
  not_full_.wait(lock, [&] { return stopping_ || jobs_.size() < max_pending_; });
  if (stopping_) {
    IngestResults r;
    for (size_t i = 0; i < job.posts.size(); ++i) r.emplace_back(unavailable("server is stopping"));
    job.done.set_value(std::move(r));
    return f;
  }
  jobs_.push_back(std::move(job));
  not_empty_.notify_one();
  return f;
}

void IngestQueue::set_enrich(Enrich enrich) {
  std::lock_guard<std::mutex> lock(mu_);
  enrich_ = std::move(enrich);
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
    {
      std::unique_lock<std::mutex> lock(mu_);
      not_empty_.wait(lock, [&] { return stopping_ || !jobs_.empty(); });
      if (jobs_.empty()) break;  // stopping and drained
      while (!jobs_.empty()) {
        jobs.push_back(std::move(jobs_.front()));
        jobs_.pop_front();
      }
      enrich = enrich_;
    }
    not_full_.notify_all();
    process(jobs, enrich);
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

void IngestQueue::process(std::vector<Job>& jobs, const Enrich& enrich) {
  std::vector<IngestResults> results(jobs.size());
  std::vector<Post> fresh;
  bool any_durable = false;
  for (size_t j = 0; j < jobs.size(); ++j) {
    results[j] = ingest_job(jobs[j], enrich);
    any_durable |= jobs[j].durable;
    for (size_t i = 0; i < results[j].size(); ++i) {
      const auto& r = results[j][i];
      if (!r.is_ok()) {
        counters_.rejected.fetch_add(1, std::memory_order_relaxed);
      } else if (*r == index::IngestOutcome::kDuplicate) {
        counters_.duplicates.fetch_add(1, std::memory_order_relaxed);
      } else {
        counters_.indexed.fetch_add(1, std::memory_order_relaxed);
        fresh.push_back(jobs[j].posts[i]);
      }
    }
  }
  Status synced = Status::ok();
  if (any_durable) {
    synced = index_->sync();
    counters_.syncs.fetch_add(1, std::memory_order_relaxed);
    if (!synced.is_ok()) spdlog::error("ingest: sync failed: {}", synced.to_string());
  }
  for (size_t j = 0; j < jobs.size(); ++j) {
    if (jobs[j].durable && !synced.is_ok())
      for (auto& r : results[j])
        if (r.is_ok()) r = synced;
    jobs[j].done.set_value(std::move(results[j]));
  }
  if (!fresh.empty() && on_indexed_) on_indexed_(fresh);
}

}  // namespace chorus::server
