// sim_bench: how fast the firehose simulator generates canonical JSONL on one core.
//
//   sim_bench [posts=1000000] [seed=1]
// Prints one JSON object: posts/s of generation alone, of generation + post JSON (what
// `chorus simulate --fast` does), and of generation + post JSON + truth JSON, in CPU time of
// this thread (the machines are shared; wall time is noisy). Output is serialized into a
// reused 1 MiB buffer and discarded, so no I/O is measured.
#include <time.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "post/post_json.h"
#include "stream/sim/sim.h"

namespace {

double thread_cpu_seconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

struct Run {
  double seconds = 0;
  double bytes = 0;
};

// mode 0: generate only; 1: + post JSON; 2: + post and truth JSON.
Run run(uint64_t posts, uint64_t seed, int mode) {
  chorus::sim::SimConfig config;
  config.seed = seed;
  config.max_posts = posts;
  chorus::sim::Simulator sim(config);
  chorus::Post post;
  chorus::sim::GroundTruth truth;
  std::string buf;
  buf.reserve(1 << 21);
  Run r;
  const double t0 = thread_cpu_seconds();
  while (sim.next(&post, &truth)) {
    if (mode >= 1) {
      chorus::append_post_json(post, &buf);
      buf.push_back('\n');
    }
    if (mode >= 2) {
      chorus::sim::append_truth_json(truth, &buf);
      buf.push_back('\n');
    }
    if (buf.size() >= (1 << 20)) {
      r.bytes += static_cast<double>(buf.size());
      buf.clear();
    }
  }
  r.bytes += static_cast<double>(buf.size());
  r.seconds = thread_cpu_seconds() - t0;
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  const uint64_t posts = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1000000;
  const uint64_t seed = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 1;
  const Run gen = run(posts, seed, 0);
  const Run json = run(posts, seed, 1);
  const Run truth = run(posts, seed, 2);
  auto rate = [&](const Run& r) {
    return r.seconds > 0 ? static_cast<double>(posts) / r.seconds : 0;
  };
  std::printf(
      "{\"bench\":\"sim\",\"posts\":%llu,\"generate_posts_per_s\":%.0f,"
      "\"jsonl_posts_per_s\":%.0f,\"jsonl_bytes_per_post\":%.1f,"
      "\"jsonl_with_truth_posts_per_s\":%.0f,\"target_posts_per_s\":300000}\n",
      static_cast<unsigned long long>(posts), rate(gen), rate(json),
      json.bytes / static_cast<double>(posts), rate(truth));
  return 0;
}
