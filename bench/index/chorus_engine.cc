// Chorus side of the index benchmark: bulk ingest, then a paced writer (50k posts/s) with a
// concurrent reader measuring freshness, then queries while the paced writer keeps going.
#include <atomic>
#include <span>
#include <thread>

#include "base/env.h"
#include "bench/index/engines.h"
#include "index/index.h"

namespace chorus::bench {
namespace {

constexpr double kPacedRate = 50'000;  // posts/s
constexpr size_t kPacedBatch = 50;     // one batch per millisecond

// Ingests at kPacedRate until stopped; the first post of every batch carries probe_word(k) and
// t_ret[k] records when its ingest returned (ms), then ready = k + 1.
struct PacedWriter {
  index::Index* idx;
  Corpus* corpus;
  std::atomic<bool> stop{false};
  std::atomic<uint64_t> ready{0};
  std::vector<double> t_ret = std::vector<double>(1 << 20, 0);
  Status status;

  void run() {
    std::vector<Post> batch(kPacedBatch);
    const double start = now_ms();
    uint64_t sent = 0;
    for (uint64_t k = 0; !stop.load() && k < t_ret.size(); ++k) {
      for (Post& p : batch) corpus->next(&p);
      batch[0].text.append(" ").append(probe_word(k));
      auto r = idx->ingest_batch(batch);
      t_ret[k] = now_ms();
      ready.store(k + 1, std::memory_order_release);
      for (auto& x : r)
        if (!x.is_ok()) status = x.status();
      sent += batch.size();
      double due = start + static_cast<double>(sent) * 1000.0 / kPacedRate;
      double wait = due - now_ms();
      if (wait > 0) std::this_thread::sleep_for(std::chrono::microseconds(int64_t(wait * 1000)));
    }
  }
};

}  // namespace

std::string probe_word(uint64_t k) {
  std::string w = "qqx";
  do {
    w += static_cast<char>('a' + k % 26);
    k /= 26;
  } while (k);
  return w + "qq";
}

namespace {

constexpr size_t kGenerateChunk = 32768;  // posts generated ahead, outside the timed calls

index::IndexOptions bench_options(const IndexBenchOptions& o) {
  index::IndexOptions io;
  io.log.sync = index::LogOptions::Sync::kInterval;  // group commit every <= 10 ms
  io.log.sync_interval_ms = 10;
  io.segment_posts = o.segment_posts;
  return io;
}

// Bulk ingest of o.posts posts in kBenchIngestBatch calls; fills the ingest and memory figures once
// every full segment is sealed.
Status bulk_ingest(const IndexBenchOptions& o, index::Index* idx, Corpus* corpus, Measured* m) {
  std::vector<Post> chunk;
  double wall_ms = 0, cpu_ms = 0;
  while (corpus->produced() < o.posts) {
    chunk.resize(std::min<uint64_t>(kGenerateChunk, o.posts - corpus->produced()));
    for (Post& p : chunk) corpus->next(&p);
    for (size_t i = 0; i < chunk.size(); i += kBenchIngestBatch) {
      std::span<const Post> batch(chunk.data() + i, std::min(kBenchIngestBatch, chunk.size() - i));
      double t0 = now_ms(), c0 = thread_cpu_ms();
      for (auto& r : idx->ingest_batch(batch))
        if (!r.is_ok()) return r.status();
      wall_ms += now_ms() - t0;
      cpu_ms += thread_cpu_ms() - c0;
    }
  }
  double t0 = now_ms(), c0 = thread_cpu_ms();
  CHORUS_RETURN_IF_ERROR(idx->sync());
  wall_ms += now_ms() - t0;
  cpu_ms += thread_cpu_ms() - c0;
  // Memory is measured with every full segment sealed (the sealer may lag behind on a busy box).
  index::IndexStats st = idx->stats();
  for (int spin = 0; spin < 60'000 && st.sealed_segments + 1 < st.segments; ++spin) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    st = idx->stats();
  }
  const double posts = static_cast<double>(o.posts);
  m->posts = o.posts;
  m->ingest_posts_per_s = posts / (wall_ms / 1000.0);
  m->ingest_cpu_posts_per_s =
      posts / ((cpu_ms + static_cast<double>(st.sealing_cpu_ns) / 1e6) / 1000.0);
  const double n = static_cast<double>(st.posts);
  m->index_bytes_per_post = static_cast<double>(st.index_bytes) / n;
  m->postings_bytes_per_post = static_cast<double>(st.postings_bytes) / n;
  m->columns_bytes_per_post = static_cast<double>(st.columns_bytes) / n;
  m->id_map_bytes_per_post = static_cast<double>(st.id_map_bytes) / n;
  m->dictionary_bytes_per_post = static_cast<double>(st.dictionary_bytes) / n;
  m->segment_posts = o.segment_posts;
  return Status::ok();
}

// Reopens the closed data dir and times it; returns posts per second (and, in *cpu_rate, per
// CPU second of the opening thread). persist = false ignores the segment files and re-analyzes
// the whole log.
Result<double> time_reopen(const IndexBenchOptions& o, const std::string& dir, bool persist,
                           uint64_t expect_posts, double* cpu_rate = nullptr) {
  index::IndexOptions io = bench_options(o);
  io.persist_segments = persist;
  double t0 = now_ms(), c0 = thread_cpu_ms();
  CHORUS_ASSIGN_OR_RETURN(auto idx, index::Index::open(Env::posix(), dir, io));
  double ms = now_ms() - t0, cpu_ms = thread_cpu_ms() - c0;
  if (cpu_rate) *cpu_rate = static_cast<double>(expect_posts) / (cpu_ms / 1000.0);
  uint64_t posts = idx->stats().posts;
  CHORUS_RETURN_IF_ERROR(idx->close());
  if (posts != expect_posts)
    return internal_error("reopen found " + std::to_string(posts) + " posts, expected " +
                          std::to_string(expect_posts));
  return static_cast<double>(posts) / (ms / 1000.0);
}

// Reopen figures: from segment files (the normal path), and for runs of at most
// kMaxLogReplayPosts also the full log replay with analysis (the crash-tail path).
constexpr uint64_t kMaxLogReplayPosts = 1'000'000;
Status measure_reopen(const IndexBenchOptions& o, const std::string& dir, uint64_t expect_posts,
                      Measured* m) {
  CHORUS_ASSIGN_OR_RETURN(m->replay_posts_per_s,
                          time_reopen(o, dir, true, expect_posts, &m->replay_cpu_posts_per_s));
  m->replay_s = static_cast<double>(expect_posts) / m->replay_posts_per_s;
  if (expect_posts <= kMaxLogReplayPosts) {
    CHORUS_ASSIGN_OR_RETURN(m->replay_log_posts_per_s, time_reopen(o, dir, false, expect_posts));
  }
  return Status::ok();
}

}  // namespace

Result<Measured> run_chorus(const IndexBenchOptions& o, const Corpus::Options& copts,
                            const std::vector<BenchQuery>& queries, const std::string& dir) {
  Measured m;
  CHORUS_ASSIGN_OR_RETURN(auto idx, index::Index::open(Env::posix(), dir, bench_options(o)));
  Corpus corpus(copts);
  CHORUS_RETURN_IF_ERROR(bulk_ingest(o, idx.get(), &corpus, &m));

  PacedWriter writer{idx.get(), &corpus};
  std::thread wt([&] { writer.run(); });
  // Freshness: a reader looks for each probe as soon as the writer reports it returned.
  std::vector<double> fresh;
  index::Query pq;
  pq.order = index::Query::Order::kNewest;
  pq.limit = 1;
  pq.fetch_posts = false;
  for (uint64_t k = 0; k < 2000; ++k) {
    while (writer.ready.load(std::memory_order_acquire) <= k) std::this_thread::yield();
    pq.text = probe_word(k);
    for (;;) {
      CHORUS_ASSIGN_OR_RETURN(index::SearchResult r, idx->search(pq));
      if (!r.hits.empty()) break;
    }
    fresh.push_back(now_ms() - writer.t_ret[k]);
  }
  // Queries while the writer keeps ingesting.
  std::vector<double> lat, lat_cpu;
  double hits = 0;
  for (const BenchQuery& bq : queries) {
    index::Query q;
    for (const std::string& w : bq.words)
      q.text += (q.text.empty() ? "" : (bq.conjunctive ? " " : " OR ")) + w;
    q.limit = 10;
    q.fetch_posts = false;
    double q0 = now_ms(), c0 = thread_cpu_ms();
    CHORUS_ASSIGN_OR_RETURN(index::SearchResult r, idx->search(q));
    lat.push_back(now_ms() - q0);
    lat_cpu.push_back(thread_cpu_ms() - c0);
    hits += static_cast<double>(r.hits.size());
  }
  writer.stop.store(true);
  wt.join();
  CHORUS_RETURN_IF_ERROR(writer.status);
  m.freshness_p50_ms = quantile(&fresh, 0.5);
  m.freshness_p99_ms = quantile(&fresh, 0.99);
  m.query_p50_ms = quantile(&lat, 0.5);
  m.query_p99_ms = quantile(&lat, 0.99);
  m.query_cpu_p50_ms = quantile(&lat_cpu, 0.5);
  m.query_cpu_p99_ms = quantile(&lat_cpu, 0.99);
  m.avg_hits = queries.empty() ? 0 : hits / static_cast<double>(queries.size());
  index::IndexStats st = idx->stats();
  m.segments = st.segments;
  m.peak_rss_bytes = peak_rss_bytes();
  CHORUS_RETURN_IF_ERROR(idx->close());
  idx.reset();
  CHORUS_RETURN_IF_ERROR(measure_reopen(o, dir, st.posts, &m));
  return m;
}

}  // namespace chorus::bench
