// `chorus bench model FILE [--threads N] [--json] [--pp 512] [--tg 128] [--reps R] [--batch B]`:
// prompt processing (pp tokens evaluated in chunks of B) and text generation (tg tokens decoded one
// at a time) in tokens/s, the weight bytes read per decoded token, the measured read bandwidth with
// the same threads, and the decode roofline (bandwidth / bytes per token). Medians over R runs.
// JSON keys: pp_tokens_per_s, tg_tokens_per_s, bytes_per_token, bandwidth_gb_per_s,
// roofline_tg_tokens_per_s, load_s (Model::load, wall: ready to generate), repack_s (from the
// start of the load until the weights are final: the background repack finished; pp and tg are
// timed after it), peak_rss_mb (the process's peak before the bandwidth measurement, which
// allocates its own buffer), model_file_mb, kv_cache_mb (the largest session's), repack,
// repack_mode (plus the configuration: batch is the prompt chunk, tokens per forward pass,
// ModelOptions::max_batch). --no-repack keeps Q4_0, Q8_0, Q4_K and Q6_K matrices in the file's
// layout (to compare the two in one build); --repack-at-load repacks before load returns.
#include <sys/resource.h>
#include <sys/stat.h>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "app/commands.h"
#include "base/random.h"
#include "model/quant/kernels.h"
#include "model/quant/quant.h"
#include "model/runtime/memory_bandwidth.h"
#include "model/runtime/model.h"
#include "model/runtime/session.h"

namespace chorus::app {
namespace {

struct BenchOptions {
  std::string file;
  int threads = 1;
  bool json = false;
  int64_t pp = 512;
  int64_t tg = 128;
  int reps = 3;
  bool no_repack = false;
  bool repack_at_load = false;
  int64_t batch = model::ModelOptions{}.max_batch;  // prompt tokens per forward pass
};

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

Result<double> time_pp(const model::Model& m, const BenchOptions& o, Rng& rng) {
  std::vector<int32_t> prompt(static_cast<size_t>(o.pp));
  for (int32_t& t : prompt)
    t = static_cast<int32_t>(rng.below(static_cast<uint64_t>(m.config().vocab_size)));
  CHORUS_ASSIGN_OR_RETURN(auto s, m.new_session(o.pp));
  const auto t0 = Clock::now();
  CHORUS_RETURN_IF_ERROR(s->prefill(prompt).status());
  return static_cast<double>(o.pp) / since(t0);
}

Result<double> time_tg(const model::Model& m, const BenchOptions& o, Rng& rng) {
  CHORUS_ASSIGN_OR_RETURN(auto s, m.new_session(o.tg));
  const auto t0 = Clock::now();
  for (int64_t i = 0; i < o.tg; ++i)
    CHORUS_RETURN_IF_ERROR(
        s->decode(static_cast<int32_t>(rng.below(static_cast<uint64_t>(m.config().vocab_size))))
            .status());
  return static_cast<double>(o.tg) / since(t0);
}

// Peak resident set of this process so far, in MB.
double peak_rss_mb() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_maxrss) / 1024.0;
}

double file_mb(const std::string& path) {
  struct stat st {};
  return stat(path.c_str(), &st) == 0 ? static_cast<double>(st.st_size) / 1048576.0 : 0.0;
}

