// `chorus bench index [--posts N] [--xapian-posts N] [--json]`: the index benchmark of
// bench/index (Chorus vs Xapian on one synthetic corpus). Linked in when the benchmarks are
// built (CHORUS_HAVE_INDEX_BENCH); otherwise the command explains that it is missing.
#include <cstdio>
#include <string>

#include "app/commands.h"

#ifdef CHORUS_HAVE_INDEX_BENCH
#include "bench/index/index_bench.h"
#endif

namespace chorus::app {
namespace {

struct BenchIndexOptions {
  uint64_t posts = 200'000;
  uint64_t xapian_posts = 200'000;
  uint32_t segment_posts = 0;  // 0: the benchmark's default (see bench/index/index_bench.h)
  int queries = 1000;
  bool json = false;
};

Status run_bench_index(const BenchIndexOptions& o) {
#ifdef CHORUS_HAVE_INDEX_BENCH
  bench::IndexBenchOptions b;
  b.posts = o.posts;
  b.xapian_posts = o.xapian_posts;
  b.segment_posts = o.segment_posts;
  b.queries = o.queries;
  CHORUS_ASSIGN_OR_RETURN(std::string json, bench::run_index_bench(b));
  // The result is JSON either way; --json is accepted for symmetry with other commands.
  std::printf("%s\n", json.c_str());
  return Status::ok();
#else
  (void)o;
  return unavailable("this chorus was built without benchmarks (CHORUS_BENCH=OFF)");
#endif
}

void add_bench_index(Cli& cli) {
  auto o = std::make_shared<BenchIndexOptions>();
  CLI::App* cmd = cli.group("bench", "Benchmarks (print JSON)")
                      ->add_subcommand("index", "Index ingest/freshness/query vs Xapian");
  cmd->add_option("--posts", o->posts, "posts to index (default 200000)");
  cmd->add_option("--xapian-posts", o->xapian_posts, "cap of posts for Xapian (0: skip)");
  cmd->add_option("--segment-posts", o->segment_posts,
                  "active segment size before sealing (0: ~posts/3)");
  cmd->add_option("--queries", o->queries, "queries to time (default 1000)");
  cmd->add_flag("--json", o->json, "print JSON (the default)");
  cmd->callback([o] { report(run_bench_index(*o), "bench index"); });
}

}  // namespace

CHORUS_COMMANDS(add_bench_index);

}  // namespace chorus::app
