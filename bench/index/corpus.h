// A synthetic post stream of realistic shape for the index benchmark: Zipf(1.0) vocabulary of
// pseudo-words, 12-28 words per post, 15% with a hashtag, 10% with a mention, Poisson arrival
// times, heavy-tailed engagement. Deterministic from the seed; post i is the i-th of the stream.
// Not thread-safe: one generator per thread.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/random.h"
#include "post/post.h"

namespace chorus::bench {

// Draws ranks 0..n-1 with P(rank r) proportional to 1 / (r + 1).
class Zipf {
 public:
  explicit Zipf(size_t n);
  size_t draw(Rng* rng) const;

 private:
  std::vector<double> cdf_;
};

class Corpus {
 public:
  struct Options {
    size_t vocabulary = 150'000;
    size_t hashtags = 5'000;
    size_t authors = 50'000;
    double posts_per_s = 5'700;  // mean arrival rate of created_at
    int64_t start_ms = 1'750'000'000'000;
    uint64_t seed = 42;
  };
  explicit Corpus(Options options);

  // The next post of the stream (ids "b<N>").
  void next(Post* out);
  // Some text words drawn from the same distribution (for queries).
  std::string word(Rng* rng) const { return words_[zipf_.draw(rng)]; }
  uint64_t produced() const { return produced_; }

 private:
  Options options_;
  std::vector<std::string> words_;
  Zipf zipf_, tag_zipf_, author_zipf_;
  Rng rng_;
  double clock_ms_;
  uint64_t produced_ = 0;
};

}  // namespace chorus::bench
