// moderation_bench: speed of the moderation classifier, and the hyper-parameter sweep used to
// choose its defaults, printed as JSON.
//
//   moderation_bench DATA_DIR [--speed OPTIONS [BASE_OPTIONS]]
//                                       trains on TweetEval offensive train (11,916 tweets) with
//                                       the default options (or OPTIONS on top of them) and prints
//                                       {"extract_texts_per_s","train_seconds","epochs",
//                                        "predict_texts_per_s","model_bytes","members"}; with
//                                       BASE_OPTIONS a second model's prediction passes
//                                       alternate with the first's: "predict_cost_ratio"
//   moderation_bench DATA_DIR --eval [OPTIONS]
//                                       the held-out evaluation (as `chorus eval moderation`),
//                                       with OPTIONS on top of the defaults (aux keys ignored)
//   moderation_bench DATA_DIR --cv [sets=hate,offensive,davidson] [OPTIONS...]
//                                       OPTIONS: "C=0.1,nb=0.5,cmax=5,..." (see parse_options),
//                                       each on top of the defaults; for each data set, 5-fold
//                                       cross-validation *on the training split only* (never
//                                       val/test; Davidson: inside the evaluation's 80% part):
//                                       one JSON line per option set with the out-of-fold
//                                       macro-F1, so defaults are chosen without held-out data.
// DATA_DIR is shared/data. Times are wall-clock on the steady clock (no peer exists in-process).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <optional>
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

// One data set for --cv: its training split only.
struct Named {
  std::string name;
  Dataset train;
};

// Auxiliary corpora for the offensive set's --cv option keys xdav, xhate, xhatepos (weights):
// Davidson (hate, offensive -> offensive; neither -> not-offensive), TweetEval hate train
// (hate -> offensive, not-hate -> not-offensive), and its hateful tweets only.
struct Extras {
  Dataset davidson, hate;
  double dav = 0, hate_w = 0, hatepos = 0;
  // Unlabeled texts for word clusters (option key unl): all three training splits (TweetEval
  // hate and offensive train, Davidson's 80% part), or with unl=own each set's own texts.
  std::vector<std::string> corpus;
  bool own_corpus = false;
  uint32_t cv_seeds = 1;             // option key cvs: mean macro-F1 over fold seeds 7, 8, ...
  double aux_dav = 0, aux_hate = 0;  // auxdav, auxhate: aux model scales (offensive only)
};

// `from` with its labels mapped onto `to` (extra_data.h map_labels), dropped labels left out.
Dataset relabeled(const Dataset& from, const Dataset& to) {
  Dataset d;
  d.labels = to.labels;
  auto m = chorus::trust::map_labels(from.labels, to.labels, "");
  if (!m.is_ok()) return d;
  for (size_t i = 0; i < from.size(); ++i) {
    const int y = (*m)[static_cast<size_t>(from.y[i])];
    if (y >= 0) d.add(from.texts[i], y);
  }
  return d;
}

// The aux models the option set asks for, trained with `o` on the Davidson / HatEval data
// mapped onto `target`'s labels.
bool add_aux_models(const Extras& x, const Dataset& target, TrainOptions* o) {
  for (const auto& [scale, from] : {std::pair{x.aux_dav, &x.davidson}, {x.aux_hate, &x.hate}}) {
    if (scale <= 0) continue;
    auto m = chorus::trust::train_model(relabeled(*from, target), *o);
    if (!m.is_ok()) {
      std::fprintf(stderr, "aux: %s\n", m.status().to_string().c_str());
      return false;
    }
    o->aux_models.push_back(std::make_shared<const chorus::trust::LinearModel>(std::move(*m)));
    o->aux_scale = static_cast<float>(scale);  // one scale for all: the last given
  }
  return true;
}

// "64:256:1024" -> {64, 256, 1024}.
std::vector<uint32_t> parse_sizes(const std::string& s) {
  std::vector<uint32_t> out;
  size_t start = 0;
  while (start < s.size()) {
    size_t end = s.find(':', start);
    if (end == std::string::npos) end = s.size();
    out.push_back(static_cast<uint32_t>(std::atoi(s.substr(start, end - start).c_str())));
    start = end + 1;
  }
  return out;
}