Status bench(const BenchOptions& o) {
  if (o.pp < 1 || o.tg < 1 || o.reps < 1 || o.batch < 1)
    return invalid_argument("--pp, --tg, --reps and --batch must be >= 1");
  if (o.no_repack && o.repack_at_load)
    return invalid_argument("--no-repack and --repack-at-load exclude each other");
  model::ModelOptions mo;
  mo.threads = o.threads;
  mo.max_batch = o.batch;
  mo.repack = o.no_repack        ? model::RepackMode::kOff
              : o.repack_at_load ? model::RepackMode::kAtLoad
                                 : model::RepackMode::kBackground;
  const auto load0 = Clock::now();
  CHORUS_ASSIGN_OR_RETURN(auto m, model::Model::load(o.file, mo));
  const double load_s = since(load0);
  m->wait_repacked();
  const double repack_s = since(load0);
  Rng rng(1);
  std::vector<double> pp, tg;
  BenchOptions warm_up = o;
  warm_up.tg = 4;
  CHORUS_RETURN_IF_ERROR(time_tg(*m, warm_up, rng).status());
  for (int r = 0; r < o.reps; ++r) {
    CHORUS_ASSIGN_OR_RETURN(double p, time_pp(*m, o, rng));
    CHORUS_ASSIGN_OR_RETURN(double t, time_tg(*m, o, rng));
    pp.push_back(p);
    tg.push_back(t);
  }
  const double rss = peak_rss_mb();
  const model::ModelConfig& c = m->config();
  const double kv_mb = static_cast<double>(2 * c.n_layers * c.kv_dim() * std::max(o.pp, o.tg) *
                                           (mo.kv_type == model::KvType::kF16 ? 2 : 4)) /
                       1048576.0;
  model::ComputePool pool(o.threads);
  const double bw = model::measure_read_bandwidth(pool);
  const double bytes = static_cast<double>(m->weights().bytes_per_token());
  nlohmann::json j = {{"model", o.file},
                      {"threads", o.threads},
                      {"pp", o.pp},
                      {"tg", o.tg},
                      {"reps", o.reps},
                      {"batch", o.batch},
                      {"pp_tokens_per_s", median(pp)},
                      {"tg_tokens_per_s", median(tg)},
                      {"bytes_per_token", bytes},
                      {"bandwidth_gb_per_s", bw},
                      {"roofline_tg_tokens_per_s", bw * 1e9 / bytes},
                      {"load_s", load_s},
                      {"repack_s", repack_s},
                      {"peak_rss_mb", rss},
                      {"model_file_mb", file_mb(o.file)},
                      {"kv_cache_mb", kv_mb},
                      {"repack", !o.no_repack},
                      {"repack_mode", o.no_repack        ? "off"
                                      : o.repack_at_load ? "at_load"
                                                         : "background"},
                      {"kernels", model::kernels::cpu_has_avx512_vnni()
                                      ? "avx512vnni"
                                      : model::kernel_isa_name(model::best_kernel_isa())}};
  if (o.json) {
    std::printf("%s\n", j.dump().c_str());
  } else {
    std::printf(
        "pp%lld %.2f tok/s, tg%lld %.2f tok/s, %.3f GB/token, bandwidth %.1f GB/s, "
        "roofline %.1f tok/s (%.0f%%), load %.2f s (repacked at %.2f s), peak RSS %.0f MB (file "
        "%.0f MB + KV %.0f MB)\n",
        static_cast<long long>(o.pp), median(pp), static_cast<long long>(o.tg), median(tg),
        bytes / 1e9, bw, bw * 1e9 / bytes, 100.0 * median(tg) / (bw * 1e9 / bytes), load_s,
        repack_s, rss, file_mb(o.file), kv_mb);
  }
  return Status::ok();
}

void add_bench_model(Cli& cli) {
  CLI::App* group = cli.group("bench", "Benchmarks that print machine-readable results");
  CLI::App* c = group->add_subcommand("model", "Prompt and generation speed of a GGUF model");
  auto o = std::make_shared<BenchOptions>();
  c->add_option("file", o->file, "GGUF model file")->required();
  c->add_option("--threads", o->threads, "compute threads")->capture_default_str();
  c->add_flag("--json", o->json, "print one JSON object");
  c->add_option("--pp", o->pp, "prompt tokens")->capture_default_str();
  c->add_option("--tg", o->tg, "generated tokens")->capture_default_str();
  c->add_option("--reps", o->reps, "repetitions (median reported)")->capture_default_str();
  c->add_option("--batch", o->batch, "prompt tokens per forward pass (longer prompts in chunks)")
      ->capture_default_str();
  c->add_flag("--no-repack", o->no_repack,
              "keep Q4_0, Q8_0, Q4_K and Q6_K matrices in the file's layout");
  c->add_flag("--repack-at-load", o->repack_at_load,
              "repack before the model is ready (default: in the background after)");
  c->callback([o] { report(bench(*o), "bench model"); });
}

}  // namespace

CHORUS_COMMANDS(add_bench_model);

}  // namespace chorus::app
