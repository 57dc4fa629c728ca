// moderation_bench: speed of the moderation classifier, and the hyper-parameter sweep used to
// choose its defaults, printed as JSON.
//
//   moderation_bench DATA_DIR           trains on TweetEval offensive train (11,916 tweets) with
//                                       the default options and prints
//                                       {"extract_texts_per_s","train_seconds","epochs",
//                                        "predict_texts_per_s","model_bytes"}
//   moderation_bench DATA_DIR --eval    the held-out evaluation (as `chorus eval moderation`)
//   moderation_bench DATA_DIR --tune [OPTIONS...]
//                                       OPTIONS: "lr=0.1,epochs=5,cw=0.5,idf=1,..." (see
//                                       parse_options); for each data set, a seeded 80/20 split *of
//                                       the training split only* (never val/test): one JSON line
//                                       per option set with the dev macro-F1, so defaults are
//                                       chosen without looking at held-out data.
// DATA_DIR is shared/data. Times are wall-clock on the steady clock (no peer exists in-process).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "base/env.h"
#include "trust/moderation/moderation.h"

namespace {

using chorus::trust::Dataset;
using chorus::trust::TrainOptions;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

double dev_macro_f1(const Dataset& train, const Dataset& dev, const TrainOptions& o) {
  auto model = chorus::trust::train_model(train, o);
  if (!model.is_ok()) return -1;
  std::vector<int> pred;
  for (const std::string& t : dev.texts) {
    std::vector<float> p = model->predict(t);
    pred.push_back(static_cast<int>(std::max_element(p.begin(), p.end()) - p.begin()));
  }
  return chorus::trust::compute_metrics(dev.labels, dev.y, pred).macro_f1;
}

struct Named {
  std::string name;
  Dataset train, dev;
};

// Option sets as "key=value,..." with keys lr, epochs, cw, l2, bits, wmax, cmin, cmax, idf.
bool parse_options(const std::string& spec, TrainOptions* o) {
  size_t start = 0;
  while (start < spec.size()) {
    size_t end = spec.find(',', start);
    if (end == std::string::npos) end = spec.size();
    const std::string kv = spec.substr(start, end - start);
    start = end + 1;
    const size_t eq = kv.find('=');
    if (eq == std::string::npos) return false;
    const std::string k = kv.substr(0, eq);
    const double v = std::atof(kv.c_str() + eq + 1);
    if (k == "lr")
      o->learning_rate = static_cast<float>(v);
    else if (k == "epochs")
      o->epochs = static_cast<uint32_t>(v);
    else if (k == "cw")
      o->class_weight_power = static_cast<float>(v);
    else if (k == "l2")
      o->l2 = static_cast<float>(v);
    else if (k == "bits")
      o->features.hash_bits = static_cast<uint32_t>(v);
    else if (k == "wmax")
      o->features.word_ngram_max = static_cast<uint32_t>(v);
    else if (k == "cmin")
      o->features.char_ngram_min = static_cast<uint32_t>(v);
    else if (k == "cmax")
      o->features.char_ngram_max = static_cast<uint32_t>(v);
    else if (k == "idf")
      o->features.idf = v != 0;
    else if (k == "avg")
      o->average = v != 0;
    else
      return false;
  }
  return true;
}

int tune(const std::vector<Named>& sets, const std::vector<std::string>& specs) {
  std::vector<std::pair<std::string, TrainOptions>> grid;
  for (const std::string& spec : specs) {
    TrainOptions o = chorus::trust::default_train_options();
    if (!parse_options(spec, &o)) {
      std::fprintf(stderr, "bad option set: %s\n", spec.c_str());
      return 2;
    }
    grid.emplace_back(spec, o);
  }
  for (const auto& [name, o] : grid) {
    std::string line = "{\"options\":\"" + name + "\"";
    double mean = 0;
    for (const Named& s : sets) {
      const double f1 = dev_macro_f1(s.train, s.dev, o);
      mean += f1 / static_cast<double>(sets.size());
      char buf[96];
      std::snprintf(buf, sizeof buf, ",\"%s\":%.4f", s.name.c_str(), f1);
      line += buf;
    }
    char buf[64];
    std::snprintf(buf, sizeof buf, ",\"mean\":%.4f}\n", mean);
    std::fputs((line + buf).c_str(), stdout);
    std::fflush(stdout);
  }
  return 0;
}

int speed(const Dataset& train) {
  const TrainOptions o = chorus::trust::default_train_options();
  chorus::trust::FeatureHasher hasher(o.features);
  auto t0 = Clock::now();
  size_t nnz = 0;
  for (const std::string& t : train.texts) nnz += hasher.extract(t).size();
  const double extract_s = seconds_since(t0);
  t0 = Clock::now();
  auto model = chorus::trust::train_model(train, o);
  const double train_s = seconds_since(t0);
  if (!model.is_ok()) return 1;
  t0 = Clock::now();
  float sink = 0;
  for (const std::string& t : train.texts) sink += model->predict(t)[0];
  const double predict_s = seconds_since(t0);
  std::printf(
      "{\"examples\":%zu,\"features_per_text\":%.1f,\"extract_texts_per_s\":%.0f,"
      "\"train_seconds\":%.3f,\"epochs\":%u,\"predict_texts_per_s\":%.0f,\"model_bytes\":%zu,"
      "\"checksum\":%.3f}\n",
      train.size(), static_cast<double>(nnz) / train.size(), train.size() / extract_s, train_s,
      o.epochs, train.size() / predict_s, model->serialize().size(), sink);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: moderation_bench DATA_DIR [--tune]\n");
    return 2;
  }
  chorus::Env* env = chorus::Env::posix();
  const std::string dir = argv[1];
  const std::string te = chorus::join_path(dir, "tweeteval_hate_offensive");
  auto offensive = chorus::trust::load_tweeteval(env, te + "/offensive", "train");
  if (!offensive.is_ok()) {
    std::fprintf(stderr, "%s\n", offensive.status().to_string().c_str());
    return 1;
  }
  if (argc >= 3 && std::string(argv[2]) == "--eval") {
    auto runs =
        chorus::trust::evaluate_moderation(env, dir, {}, chorus::trust::default_train_options());
    if (!runs.is_ok()) {
      std::fprintf(stderr, "%s\n", runs.status().to_string().c_str());
      return 1;
    }
    std::fputs(chorus::trust::eval_runs_to_text(*runs).c_str(), stdout);
    return 0;
  }
  if (argc < 3 || std::string(argv[2]) != "--tune") return speed(*offensive);
  auto hate = chorus::trust::load_tweeteval(env, te + "/hate", "train");
  auto davidson =
      chorus::trust::load_davidson(env, dir + "/davidson_hate_offensive/labeled_data.csv");
  if (!hate.is_ok() || !davidson.is_ok()) return 1;
  std::vector<Named> sets(3);
  sets[0].name = "hate";
  sets[1].name = "offensive";
  sets[2].name = "davidson";
  chorus::trust::split_dataset(*hate, 0.2, 7, &sets[0].train, &sets[0].dev);
  chorus::trust::split_dataset(*offensive, 0.2, 7, &sets[1].train, &sets[1].dev);
  Dataset davidson_train, davidson_test;  // the evaluation's own 80/20 split; tune inside train
  chorus::trust::split_dataset(*davidson, 0.2, 2017, &davidson_train, &davidson_test);
  chorus::trust::split_dataset(davidson_train, 0.2, 7, &sets[2].train, &sets[2].dev);
  std::vector<std::string> specs(argv + 3, argv + argc);
  if (specs.empty()) specs.push_back("epochs=10");
  return tune(sets, specs);
}
