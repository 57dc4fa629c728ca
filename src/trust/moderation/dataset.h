// Labeled text datasets for the moderation classifier and the readers of the training formats.
//
//   tweeteval  DIR/<split>_text.txt and DIR/<split>_labels.txt, one example per line (same line
//              numbers); label ids are named by DIR/mapping.txt ("<id>\t<name>" per line).
//   davidson   the CSV of Davidson et al. 2017: header with columns `class` (0 hate, 1 offensive,
//              2 neither) and `tweet`; quoted fields may hold commas and newlines.
//   csv        `label,text` records, header "label,text" optional; label names are sorted to give
//              ids; a record with more than two fields is joined back with ',' into the text.
// Every error names the file and the 1-based line. Files are read through an Env.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/env.h"
#include "base/status.h"

namespace chorus::trust {

struct Dataset {
  std::vector<std::string> labels;  // label names; index = label id
  std::vector<std::string> texts;
  std::vector<int> y;  // y[i] in [0, labels.size()) is the label of texts[i]
  // Per-example training weight (> 0), or empty: all 1.
  std::vector<float> weight;
  // The last `extras` examples are auxiliary training data (extra_data.h): they join every
  // cross-validation training fold and are never scored (no threshold, no metric sees them).
  size_t extras = 0;

  size_t size() const { return texts.size(); }
  size_t primary_size() const { return texts.size() - extras; }
  float weight_of(size_t i) const { return weight.empty() ? 1.0f : weight[i]; }
  // Appends a primary example; only before any extra example was added.
  void add(std::string text, int label) {
    texts.push_back(std::move(text));
    y.push_back(label);
    if (!weight.empty()) weight.push_back(1.0f);
  }
};

Result<Dataset> load_tweeteval(Env* env, const std::string& dir, const std::string& split);
Result<Dataset> load_davidson(Env* env, const std::string& file);
Result<Dataset> load_label_csv(Env* env, const std::string& file);
// Dispatches on `format` ("tweeteval", "davidson", "csv"); `split` is used by tweeteval only.
Result<Dataset> load_dataset(Env* env, const std::string& format, const std::string& path,
                             const std::string& split);

// A seeded, stratified split: about `test_fraction` of each class goes to `test`, the rest to
// `train`; the same seed gives the same split.
void split_dataset(const Dataset& all, double test_fraction, uint64_t seed, Dataset* train,
                   Dataset* test);

}  // namespace chorus::trust
