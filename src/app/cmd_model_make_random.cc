// `chorus model make-random --arch llama|qwen2 --dim D --layers L --heads H --kv-heads K --ffn F
//  --type T [--vocab-from GGUF] [--seed S] --out FILE`: writes a random-weight GGUF model of the
// given shape (see model/runtime/random_model.h) for benchmarks and reference comparisons.
#include <iostream>
#include <memory>
#include <string>

#include "app/commands.h"
#include "model/gguf/gguf.h"
#include "model/runtime/random_model.h"

namespace chorus::app {
namespace {

struct MakeRandomOptions {
  model::RandomModelSpec spec;
  std::string vocab_from;
  std::string out;
};

void run_make_random(MakeRandomOptions& o) {
  std::unique_ptr<model::GgufFile> vocab;
  if (!o.vocab_from.empty()) {
    auto f = model::GgufFile::open(o.vocab_from);
    if (!report(f.status().with_context("--vocab-from " + o.vocab_from), "model make-random"))
      return;
    vocab = std::move(f).value();
    o.spec.vocab_from = vocab.get();
  }
  if (!report(model::write_random_model(o.spec, o.out), "model make-random")) return;
  std::cout << "wrote " << o.out << "\n";
}

void add_make_random(Cli& cli) {
  CLI::App* model =
      cli.group("model", "Local LLM runtime: inspect, tokenize, run, benchmark GGUF models");
  CLI::App* c = model->add_subcommand("make-random", "Write a random-weight GGUF model");
  auto o = std::make_shared<MakeRandomOptions>();
  c->add_option("--arch", o->spec.arch, "llama or qwen2")->capture_default_str();
  c->add_option("--dim", o->spec.dim, "embedding width")->required();
  c->add_option("--layers", o->spec.layers, "transformer blocks")->required();
  c->add_option("--heads", o->spec.heads, "attention heads")->required();
  c->add_option("--kv-heads", o->spec.kv_heads, "key/value heads")->required();
  c->add_option("--ffn", o->spec.ffn, "feed-forward width")->required();
  c->add_option("--type", o->spec.type,
                "F32, F16, BF16, Q4_0, Q4_1, Q5_0, Q8_0, Q4_K, Q5_K, Q6_K, Q4_K_M, Q5_K_M")
      ->capture_default_str();
  c->add_option("--vocab-from", o->vocab_from, "copy the tokenizer.* keys of this GGUF");
  c->add_option("--seed", o->spec.seed, "random seed")->capture_default_str();
  c->add_option("--context", o->spec.context, "context_length to record")->capture_default_str();
  c->add_option("--out", o->out, "output file")->required();
  c->callback([o] { run_make_random(*o); });
}

}  // namespace

CHORUS_COMMANDS(add_make_random);

}  // namespace chorus::app
