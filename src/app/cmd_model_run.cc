// `chorus model run FILE -p PROMPT [-n N] [--temp T] [--seed S] [--ids] [--threads N] [--repack
// M]`: encodes the prompt (with BOS as the vocabulary asks), generates up to N tokens and streams
// the text to stdout, or with --ids the generated token ids, one line, space-separated. Timings go
// to stderr with --verbose.
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>

#include "app/commands.h"
#include "app/model_load_flags.h"
#include "app/model_sampling_flags.h"
#include "model/runtime/generate.h"
#include "model/runtime/model.h"
#include "model/runtime/session.h"
#include "model/tokenizer/tokenizer.h"

namespace chorus::app {
namespace {

struct RunOptions {
  std::string file;
  std::string prompt;
  int64_t n = 128;
  int threads = 1;
  int64_t context = 0;
  bool ids = false;
  bool verbose = false;
  model::SamplerParams sampling;
  std::string repack = "background";
};

Status run_model(const RunOptions& o) {
  CHORUS_RETURN_IF_ERROR(o.sampling.validate());
  model::ModelOptions mo;
  mo.threads = o.threads;
  mo.repack = repack_mode(o.repack);
  CHORUS_ASSIGN_OR_RETURN(auto m, model::Model::load(o.file, mo));
  CHORUS_ASSIGN_OR_RETURN(model::Tokenizer tok, model::Tokenizer::from_gguf(m->file()));
  std::vector<int32_t> prompt = tok.encode(o.prompt, true, false);
  if (prompt.empty()) return invalid_argument("-p: the prompt encodes to no tokens");
  const int64_t context = o.context > 0 ? o.context : static_cast<int64_t>(prompt.size()) + o.n + 1;
  CHORUS_ASSIGN_OR_RETURN(auto session, m->new_session(context));
  model::Sampler sampler(o.sampling);
  model::GenerateOptions go;
  go.max_tokens = o.n;
  bool first = true;
  auto on_text = [&](std::string_view text) {
    if (!o.ids) {
      std::fwrite(text.data(), 1, text.size(), stdout);
      std::fflush(stdout);
    }
    return true;
  };
  auto on_token = [&](int32_t id) {
    if (!o.ids) return;
    std::printf(first ? "%d" : " %d", id);
    std::fflush(stdout);
    first = false;
  };
  CHORUS_ASSIGN_OR_RETURN(model::GenerateResult r,
                          model::generate(*session, sampler, tok, prompt, go, on_text, on_token));
  std::printf("\n");
  if (o.verbose)
    std::fprintf(stderr, "prompt %lld tokens %.1f tok/s, generated %zu tokens %.1f tok/s (%s)\n",
                 static_cast<long long>(r.prompt_tokens), r.prompt_tokens / r.prompt_seconds,
                 r.ids.size(), r.ids.size() / std::max(1e-9, r.decode_seconds),
                 r.finish_reason.c_str());
  return Status::ok();
}

void add_model_run(Cli& cli) {
  CLI::App* model =
      cli.group("model", "Local LLM runtime: inspect, tokenize, run, benchmark GGUF models");
  CLI::App* c = model->add_subcommand("run", "Generate text from a prompt");
  auto o = std::make_shared<RunOptions>();
  c->add_option("file", o->file, "GGUF model file")->required();
  c->add_option("-p,--prompt", o->prompt, "prompt text")->required();
  c->add_option("-n", o->n, "tokens to generate")->capture_default_str();
  c->add_option("--threads", o->threads, "compute threads")->capture_default_str();
  add_repack_flag(c, o->repack);
  c->add_option("--ctx", o->context, "context size (default: prompt + n)");
  c->add_flag("--ids", o->ids, "print the generated token ids instead of text");
  c->add_flag("--verbose", o->verbose, "print timings on stderr");
  add_sampling_flags(c, o->sampling);
  c->callback([o] { report(run_model(*o), "model run"); });
}

}  // namespace

CHORUS_COMMANDS(add_model_run);

}  // namespace chorus::app
