// `chorus trust train --format davidson|tweeteval|csv PATH --out MODEL [--split train]
//  [--epochs N] [--seed S] [--hash-bits B] [--extra FORMAT:PATH[:WEIGHT[:MAP]]]...
//  [--ensemble W] [--vectors W] [--clusters W] [--shape W] [--unlabeled FORMAT:PATH]...`: trains
// the moderation classifier and writes the model file (format in
// trust/moderation/linear_model.h).
//   tweeteval  PATH is a folder with <split>_text.txt, <split>_labels.txt and mapping.txt
//   davidson   PATH is labeled_data.csv (class 0 hate, 1 offensive, 2 neither; tweet column)
//   csv        PATH holds `label,text` records (header optional)
//   --extra    auxiliary training data, labels mapped onto PATH's (trust/moderation/extra_data.h);
//              repeatable
//   --ensemble the embedding member's weight in the ensemble, 0..1 (default: the tuned value)
//   --vectors, --clusters, --shape
//              the weights of the word-vector, word-cluster and shape feature blocks, 0..4
//              (trust/moderation/features.h; default: the tuned values, 0 turns a block off)
//   --unlabeled texts to learn the word vectors and clusters from (FORMAT:PATH as for --extra,
//              labels unused; repeatable); default: the training texts
// Prints one summary line to stdout: examples, labels, training accuracy (on PATH's examples),
// seconds, model bytes.
#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "app/commands.h"
#include "base/env.h"
#include "trust/moderation/moderation.h"