// Option sets as "key=value,..." with keys solver (svm, sgd), C, nb, multi, folds (the trainer's
// inner cross-validation), cw, lr, epochs, l2, avg, bits, wmax, cmin, cmax, idf, tweet, across,
// block; ens (ensemble weight), edim, ehid, ebits, eep, elr (the embedding member); xdav, xhate,
// xhatepos (extra data weights, offensive only, see Extras); clu (cluster block weight), cbi
// (cluster bigrams), ck (cluster sizes "64:256"), vdim, vwin, vmin, vpow, sif (word vectors), unl
// (own: clusters from the set's own texts), shape (shape block weight), vec (vector block
// weight); auxdav, auxhate (aux models of Davidson / HatEval train stacked, their scale;
// offensive only); cvs (fold seeds); stack (per-block stacking; 2: with the joint NB-SVM), sl2 (its
// meta-learner's L2), kern (kernel member's random features, 0 off), kgam (its gamma), kC (its C),
// vmax (vector block with max pooling), nba (naive-Bayes smoothing alpha).
bool parse_options(const std::string& spec, TrainOptions* o, Extras* x) {
  size_t start = 0;
  while (start < spec.size()) {
    size_t end = spec.find(',', start);
    if (end == std::string::npos) end = spec.size();
    const std::string kv = spec.substr(start, end - start);
    start = end + 1;
    const size_t eq = kv.find('=');
    if (eq == std::string::npos) return false;
    const std::string k = kv.substr(0, eq);
    const std::string sv = kv.substr(eq + 1);
    const double v = std::atof(sv.c_str());
    chorus::trust::FeatureConfig& f = o->features;
    chorus::trust::WordClusterOptions& wc = o->cluster_options;
    if (k == "stack") {
      o->stack_blocks = v != 0;
      o->stack_joint = v == 2;
    } else if (k == "nba") {
      o->nb_alpha = static_cast<float>(v);
    } else if (k == "sl2") {
      o->stack_l2 = static_cast<float>(v);
    } else if (k == "kern") {
      o->kernel.features = static_cast<uint32_t>(v);
    } else if (k == "kgam") {
      o->kernel.gamma = static_cast<float>(v);
    } else if (k == "kC") {
      o->kernel.svm_c = static_cast<float>(v);
    } else if (k == "vmax") {
      f.vector_max_pool = v != 0;
    } else if (k == "clu") {
      f.cluster_weight = static_cast<float>(v);
    } else if (k == "cbi") {
      f.cluster_bigrams = v != 0;
    } else if (k == "vec") {
      f.vector_weight = static_cast<float>(v);
    } else if (k == "shape") {
      f.shape_weight = static_cast<float>(v);
    } else if (k == "ck") {
      wc.sizes = parse_sizes(sv);
    } else if (k == "vdim" || k == "vwin" || k == "vmin") {
      (k == "vdim"   ? wc.vectors.dim
       : k == "vwin" ? wc.vectors.window
                     : wc.vectors.min_count) = static_cast<uint32_t>(v);
    } else if (k == "sif") {
      wc.sif = static_cast<float>(v);
    } else if (k == "vpow") {
      wc.vectors.eigen_power = static_cast<float>(v);
    } else if (k == "auxdav" || k == "auxhate") {
      (k == "auxdav" ? x->aux_dav : x->aux_hate) = v;
    } else if (k == "cvs") {
      x->cv_seeds = static_cast<uint32_t>(v);
    } else if (k == "unl") {
      x->own_corpus = sv == "own";
    } else if (k == "xdav" || k == "xhate" || k == "xhatepos") {
      (k == "xdav" ? x->dav : k == "xhate" ? x->hate_w : x->hatepos) = v;
    } else if (k == "ens") {
      o->ensemble_weight = static_cast<float>(v);
    } else if (k == "edim" || k == "ehid" || k == "ebits" || k == "eep") {
      chorus::trust::EmbeddingOptions& e = o->embedding;
      (k == "edim"    ? e.dim
       : k == "ehid"  ? e.hidden
       : k == "ebits" ? e.bits
                      : e.epochs) = static_cast<uint32_t>(v);
    } else if (k == "elr") {
      o->embedding.learning_rate = static_cast<float>(v);
    } else if (k == "solver") {
      if (sv != "svm" && sv != "sgd") return false;
      o->solver = sv == "svm" ? chorus::trust::Solver::kSvm : chorus::trust::Solver::kSoftmaxSgd;
    } else if (k == "C") {
      o->svm_c = static_cast<float>(v);
    } else if (k == "nb") {
      o->nb_power = static_cast<float>(v);
    } else if (k == "multi") {
      o->svm_multiclass = v != 0;
    } else if (k == "folds") {
      o->cv_folds = static_cast<uint32_t>(v);
    } else if (k == "lr") {
      o->learning_rate = static_cast<float>(v);
    } else if (k == "epochs") {
      o->epochs = static_cast<uint32_t>(v);
    } else if (k == "cw") {
      o->class_weight_power = static_cast<float>(v);
    } else if (k == "l2") {
      o->l2 = static_cast<float>(v);
    } else if (k == "avg") {
      o->average = v != 0;
    } else if (k == "bits") {
      f.hash_bits = static_cast<uint32_t>(v);
    } else if (k == "wmax") {
      f.word_ngram_max = static_cast<uint32_t>(v);
    } else if (k == "cmin") {
      f.char_ngram_min = static_cast<uint32_t>(v);
    } else if (k == "cmax") {
      f.char_ngram_max = static_cast<uint32_t>(v);
    } else if (k == "idf") {
      f.idf = v != 0;
    } else if (k == "tweet") {
      f.tweet_normalize = v != 0;
    } else if (k == "across") {
      f.char_across_words = v != 0;
    } else if (k == "block") {
      f.block_normalize = v != 0;
    } else {
      return false;
    }
  }
  return true;
}

