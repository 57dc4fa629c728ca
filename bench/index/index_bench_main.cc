// index_bench [--posts N] [--xapian-posts N] [--queries N] [--segment-posts N]: prints the JSON
// of run_index_bench (see index_bench.h).
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "bench/index/index_bench.h"

int main(int argc, char** argv) {
  chorus::bench::IndexBenchOptions o;
  for (int i = 1; i + 1 < argc; i += 2) {
    unsigned long long v = std::strtoull(argv[i + 1], nullptr, 10);
    if (!std::strcmp(argv[i], "--posts")) {
      o.posts = v;
    } else if (!std::strcmp(argv[i], "--xapian-posts")) {
      o.xapian_posts = v;
    } else if (!std::strcmp(argv[i], "--queries")) {
      o.queries = static_cast<int>(v);
    } else if (!std::strcmp(argv[i], "--segment-posts")) {
      o.segment_posts = static_cast<uint32_t>(v);
    } else {
      std::fprintf(stderr, "index_bench: unknown option %s\n", argv[i]);
      return 2;
    }
  }
  auto r = chorus::bench::run_index_bench(o);
  if (!r.is_ok()) {
    std::fprintf(stderr, "index_bench: %s\n", r.status().to_string().c_str());
    return 1;
  }
  std::printf("%s\n", r->c_str());
  return 0;
}
