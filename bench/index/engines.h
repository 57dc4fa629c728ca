// The two engines of the index benchmark, measured on the same corpus and queries.
#pragma once

#include <string>
#include <vector>

#include "base/status.h"
#include "bench/index/corpus.h"
#include "bench/index/index_bench.h"
#include "bench/index/measure.h"

namespace chorus::bench {

struct BenchQuery {
  std::vector<std::string> words;
  bool conjunctive = true;  // AND; else OR
};

// Probe words that no corpus word equals (letters only, so every analyzer keeps them whole).
std::string probe_word(uint64_t k);

Result<Measured> run_chorus(const IndexBenchOptions& o, const Corpus::Options& corpus,
                            const std::vector<BenchQuery>& queries, const std::string& dir);
// Empty result (posts == 0) when built without Xapian.
Result<Measured> run_xapian(uint64_t posts, const Corpus::Options& corpus,
                            const std::vector<BenchQuery>& queries, const std::string& dir);

}  // namespace chorus::bench