// For each option set, one JSON line with the macro-F1 of 5-fold cross-validation on each data
// set's training split (stratified, seed 7), and their mean.
// The offensive training set with the option set's extras appended.
Dataset with_extras(const Dataset& train, const Extras& x) {
  Dataset d = train;
  bool ok = true;
  if (x.dav > 0) ok &= chorus::trust::add_extra(&d, x.davidson, x.dav, "").is_ok();
  if (x.hate_w > 0) ok &= chorus::trust::add_extra(&d, x.hate, x.hate_w, "").is_ok();
  if (x.hatepos > 0) {
    ok &= chorus::trust::add_extra(&d, x.hate, x.hatepos, "not-hate=-").is_ok();
  }
  if (!ok) std::fprintf(stderr, "extra data could not be mapped\n");
  return d;
}

int cross_validation(const std::vector<Named>& sets, const std::vector<std::string>& specs,
                     const Extras& extras) {
  for (const std::string& name : specs) {
    TrainOptions o = chorus::trust::default_train_options();
    Extras x = extras;
    if (!parse_options(name, &o, &x)) {
      std::fprintf(stderr, "bad option set: %s\n", name.c_str());
      return 2;
    }
    std::string line = "{\"options\":\"" + name + "\"";
    double mean = 0;
    const auto t0 = Clock::now();
    if (!x.own_corpus) {
      auto c = chorus::trust::learn_clusters_for(o, x.corpus);
      if (!c.is_ok()) {
        std::fprintf(stderr, "clusters: %s\n", c.status().to_string().c_str());
        return 1;
      }
      o.clusters = std::move(*c);
    }
    for (const Named& s : sets) {
      const Dataset train = s.name == "offensive" ? with_extras(s.train, x) : s.train;
      TrainOptions so = o;
      if (s.name == "offensive" && !add_aux_models(x, train, &so)) return 1;
      const std::vector<int> truth(train.y.begin(), train.y.begin() + train.primary_size());
      double macro = 0, weighted = 0;
      char buf[128];
      for (uint32_t seed = 7; seed < 7 + std::max(x.cv_seeds, 1u); ++seed) {
        auto predicted = chorus::trust::cross_validate(train, so, 5, seed);
        if (!predicted.is_ok()) {
          std::fprintf(stderr, "%s: %s\n", s.name.c_str(), predicted.status().to_string().c_str());
          return 1;
        }
        const auto m = chorus::trust::compute_metrics(train.labels, truth, *predicted);
        macro += m.macro_f1 / std::max(x.cv_seeds, 1u);
        weighted += m.weighted_f1 / std::max(x.cv_seeds, 1u);
        if (x.cv_seeds > 1) {
          std::snprintf(buf, sizeof buf, ",\"%s_seed%u\":%.4f", s.name.c_str(), seed, m.macro_f1);
          line += buf;
        }
      }
      mean += macro / static_cast<double>(sets.size());
      std::snprintf(buf, sizeof buf, ",\"%s\":%.4f", s.name.c_str(), macro);
      line += buf;
      if (s.train.labels.size() > 2) {
        std::snprintf(buf, sizeof buf, ",\"%s_weighted\":%.4f", s.name.c_str(), weighted);
        line += buf;
      }
    }
    char buf[96];
    std::snprintf(buf, sizeof buf, ",\"mean\":%.4f,\"seconds\":%.1f}\n", mean, seconds_since(t0));
    std::fputs((line + buf).c_str(), stdout);
    std::fflush(stdout);
  }
  return 0;
}

