// Auxiliary training data for the moderation classifier: examples of another labelled corpus
// (e.g. Davidson's hate/offensive/neither tweets) added to a training set whose labels differ
// (e.g. TweetEval offensive), with their labels mapped onto the target's and a weight.
//
// Spec (command line `--extra`): FORMAT:PATH[:WEIGHT[:MAP]]
//   FORMAT  davidson, tweeteval (PATH is the folder; its train split is read) or csv
//   WEIGHT  the examples' training weight, > 0 and <= 100 (default 1): each costs WEIGHT times a
//           primary example of the same label
//   MAP     "src=dst,src=dst,...": source label src becomes target label dst; dst "-" drops the
//           source label's examples. Labels MAP does not name are mapped by default: the same
//           name if the target has it; else a benign source label (is_benign_label: "neither",
//           "not-hate", ...) onto the target's only benign label, any other onto the target's
//           only non-benign label. A label that still has no target is an error.
// e.g. "davidson:labeled_data.csv:0.5" maps hate and offensive to "offensive" and neither to
// "not-offensive" on TweetEval offensive. Extra examples are appended after the primary ones
// (Dataset::extras); the trainer trains on them in every fold and never scores them. The
// weight scales an example's SVM cost and SGD loss; the naive-Bayes ratios count extra examples
// like primary ones.
#pragma once

#include <string>
#include <string_view>

#include "base/env.h"
#include "base/status.h"
#include "trust/moderation/dataset.h"

namespace chorus::trust {

struct ExtraSpec {
  std::string format, path;
  float weight = 1.0f;
  std::string mapping;  // "src=dst,..." or empty
};

Result<ExtraSpec> parse_extra_spec(std::string_view spec);

// Target label id for each of `from_labels` (-1: dropped), by `mapping` and the default rules.
Result<std::vector<int>> map_labels(const std::vector<std::string>& from_labels,
                                    const std::vector<std::string>& to_labels,
                                    std::string_view mapping);

// Appends `from`'s examples to `to` as extras with `weight`, labels mapped by map_labels.
Status add_extra(Dataset* to, const Dataset& from, float weight, std::string_view mapping);

// Loads the spec's data set (tweeteval: split "train") and appends it to `to`.
Status load_extra(Env* env, const ExtraSpec& spec, Dataset* to);

}  // namespace chorus::trust
