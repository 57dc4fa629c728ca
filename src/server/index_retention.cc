#include "server/index_retention.h"

#include <spdlog/spdlog.h>

namespace chorus::server {

IndexRetention::IndexRetention(index::Index* index, Env* env, int64_t interval_ms)
    : index_(index),
      env_(env),
      interval_ns_(interval_ms * 1'000'000),
      last_run_ns_(env->monotonic_ns()) {}

Result<uint64_t> IndexRetention::run() {
  last_run_ns_ = env_->monotonic_ns();
  const uint64_t before = index_->stats().posts;
  Status s = index_->apply_retention();
  counters_.runs.fetch_add(1, std::memory_order_relaxed);
  // Only this thread writes, so the difference is what retention dropped.
  const uint64_t after = index_->stats().posts;
  const uint64_t dropped = before > after ? before - after : 0;
  counters_.dropped_posts.fetch_add(dropped, std::memory_order_relaxed);
  if (dropped > 0) spdlog::info("index retention: dropped {} posts, {} remain", dropped, after);
  if (!s.is_ok()) {
    counters_.errors.fetch_add(1, std::memory_order_relaxed);
    spdlog::warn("index retention: {}", s.to_string());
    return s;
  }
  return dropped;
}

Status IndexRetention::run_if_due() {
  if (env_->monotonic_ns() - last_run_ns_ < interval_ns_) return Status::ok();
  return run().status();
}

Result<uint64_t> IndexRetention::run_after_sealing(int64_t wait_ms) {
  // Segments beyond the active one that are not sealed yet are waiting for the sealer.
  auto pending = [&] {
    const index::IndexStats st = index_->stats();
    return st.segments > st.sealed_segments + 1;
  };
  for (int64_t waited = 0; pending() && waited < wait_ms; waited += 5) env_->sleep_ms(5);
  return run();
}

namespace {

class RetainingIndex : public index::Index {
 public:
  RetainingIndex(std::unique_ptr<index::Index> inner, IndexRetention* retention)
      : inner_(std::move(inner)), retention_(retention) {}

  Result<index::IngestOutcome> ingest(const Post& post) override {
    return retained(inner_->ingest(post));
  }
  std::vector<Result<index::IngestOutcome>> ingest_batch(std::span<const Post> posts) override {
    return retained(inner_->ingest_batch(posts));
  }
  Result<index::ChangeOutcome> remove(std::string_view post_id) override {
    return retained(inner_->remove(post_id));
  }
  Result<index::ChangeOutcome> update(const Post& post) override {
    return retained(inner_->update(post));
  }
  std::vector<Result<index::ChangeOutcome>> apply(std::span<const index::Change> changes) override {
    return retained(inner_->apply(changes));
  }
  Status sync() override { return inner_->sync(); }
  Result<index::SearchResult> search(const index::Query& query) const override {
    return inner_->search(query);
  }
  Result<Post> get(std::string_view post_id) const override { return inner_->get(post_id); }
  std::vector<index::TrendingItem> trending(int64_t window_ms, size_t n,
                                            int64_t now_ms) const override {
    return inner_->trending(window_ms, n, now_ms);
  }
  index::IndexStats stats() const override { return inner_->stats(); }
  Status apply_retention() override { return inner_->apply_retention(); }
  Status close() override { return inner_->close(); }

 private:
  // Retention errors are counted and logged by IndexRetention; the write's outcome stands.
  template <typename T>
  T retained(T outcome) {
    (void)retention_->run_if_due();
    return outcome;
  }

  std::unique_ptr<index::Index> inner_;
  IndexRetention* retention_;
};

}  // namespace

std::unique_ptr<index::Index> with_periodic_retention(std::unique_ptr<index::Index> inner,
                                                      IndexRetention* retention) {
  return std::make_unique<RetainingIndex>(std::move(inner), retention);
}

}  // namespace chorus::server
