#include "bench/index/index_bench.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "bench/index/engines.h"

namespace chorus::bench {
namespace {

std::string fields(const Measured& m, bool ours) {
  char buf[1024];
  std::snprintf(buf, sizeof buf,
                "\"posts\":%llu,\"ingest_posts_per_s\":%.0f,\"ingest_cpu_posts_per_s\":%.0f,"
                "\"freshness_p50_ms\":%.3f,\"freshness_p99_ms\":%.3f,\"query_p50_ms\":%.3f,"
                "\"query_p99_ms\":%.3f,\"query_cpu_p50_ms\":%.3f,\"query_cpu_p99_ms\":%.3f,"
                "\"index_bytes_per_post\":%.1f,\"peak_rss_bytes\":%llu,\"avg_hits\":%.2f",
                static_cast<unsigned long long>(m.posts), m.ingest_posts_per_s,
                m.ingest_cpu_posts_per_s, m.freshness_p50_ms, m.freshness_p99_ms, m.query_p50_ms,
                m.query_p99_ms, m.query_cpu_p50_ms, m.query_cpu_p99_ms, m.index_bytes_per_post,
                static_cast<unsigned long long>(m.peak_rss_bytes), m.avg_hits);
  std::string s = buf;
  if (!ours) return s;
  std::snprintf(buf, sizeof buf,
                ",\"ingest_batch\":%zu,\"segments\":%llu,\"segment_posts\":%llu,"
                "\"bytes_per_post\":{\"postings\":%.1f,\"columns\":%.1f,\"id_map\":%.1f,"
                "\"dictionaries\":%.1f},\"replay_posts_per_s\":%.0f,\"replay_s\":%.3f,"
                "\"replay_cpu_posts_per_s\":%.0f,\"replay_log_posts_per_s\":%.0f",
                kBenchIngestBatch, static_cast<unsigned long long>(m.segments),
                static_cast<unsigned long long>(m.segment_posts), m.postings_bytes_per_post,
                m.columns_bytes_per_post, m.id_map_bytes_per_post, m.dictionary_bytes_per_post,
                m.replay_posts_per_s, m.replay_s, m.replay_cpu_posts_per_s,
                m.replay_log_posts_per_s);
  return s + buf;
}

std::vector<BenchQuery> make_queries(const Corpus::Options& copts, int n) {
  Corpus vocab(copts);
  Rng rng(copts.seed ^ 0x71756572ull);
  std::vector<BenchQuery> qs;
  for (int i = 0; i < n; ++i) {
    BenchQuery q;
    q.conjunctive = i % 2 == 0;
    int k = static_cast<int>(rng.range(2, 3));
    while (static_cast<int>(q.words.size()) < k) {
      std::string w = vocab.word(&rng);
      if (std::find(q.words.begin(), q.words.end(), w) == q.words.end()) q.words.push_back(w);
    }
    qs.push_back(std::move(q));
  }
  return qs;
}

}  // namespace

Result<std::string> run_index_bench(const IndexBenchOptions& options) {
  IndexBenchOptions o = options;
  if (o.segment_posts == 0) {
    o.segment_posts = 1u << 14;
    while (o.segment_posts < (1u << 20) && uint64_t{o.segment_posts} * 2 * 3 <= o.posts)
      o.segment_posts *= 2;
  }
  namespace fs = std::filesystem;
  std::string dir = o.dir;
  bool temporary = dir.empty();
  if (temporary) {
    const char* tmp = std::getenv("TMPDIR");
    std::string tmpl = std::string(tmp && *tmp ? tmp : "/tmp") + "/chorus-index-bench-XXXXXX";
    if (!::mkdtemp(tmpl.data())) return io_error("mkdtemp " + tmpl);
    dir = tmpl;
  }
  Corpus::Options copts;
  std::vector<BenchQuery> queries = make_queries(copts, o.queries);
  reset_peak_rss();
  auto chorus = run_chorus(o, copts, queries, dir + "/chorus");
  std::error_code ec;
  fs::remove_all(dir + "/chorus", ec);
  if (!chorus.is_ok()) return chorus.status();
  Measured x;
  if (o.xapian_posts > 0) {
    reset_peak_rss();
    auto xr = run_xapian(std::min(o.posts, o.xapian_posts), copts, queries, dir + "/xapian");
    fs::remove_all(dir + "/xapian", ec);
    if (!xr.is_ok()) return xr.status();
    x = *xr;
  }
  if (temporary) fs::remove_all(dir, ec);
  std::string out = "{\"benchmark\":\"index\"," + fields(*chorus, true);
  if (x.posts > 0) {
    char ratio[160];
    std::snprintf(ratio, sizeof ratio,
                  ",\"ratio_ingest_vs_xapian\":%.1f,\"ratio_ingest_cpu_vs_xapian\":%.1f,"
                  "\"ratio_query_cpu_p99_xapian_over_ours\":%.1f",
                  chorus->ingest_posts_per_s / x.ingest_posts_per_s,
                  chorus->ingest_cpu_posts_per_s / x.ingest_cpu_posts_per_s,
                  x.query_cpu_p99_ms / std::max(chorus->query_cpu_p99_ms, 1e-6));
    out += ",\"xapian\":{" + fields(x, false) + "}" + ratio;
  }
  return out + "}";
}

}  // namespace chorus::bench
