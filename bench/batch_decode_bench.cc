// Continuous batching vs interleaving: aggregate decode tokens/s of 1, 4 and 16 concurrent
// sequences on one random-weight model (as `chorus model make-random` writes), decoded (a) one
// sequence per forward pass, round-robin — the local engine before batching — and (b) the next
// token of every sequence in one BatchDecoder pass. Both run in the same process on the same
// model and prompts, greedy; the JSON gives both figures, the ratio and whether the generated
// ids agree (they must).
//
// Usage: batch_decode_bench [--threads N] [--steps S] [--type Q8_0|F16|Q4_K_M|...]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <unistd.h>

#include "model/runtime/batch_decoder.h"
#include "model/runtime/model.h"
#include "model/runtime/random_model.h"
#include "model/runtime/session.h"

namespace {

using namespace chorus;
using namespace chorus::model;

int32_t argmax(std::span<const float> v) {
  size_t best = 0;
  for (size_t i = 1; i < v.size(); ++i)
    if (v[i] > v[best]) best = i;
  return static_cast<int32_t>(best);
}

double now_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

struct Run {
  double seconds = 0;
  std::vector<std::vector<int32_t>> ids;  // per sequence
};

// b fresh sessions, prompt i = {1, 10 + i, 20 + i}, then `steps` greedy decode steps each.
Result<Run> run(const Model& m, int b, int steps, bool batched) {
  std::vector<std::unique_ptr<Session>> sessions;
  std::vector<int32_t> next;
  for (int i = 0; i < b; ++i) {
    CHORUS_ASSIGN_OR_RETURN(auto s, m.new_session(steps + 8));
    const std::vector<int32_t> prompt = {1, 10 + i, 20 + i};
    CHORUS_ASSIGN_OR_RETURN(std::span<const float> l, s->prefill(prompt));
    next.push_back(argmax(l));
    sessions.push_back(std::move(s));
  }
  Run r;
  r.ids.resize(static_cast<size_t>(b));
  BatchDecoder dec(m);
  std::vector<SeqStep> batch(static_cast<size_t>(b));
  const size_t vocab = static_cast<size_t>(m.config().vocab_size);
  const double t0 = now_seconds();
  for (int step = 0; step < steps; ++step) {
    for (size_t i = 0; i < sessions.size(); ++i) r.ids[i].push_back(next[i]);
    if (batched) {
      for (size_t i = 0; i < sessions.size(); ++i) batch[i] = {sessions[i].get(), next[i]};
      CHORUS_ASSIGN_OR_RETURN(std::span<const float> rows, dec.decode(batch));
      for (size_t i = 0; i < sessions.size(); ++i) next[i] = argmax(rows.subspan(i * vocab, vocab));
    } else {
      for (size_t i = 0; i < sessions.size(); ++i) {
        CHORUS_ASSIGN_OR_RETURN(std::span<const float> l, sessions[i]->decode(next[i]));
        next[i] = argmax(l);
      }
    }
  }
  r.seconds = now_seconds() - t0;
  return r;
}

int fail(const Status& s) {
  std::fprintf(stderr, "batch_decode_bench: %s\n", s.to_string().c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  int threads = 1, steps = 16;
  RandomModelSpec spec;
  spec.dim = 1024;
  spec.layers = 6;
  spec.heads = 8;
  spec.kv_heads = 4;
  spec.ffn = 2816;
  spec.type = "Q8_0";
  spec.context = 512;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--threads"))
      threads = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--steps"))
      steps = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--type"))
      spec.type = argv[i + 1];
  }
  if (threads < 1 || steps < 1) return fail(invalid_argument("--threads and --steps: >= 1"));
  char dir[] = "/tmp/batch_decode_bench.XXXXXX";
  if (mkdtemp(dir) == nullptr) return fail(io_error("mkdtemp failed"));
  const std::string path = std::string(dir) + "/random.gguf";
  Status st = write_random_model(spec, path);
  if (!st.is_ok()) return fail(st);
  ModelOptions o;
  o.threads = threads;
  auto model = Model::load(path, o);
  std::remove(path.c_str());
  rmdir(dir);
  if (!model.is_ok()) return fail(model.status());
  (*model)->wait_repacked();  // time the final weights, not the background repack
  std::printf(
      "{\"model\": {\"dim\": %lld, \"layers\": %lld, \"ffn\": %lld, \"type\": \"%s\", "
      "\"weight_bytes\": %zu}, \"threads\": %d, \"steps\": %d, \"cases\": [",
      static_cast<long long>(spec.dim), static_cast<long long>(spec.layers),
      static_cast<long long>(spec.ffn), spec.type.c_str(),
      static_cast<size_t>((*model)->file().file_size()), threads, steps);
  const int sizes[] = {1, 4, 16};
  for (size_t k = 0; k < 3; ++k) {
    const int b = sizes[k];
    auto inter = run(**model, b, steps, false);
    auto batch = run(**model, b, steps, true);
    if (!inter.is_ok()) return fail(inter.status());
    if (!batch.is_ok()) return fail(batch.status());
    const double tokens = static_cast<double>(b) * steps;
    const double ti = tokens / inter->seconds, tb = tokens / batch->seconds;
    std::printf(
        "%s\n  {\"sequences\": %d, \"interleaved_tokens_per_s\": %.1f, "
        "\"batched_tokens_per_s\": %.1f, \"ratio\": %.2f, \"same_tokens\": %s}",
        k ? "," : "", b, ti, tb, tb / ti, inter->ids == batch->ids ? "true" : "false");
  }
  std::printf("\n]}\n");
  return 0;
}