// For each probe word, the other corpus terms in its cluster at the finest level, one JSON line
// each: a look at what the clusters learned.
int show_clusters(const std::vector<std::string>& corpus, const std::string& spec,
                  const std::vector<std::string>& probes) {
  TrainOptions o = chorus::trust::default_train_options();
  Extras unused;
  if (!parse_options(spec, &o, &unused)) return 2;
  auto c = chorus::trust::learn_word_clusters(corpus, o.cluster_options);
  if (!c.is_ok()) return 1;
  std::map<std::string, int> seen;
  for (const std::string& t : corpus) {
    for (const std::string& term : chorus::trust::cluster_terms(t)) ++seen[term];
  }
  const uint32_t level = c->levels() - 1;
  for (const std::string& p : probes) {
    const auto* want = c->find(chorus::trust::cluster_term_hash(p));
    std::string line = "{\"word\":\"" + p + "\",\"cluster\":[";
    int shown = 0;
    for (const auto& [term, n] : seen) {
      const auto* ids = c->find(chorus::trust::cluster_term_hash(term));
      if (!want || !ids || (*ids)[level] != (*want)[level] || shown >= 25) continue;
      line += (shown++ ? ",\"" : "\"") + term + "\"";
    }
    std::printf("%s]}\n", line.c_str());
  }
  return 0;
}

// Passes of prediction over `texts`: texts per second of the fastest pass.
double predict_rate(const chorus::trust::LinearModel& m, const std::vector<std::string>& texts,
                    float* sink) {
  const auto t0 = Clock::now();
  for (const std::string& t : texts) *sink += m.predict(t)[0];
  return static_cast<double>(texts.size()) / seconds_since(t0);
}

