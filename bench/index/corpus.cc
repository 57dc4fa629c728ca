#include "bench/index/corpus.h"

#include <algorithm>
#include <cmath>
#include <unordered_set>

namespace chorus::bench {
namespace {

// *out = prefix + decimal n. (Appends: g++ 12 at -O3 warns falsely about string assign/+.)
void set_numbered(std::string* out, std::string_view prefix, uint64_t n) {
  out->clear();
  out->append(prefix);
  out->append(std::to_string(n));
}

}  // namespace

Zipf::Zipf(size_t n) : cdf_(n) {
  double sum = 0;
  for (size_t r = 0; r < n; ++r) cdf_[r] = (sum += 1.0 / static_cast<double>(r + 1));
  for (double& c : cdf_) c /= sum;
}

size_t Zipf::draw(Rng* rng) const {
  auto it = std::lower_bound(cdf_.begin(), cdf_.end(), rng->uniform());
  return std::min(static_cast<size_t>(it - cdf_.begin()), cdf_.size() - 1);
}

Corpus::Corpus(Options options)
    : options_(options),
      zipf_(options.vocabulary),
      tag_zipf_(options.hashtags),
      author_zipf_(options.authors),
      rng_(options.seed),
      clock_ms_(static_cast<double>(options.start_ms)) {
  // Pseudo-words of 3-10 letters from a consonant-vowel alphabet; unique.
  static const char kC[] = "bcdfghjklmnprstvz", kV[] = "aeiou";
  std::unordered_set<std::string> seen;
  Rng rng(options.seed ^ 0x776f726473ull);
  while (words_.size() < options.vocabulary) {
    std::string w;
    size_t len = static_cast<size_t>(rng.range(3, 10));
    for (size_t i = 0; i < len; ++i) w += (i % 2 == 0) ? kC[rng.below(17)] : kV[rng.below(5)];
    if (seen.insert(w).second) words_.push_back(std::move(w));
  }
}

void Corpus::next(Post* p) {
  *p = Post{};
  set_numbered(&p->id, "b", produced_++);
  size_t author = author_zipf_.draw(&rng_);
  set_numbered(&p->author.id, "a", author);
  set_numbered(&p->author.handle, "user", author);
  clock_ms_ += rng_.exponential(1000.0 / options_.posts_per_s);
  p->created_at_ms = static_cast<int64_t>(clock_ms_);
  p->lang = "en";
  p->source = "bench";
  int n = static_cast<int>(rng_.range(12, 28));
  for (int i = 0; i < n; ++i) {
    if (i) p->text += ' ';
    p->text += words_[zipf_.draw(&rng_)];
  }
  if (rng_.chance(0.15)) {
    std::string tag("t");
    tag.append(words_[tag_zipf_.draw(&rng_)]);
    p->text.append(" #").append(tag);
    p->hashtags.push_back(tag);
  }
  if (rng_.chance(0.10)) {
    std::string m;
    set_numbered(&m, "user", author_zipf_.draw(&rng_));
    p->text.append(" @").append(m);
    p->mentions.push_back(m);
  }
  double e = std::exp(rng_.normal() * 1.5) - 1.0;
  p->metrics.likes = static_cast<int64_t>(std::max(0.0, e));
  p->metrics.reposts = static_cast<int64_t>(std::max(0.0, e / 5));
}

}  // namespace chorus::bench
