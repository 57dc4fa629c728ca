// Chorus side of the index benchmark: bulk ingest, then a paced writer (50k posts/s) with a
// concurrent reader measuring freshness, then queries while the paced writer keeps going.
#include <atomic>
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
      batch[0].text += " " + probe_word(k);
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

Result<Measured> run_chorus(const IndexBenchOptions& o, const Corpus::Options& copts,
                            const std::vector<BenchQuery>& queries, const std::string& dir) {
  Measured m;
  index::IndexOptions io;
  io.log.sync = index::LogOptions::Sync::kInterval;
  io.log.sync_interval_ms = 10;
  io.segment_posts = o.segment_posts;
  CHORUS_ASSIGN_OR_RETURN(auto idx, index::Index::open(Env::posix(), dir, io));
  Corpus corpus(copts);
  std::vector<Post> batch(1024);
  double ingest_ms = 0;
  while (corpus.produced() < o.posts) {
    size_t n = std::min<uint64_t>(batch.size(), o.posts - corpus.produced());
    batch.resize(n);
    for (Post& p : batch) corpus.next(&p);
    double t0 = now_ms();
    for (auto& r : idx->ingest_batch(batch))
      if (!r.is_ok()) return r.status();
    ingest_ms += now_ms() - t0;
  }
  double t0 = now_ms();
  CHORUS_RETURN_IF_ERROR(idx->sync());
  ingest_ms += now_ms() - t0;
  m.posts = o.posts;
  m.ingest_posts_per_s = static_cast<double>(o.posts) / (ingest_ms / 1000.0);
  index::IndexStats st = idx->stats();
  m.index_bytes_per_post = static_cast<double>(st.index_bytes) / static_cast<double>(st.posts);

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
  std::vector<double> lat;
  double hits = 0;
  for (const BenchQuery& bq : queries) {
    index::Query q;
    for (const std::string& w : bq.words)
      q.text += (q.text.empty() ? "" : (bq.conjunctive ? " " : " OR ")) + w;
    q.limit = 10;
    q.fetch_posts = false;
    double q0 = now_ms();
    CHORUS_ASSIGN_OR_RETURN(index::SearchResult r, idx->search(q));
    lat.push_back(now_ms() - q0);
    hits += static_cast<double>(r.hits.size());
  }
  writer.stop.store(true);
  wt.join();
  CHORUS_RETURN_IF_ERROR(writer.status);
  m.freshness_p50_ms = quantile(&fresh, 0.5);
  m.freshness_p99_ms = quantile(&fresh, 0.99);
  m.query_p50_ms = quantile(&lat, 0.5);
  m.query_p99_ms = quantile(&lat, 0.99);
  m.avg_hits = queries.empty() ? 0 : hits / static_cast<double>(queries.size());
  m.segments = idx->stats().segments;
  m.peak_rss_bytes = peak_rss_bytes();
  CHORUS_RETURN_IF_ERROR(idx->close());
  return m;
}

}  // namespace chorus::bench