// Trains with `spec` (and, with `base_spec`, a second model) and times extraction and
// prediction; with two models their prediction passes alternate (3 each, fastest kept) so that
// both see the same machine, and the JSON line gets "base_predict_texts_per_s" and
// "predict_cost_ratio" (base rate / rate).
int speed(const Dataset& train, const std::string& spec, const std::string& base_spec) {
  TrainOptions o = chorus::trust::default_train_options();
  TrainOptions ob = o;
  Extras unused;
  if ((!spec.empty() && !parse_options(spec, &o, &unused)) ||
      (!base_spec.empty() && !parse_options(base_spec, &ob, &unused))) {
    std::fprintf(stderr, "bad option set\n");
    return 2;
  }
  auto t0 = Clock::now();
  auto model = chorus::trust::train_model(train, o);
  const double train_s = seconds_since(t0);
  if (!model.is_ok()) return 1;
  std::optional<chorus::trust::LinearModel> base;
  if (!base_spec.empty()) {
    auto b = chorus::trust::train_model(train, ob);
    if (!b.is_ok()) return 1;
    base.emplace(std::move(*b));
  }
  t0 = Clock::now();  // the model's own hasher: with its word clusters, if any
  size_t nnz = 0;
  for (const std::string& t : train.texts) nnz += model->hasher().extract(t).size();
  const double extract_s = seconds_since(t0);
  float sink = 0;
  double rate = 0, base_rate = 0;
  for (int pass = 0; pass < (base ? 3 : 1); ++pass) {
    if (base) base_rate = std::max(base_rate, predict_rate(*base, train.texts, &sink));
    rate = std::max(rate, predict_rate(*model, train.texts, &sink));
  }
  std::string vs;
  if (base) {
    char buf[160];
    std::snprintf(buf, sizeof buf, ",\"base_predict_texts_per_s\":%.0f,\"predict_cost_ratio\":%.3f",
                  base_rate, base_rate / rate);
    vs = buf;
  }
  std::printf(
      "{\"examples\":%zu,\"features_per_text\":%.1f,\"extract_texts_per_s\":%.0f,"
      "\"train_seconds\":%.3f,\"epochs\":%u,\"predict_texts_per_s\":%.0f%s,\"model_bytes\":%zu,"
      "\"members\":%d,\"checksum\":%.3f}\n",
      train.size(), static_cast<double>(nnz) / train.size(), train.size() / extract_s, train_s,
      o.epochs, rate, vs.c_str(), model->serialize().size(), model->member().has_value() ? 2 : 1,
      sink);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: moderation_bench DATA_DIR [--eval | --cv [OPTIONS...]]\n");
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
    TrainOptions o = chorus::trust::default_train_options();
    Extras unused;
    if (argc >= 4 && !parse_options(argv[3], &o, &unused)) {
      std::fprintf(stderr, "bad option set: %s\n", argv[3]);
      return 2;
    }
    auto runs = chorus::trust::evaluate_moderation(env, dir, {}, o);
    if (!runs.is_ok()) {
      std::fprintf(stderr, "%s\n", runs.status().to_string().c_str());
      return 1;
    }
    std::fputs(chorus::trust::eval_runs_to_text(*runs).c_str(), stdout);
    return 0;
  }
  if (argc < 3 || std::string(argv[2]) == "--speed") {
    return speed(*offensive, argc >= 4 ? argv[3] : "", argc >= 5 ? argv[4] : "");
  }
  if (std::string(argv[2]) != "--cv" && std::string(argv[2]) != "--clusters") {
    std::fprintf(stderr, "unknown mode %s: expected --eval, --cv or --speed\n", argv[2]);
    return 2;
  }
  auto hate = chorus::trust::load_tweeteval(env, te + "/hate", "train");
  auto davidson =
      chorus::trust::load_davidson(env, dir + "/davidson_hate_offensive/labeled_data.csv");
  if (!hate.is_ok() || !davidson.is_ok()) return 1;
  std::vector<std::string> specs(argv + 3, argv + argc);
  Dataset davidson_train, davidson_test;  // the evaluation's own 80/20 split: CV inside train
  chorus::trust::split_dataset(*davidson, 0.2, 2017, &davidson_train, &davidson_test);
  Extras extras{*davidson, *hate};
  auto corpus = chorus::trust::cluster_corpus(env, dir);
  if (!corpus.is_ok()) return 1;
  extras.corpus = std::move(*corpus);
  if (std::string(argv[2]) == "--clusters") {
    return show_clusters(
        extras.corpus, specs.empty() ? "clu=0.5" : specs[0],
        {"idiot", "stupid", "fuck", "liberals", "maga", "gun", "beautiful", "@user", "url", "😂"});
  }
  std::string only = "hate,offensive,davidson";
  if (!specs.empty() && specs[0].starts_with("sets=")) {
    only = specs[0].substr(5);
    specs.erase(specs.begin());
  }
  std::vector<Named> sets;
  if (only.find("hate") != std::string::npos) sets.push_back({"hate", *hate});
  if (only.find("offensive") != std::string::npos) sets.push_back({"offensive", *offensive});
  if (only.find("davidson") != std::string::npos) sets.push_back({"davidson", davidson_train});
  if (specs.empty()) specs.push_back("C=0.1");
  return cross_validation(sets, specs, extras);
}