namespace chorus::app {
namespace {

struct TrainCmdOptions {
  std::string format, path, out, split = "train";
  uint32_t epochs = 0;  // 0: the tuned default
  uint64_t seed = 1;
  uint32_t hash_bits = 0;  // 0: the default
  std::vector<std::string> extra;
  float ensemble = -1;                            // < 0: the default
  float vectors = -1, clusters = -1, shape = -1;  // < 0: the defaults
  std::vector<std::string> unlabeled;
  bool stack = false;       // per-block stacking
  uint32_t kernel = 0;      // random features of the kernel member, 0: none
  bool vector_max = false;  // max-pooled word vectors beside the mean
};

// The texts of every --unlabeled FORMAT:PATH.
Result<std::vector<std::string>> unlabeled_texts(Env* env, const std::vector<std::string>& specs) {
  std::vector<std::string> texts;
  for (const std::string& spec : specs) {
    CHORUS_ASSIGN_OR_RETURN(trust::ExtraSpec u, trust::parse_extra_spec(spec));
    CHORUS_ASSIGN_OR_RETURN(trust::Dataset d, trust::load_dataset(env, u.format, u.path, "train"));
    texts.insert(texts.end(), std::make_move_iterator(d.texts.begin()),
                 std::make_move_iterator(d.texts.end()));
  }
  return texts;
}

double training_accuracy(const trust::LinearModel& m, const trust::Dataset& d) {
  size_t right = 0;
  for (size_t i = 0; i < d.primary_size(); ++i) {
    std::vector<float> p = m.predict(d.texts[i]);
    right += static_cast<int>(std::max_element(p.begin(), p.end()) - p.begin()) == d.y[i];
  }
  return d.primary_size() ? static_cast<double>(right) / static_cast<double>(d.primary_size())
                          : 0.0;
}

Status run_train(const TrainCmdOptions& o) {
  Env* env = Env::posix();
  CHORUS_ASSIGN_OR_RETURN(trust::Dataset data, trust::load_dataset(env, o.format, o.path, o.split));
  for (const std::string& spec : o.extra) {
    CHORUS_ASSIGN_OR_RETURN(trust::ExtraSpec extra, trust::parse_extra_spec(spec));
    CHORUS_RETURN_IF_ERROR(trust::load_extra(env, extra, &data));
  }
  trust::TrainOptions t = trust::default_train_options();
  if (o.ensemble >= 0) t.ensemble_weight = o.ensemble;
  if (o.vectors >= 0) t.features.vector_weight = o.vectors;
  if (o.clusters >= 0) t.features.cluster_weight = o.clusters;
  if (o.shape >= 0) t.features.shape_weight = o.shape;
  t.stack_blocks = o.stack;
  t.kernel.features = o.kernel;
  t.features.vector_max_pool = o.vector_max;
  if (!o.unlabeled.empty()) {
    CHORUS_ASSIGN_OR_RETURN(std::vector<std::string> texts, unlabeled_texts(env, o.unlabeled));
    CHORUS_ASSIGN_OR_RETURN(t.clusters, trust::learn_clusters_for(t, texts));
  }
  if (o.epochs > 0) t.epochs = o.epochs;
  if (o.hash_bits > 0) t.features.hash_bits = o.hash_bits;
  t.seed = o.seed;
  trust::TrainStats stats;
  CHORUS_ASSIGN_OR_RETURN(trust::LinearModel model, trust::train_model(data, t, &stats, {}, env));
  CHORUS_RETURN_IF_ERROR(model.save(env, o.out));
  CHORUS_ASSIGN_OR_RETURN(uint64_t bytes, env->file_size(o.out));
  std::string labels;
  for (const std::string& l : model.labels()) labels += (labels.empty() ? "" : ",") + l;
  std::printf(
      "trained on %zu examples (%zu extra), labels [%s], %u epochs, training accuracy %.3f, "
      "%.2fs; wrote %s (%llu bytes)\n",
      data.size(), data.extras, labels.c_str(), t.epochs, training_accuracy(model, data),
      stats.seconds_features + stats.seconds_sgd, o.out.c_str(),
      static_cast<unsigned long long>(bytes));
  return Status::ok();
}

void add_trust_train(Cli& cli) {
  CLI::App* trust =
      cli.group("trust", "Trust layer: train and run the moderation classifier, explain scores");
  CLI::App* cmd = trust->add_subcommand("train", "Train the moderation classifier");
  auto o = std::make_shared<TrainCmdOptions>();
  cmd->add_option("--format", o->format, "davidson, tweeteval or csv")
      ->required()
      ->check(CLI::IsMember({"davidson", "tweeteval", "csv"}));
  cmd->add_option("path", o->path, "training file (davidson, csv) or folder (tweeteval)")
      ->required();
  cmd->add_option("--out", o->out, "model file to write")->required();
  cmd->add_option("--split", o->split, "tweeteval split to read")->capture_default_str();
  cmd->add_option("--epochs", o->epochs,
                  "softmax-solver epochs (more than two labels; default: the tuned value)");
  cmd->add_option("--seed", o->seed, "shuffling seed")->capture_default_str();
  cmd->add_option("--hash-bits", o->hash_bits, "2^B feature buckets, 16..24 (default 20)");
  cmd->add_option("--extra", o->extra,
                  "auxiliary training data FORMAT:PATH[:WEIGHT[:MAP]] (repeatable), e.g. "
                  "davidson:labeled_data.csv:0.5 or tweeteval:DIR:1:not-hate=-");
  cmd->add_option("--ensemble", o->ensemble,
                  "weight of the embedding member, 0 (NB-SVM alone) to below 1; two labels only");
  cmd->add_option("--vectors", o->vectors, "weight of the word-vector feature block, 0..4");
  cmd->add_option("--clusters", o->clusters, "weight of the word-cluster feature block, 0..4");
  cmd->add_option("--shape", o->shape, "weight of the shape feature block, 0..4");
  cmd->add_flag("--stack", o->stack,
                "one NB-SVM per feature block, combined by a logistic meta-learner (two labels)");
  cmd->add_option("--kernel", o->kernel,
                  "random Fourier features of the kernel member over the mean word vector, "
                  "0 (none) to 4096 (two labels)");
  cmd->add_flag("--vector-max", o->vector_max, "max-pooled word vectors beside their mean");
  cmd->add_option("--unlabeled", o->unlabeled,
                  "texts for the word vectors and clusters FORMAT:PATH (repeatable; labels "
                  "unused; default: the training texts)");
  cmd->callback([o] { report(run_train(*o), "trust train"); });
}

}  // namespace

CHORUS_COMMANDS(add_trust_train);

}  // namespace chorus::app
