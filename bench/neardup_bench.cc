// neardup_bench: online near-duplicate detection and the whole TrustScorer over simulator posts,
// printed as JSON.
//
//   posts_per_s            analyzer terms -> 2/3-gram shingles -> MinHash (48 values) -> LSH
//                          lookup and insert (16 bands of 3) over the windowed NearDupIndex,
//                          one core, per post as at ingest
//   index_only_posts_per_s the same with the shingles computed beforehand (MinHash + LSH only)
//   scorer_posts_per_s     TrustScorer::assess (accounts, credibility, bot score, near-dups,
//                          campaign clusters) per post
//   stateful_posts_per_s   the same with each post's sketch computed beforehand, as on the
//                          ingest thread (TrustState::prepare_post computes it on the decoder's)
//   exact_dup_posts_per_s  the baseline peer: a hash table of whole normalized texts (exact
//                          duplicates only) over the same analyzer terms; ratio = ours / baseline
//   peak_entries, clusters_held: memory of the index at the end (bounded by its window)
// Figures are the best of `rounds`, timed in thread CPU time (CLOCK_THREAD_CPUTIME_ID) so that
// other processes on a shared machine do not count. Usage: neardup_bench [posts=200000] [rounds=3]
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/hash.h"
#include "stream/sim/sim.h"
#include "text/analyzer.h"
#include "trust/scores/near_dup_index.h"
#include "trust/scores/trust_scorer.h"

namespace {

double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

template <typename Fn>
double best_rate(size_t posts, int rounds, Fn&& run) {
  double best = 0;
  for (int r = 0; r < rounds; ++r) {
    const double t0 = thread_cpu_seconds();
    run();
    const double dt = thread_cpu_seconds() - t0;
    best = std::max(best, static_cast<double>(posts) / std::max(dt, 1e-9));
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace chorus;
  const size_t n = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 200'000;
  const int rounds = argc > 2 ? std::atoi(argv[2]) : 3;
  sim::SimConfig config;
  config.seed = 1;
  config.max_posts = n;
  sim::Simulator simulator(config);
  std::vector<Post> posts;
  Post p;
  sim::GroundTruth truth;
  while (simulator.next(&p, &truth)) posts.push_back(p);

  text::Analyzer analyzer;
  std::vector<text::Token> tokens;
  std::vector<uint64_t> shingles;
  std::vector<std::vector<uint64_t>> all_shingles(posts.size());
  for (size_t i = 0; i < posts.size(); ++i) {
    tokens.clear();
    analyzer.analyze(posts[i].text, posts[i].lang, &tokens);
    trust::shingle_hashes(tokens, &all_shingles[i]);
  }

  size_t peak = 0, held = 0, clusters = 0;
  const double full = best_rate(posts.size(), rounds, [&] {
    trust::NearDupIndex index;
    for (const Post& post : posts) {
      tokens.clear();
      analyzer.analyze(post.text, post.lang, &tokens);
      trust::shingle_hashes(tokens, &shingles);
      index.add(hash64(post.id), shingles, post.created_at_ms);
      peak = std::max(peak, index.entries());
    }
    held = index.entries();
    clusters = index.clusters_held();
  });
  const double index_only = best_rate(posts.size(), rounds, [&] {
    trust::NearDupIndex index;
    for (size_t i = 0; i < posts.size(); ++i)
      index.add(hash64(posts[i].id), all_shingles[i], posts[i].created_at_ms);
  });
  const double scorer = best_rate(posts.size(), rounds, [&] {
    trust::TrustScorer s;
    for (const Post& post : posts) (void)s.assess(post);
  });
  std::vector<std::optional<trust::NearDupSketch>> sketches;
  {
    trust::TrustScorer s;
    for (const Post& post : posts) sketches.push_back(s.sketch(post));
  }
  const double stateful = best_rate(posts.size(), rounds, [&] {
    trust::TrustScorer s;
    for (size_t i = 0; i < posts.size(); ++i) (void)s.assess(posts[i], &sketches[i]);
  });
  const double exact = best_rate(posts.size(), rounds, [&] {
    std::unordered_map<uint64_t, uint64_t> seen;
    for (const Post& post : posts) {
      tokens.clear();
      analyzer.analyze(post.text, post.lang, &tokens);
      uint64_t h = 0;
      for (const text::Token& t : tokens) h = mix64(h ^ hash64(t.term));
      seen.try_emplace(h, seen.size());
    }
  });
  std::printf(
      "{\"posts\": %zu, \"rounds\": %d, \"posts_per_s\": %.0f, \"index_only_posts_per_s\": %.0f, "
      "\"scorer_posts_per_s\": %.0f, \"stateful_posts_per_s\": %.0f, \"exact_dup_posts_per_s\": "
      "%.0f, \"ratio\": %.3f, "
      "\"peak_entries\": %zu, \"entries_at_end\": %zu, \"clusters_held\": %zu}\n",
      posts.size(), rounds, full, index_only, scorer, stateful, exact, full / exact, peak, held,
      clusters);
  return 0;
}
