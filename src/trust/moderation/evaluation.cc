#include "trust/moderation/evaluation.h"

#include <algorithm>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>

#include "trust/moderation/dataset.h"

namespace chorus::trust {
namespace {

constexpr uint64_t kDavidsonSplitSeed = 2017;
const char* kTweetEvalCite =
    "Barbieri et al. 2020, TweetEval (Findings of EMNLP), baseline results table";
const char* kDavidsonCite = "Davidson et al. 2017, ICWSM, L2-regularized logistic regression";

std::vector<PublishedFigure> tweeteval_figures(bool hate) {
  // Macro-F1 (x100 in the paper) on the TweetEval *test* split.
  struct Row {
    const char* system;
    double hate, offensive;
  };
  static const Row kRows[] = {{"SVM", 36.7, 52.3},
                              {"FastText", 50.6, 73.4},
                              {"BLSTM", 52.6, 71.7},
                              {"RoBERTa-base", 46.6, 79.5},
                              {"RoBERTa-retrained", 52.3, 80.5},
                              {"RoBERTa-Twitter", 49.9, 77.1}};
  std::vector<PublishedFigure> out;
  for (const Row& r : kRows) {
    out.push_back(
        {r.system, "macro_f1", (hate ? r.hate : r.offensive) / 100.0, "test", kTweetEvalCite});
  }
  return out;
}

std::vector<PublishedFigure> davidson_figures() {
  const char* split = "paper's own evaluation on the full data set (not this 80/20 split)";
  return {{"logistic regression", "weighted_f1", 0.90, split, kDavidsonCite},
          {"logistic regression", "hate_precision", 0.44, split, kDavidsonCite},
          {"logistic regression", "hate_recall", 0.61, split, kDavidsonCite}};
}

Result<EvalRun> run_one(Env* env, const std::string& name, const Dataset& train,
                        const Dataset& test, const TrainOptions& options) {
  EvalRun run;
  run.name = name;
  run.n_train = train.size();
  run.n_eval = test.size();
  TrainStats stats;
  CHORUS_ASSIGN_OR_RETURN(LinearModel model, train_model(train, options, &stats, {}, env));
  run.train_seconds = stats.seconds_features + stats.seconds_sgd;
  std::vector<int> predicted;
  predicted.reserve(test.size());
  for (const std::string& t : test.texts) {
    std::vector<float> p = model.predict(t);
    predicted.push_back(static_cast<int>(std::max_element(p.begin(), p.end()) - p.begin()));
  }
  run.metrics = compute_metrics(test.labels, test.y, predicted);
  return run;
}

Result<EvalRun> run_named(Env* env, const std::string& data_dir, const std::string& name,
                          const TrainOptions& options) {
  if (name == "tweeteval-hate" || name == "tweeteval-offensive") {
    const bool hate = name == "tweeteval-hate";
    const std::string dir =
        join_path(join_path(data_dir, "tweeteval_hate_offensive"), hate ? "hate" : "offensive");
    CHORUS_ASSIGN_OR_RETURN(Dataset train, load_tweeteval(env, dir, "train"));
    CHORUS_ASSIGN_OR_RETURN(Dataset val, load_tweeteval(env, dir, "val"));
    CHORUS_ASSIGN_OR_RETURN(EvalRun run, run_one(env, name, train, val, options));
    run.protocol = "train on train, evaluate on val";
    run.published = tweeteval_figures(hate);
    return run;
  }
  if (name == "davidson") {
    CHORUS_ASSIGN_OR_RETURN(
        Dataset all,
        load_davidson(env, join_path(data_dir, "davidson_hate_offensive/labeled_data.csv")));
    Dataset train, test;
    split_dataset(all, 0.2, kDavidsonSplitSeed, &train, &test);
    CHORUS_ASSIGN_OR_RETURN(EvalRun run, run_one(env, name, train, test, options));
    run.protocol = "stratified 80/20 split, seed 2017";
    run.published = davidson_figures();
    return run;
  }
  return invalid_argument("unknown evaluation \"" + name +
                          "\": expected tweeteval-hate, tweeteval-offensive or davidson");
}

}  // namespace

TrainOptions default_train_options() {
  return TrainOptions{};
}

Result<std::vector<std::string>> cluster_corpus(Env* env, const std::string& data_dir) {
  const std::string te = join_path(data_dir, "tweeteval_hate_offensive");
  CHORUS_ASSIGN_OR_RETURN(Dataset hate, load_tweeteval(env, join_path(te, "hate"), "train"));
  CHORUS_ASSIGN_OR_RETURN(Dataset off, load_tweeteval(env, join_path(te, "offensive"), "train"));
  CHORUS_ASSIGN_OR_RETURN(
      Dataset all,
      load_davidson(env, join_path(data_dir, "davidson_hate_offensive/labeled_data.csv")));
  Dataset davidson, held_out;
  split_dataset(all, 0.2, kDavidsonSplitSeed, &davidson, &held_out);
  std::vector<std::string> texts = std::move(hate.texts);
  for (const Dataset* d : {&off, &davidson}) {
    texts.insert(texts.end(), d->texts.begin(), d->texts.end());
  }
  return texts;
}

Result<std::vector<EvalRun>> evaluate_moderation(Env* env, const std::string& data_dir,
                                                 const std::vector<std::string>& names,
                                                 const TrainOptions& given) {
  TrainOptions options = given;
  const FeatureConfig& f = options.features;
  if ((f.cluster_weight > 0 || f.vector_weight > 0) && !options.clusters) {
    CHORUS_ASSIGN_OR_RETURN(std::vector<std::string> corpus, cluster_corpus(env, data_dir));
    CHORUS_ASSIGN_OR_RETURN(options.clusters, learn_clusters_for(options, corpus));
  }
  std::vector<std::string> todo = names;
  if (todo.empty()) todo = {"tweeteval-hate", "tweeteval-offensive", "davidson"};
  std::vector<EvalRun> runs;
  for (const std::string& name : todo) {
    CHORUS_ASSIGN_OR_RETURN(EvalRun run, run_named(env, data_dir, name, options));
    runs.push_back(std::move(run));
  }
  return runs;
}

std::string eval_runs_to_json(const std::vector<EvalRun>& runs) {
  nlohmann::json out = nlohmann::json::array();
  for (const EvalRun& r : runs) {
    nlohmann::json classes = nlohmann::json::object();
    for (const ClassMetrics& c : r.metrics.classes) {
      classes[c.label] = {
          {"precision", c.precision}, {"recall", c.recall}, {"f1", c.f1}, {"support", c.support}};
    }
    nlohmann::json published = nlohmann::json::array();
    for (const PublishedFigure& f : r.published) {
      published.push_back({{"system", f.system},
                           {"metric", f.metric},
                           {"value", f.value},
                           {"split", f.split},
                           {"source", f.source}});
    }
    out.push_back({{"dataset", r.name},
                   {"protocol", r.protocol},
                   {"n_train", r.n_train},
                   {"n_eval", r.n_eval},
                   {"train_seconds", r.train_seconds},
                   {"accuracy", r.metrics.accuracy},
                   {"macro_f1", r.metrics.macro_f1},
                   {"weighted_f1", r.metrics.weighted_f1},
                   {"classes", classes},
                   {"published", published}});
  }
  return nlohmann::json{{"moderation_eval", out}}.dump() + "\n";
}

std::string eval_runs_to_text(const std::vector<EvalRun>& runs) {
  std::string out;
  char buf[256];
  for (const EvalRun& r : runs) {
    std::snprintf(buf, sizeof buf, "%s: %s (train %zu, eval %zu, trained in %.1fs)\n",
                  r.name.c_str(), r.protocol.c_str(), r.n_train, r.n_eval, r.train_seconds);
    out += buf;
    for (const ClassMetrics& c : r.metrics.classes) {
      std::snprintf(buf, sizeof buf, "  %-14s P %.3f  R %.3f  F1 %.3f  (n=%zu)\n", c.label.c_str(),
                    c.precision, c.recall, c.f1, c.support);
      out += buf;
    }
    std::snprintf(buf, sizeof buf, "  macro-F1 %.3f  weighted-F1 %.3f  accuracy %.3f\n",
                  r.metrics.macro_f1, r.metrics.weighted_f1, r.metrics.accuracy);
    out += buf;
    for (const PublishedFigure& f : r.published) {
      std::snprintf(buf, sizeof buf, "  published: %-18s %-15s %.3f  [%s]\n", f.system.c_str(),
                    f.metric.c_str(), f.value, f.split.c_str());
      out += buf;
    }
  }
  return out;
}

}  // namespace chorus::trust
