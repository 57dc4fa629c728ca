// `chorus model chat FILE [--system TEXT] [--template NAME] [--threads N] [-n N] [sampling]`:
// an interactive chat on stdin/stdout. Each line is a user turn; the conversation is rendered
// with the model's chat template (recognized from tokenizer.chat_template, ChatML otherwise, or
// forced with --template) and the session reuses the KV of the turns already evaluated.
// "/reset" starts over; end of input quits.
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "app/commands.h"
#include "app/model_load_flags.h"
#include "app/model_sampling_flags.h"
#include "model/runtime/chat_template.h"
#include "model/runtime/generate.h"
#include "model/runtime/model.h"
#include "model/runtime/session.h"
#include "model/tokenizer/tokenizer.h"

namespace chorus::app {
namespace {

struct ChatOptions {
  std::string file;
  std::string system;
  std::string format;
  int threads = 1;
  int64_t n = 512;
  int64_t context = 4096;
  model::SamplerParams sampling;
  std::string repack = "background";
};

Result<model::ChatFormat> pick_format(const ChatOptions& o, const model::GgufFile& f) {
  if (!o.format.empty()) return model::chat_format_from_name(o.format);
  std::string_view tmpl;
  if (f.find("tokenizer.chat_template") != nullptr) {
    CHORUS_ASSIGN_OR_RETURN(tmpl, f.get_string("tokenizer.chat_template"));
  }
  return model::detect_chat_format(tmpl, false);
}

Status chat(const ChatOptions& o) {
  CHORUS_RETURN_IF_ERROR(o.sampling.validate());
  model::ModelOptions mo;
  mo.threads = o.threads;
  mo.repack = repack_mode(o.repack);
  CHORUS_ASSIGN_OR_RETURN(auto m, model::Model::load(o.file, mo));
  CHORUS_ASSIGN_OR_RETURN(model::Tokenizer tok, model::Tokenizer::from_gguf(m->file()));
  CHORUS_ASSIGN_OR_RETURN(model::ChatFormat format, pick_format(o, m->file()));
  CHORUS_ASSIGN_OR_RETURN(auto session,
                          m->new_session(std::min(o.context, m->config().context_length)));
  std::fprintf(stderr, "chat format %s; /reset to start over, end of input to quit\n",
               std::string(model::chat_format_name(format)).c_str());
  std::vector<model::ChatMessage> messages;
  if (!o.system.empty()) messages.push_back({"system", o.system});
  model::GenerateOptions go;
  go.max_tokens = o.n;
  go.stop = model::chat_stop_strings(format);
  std::string line;
  while (std::fputs("> ", stderr), std::getline(std::cin, line)) {
    if (line == "/reset") {
      messages.resize(o.system.empty() ? 0 : 1);
      continue;
    }
    messages.push_back({"user", line});
    CHORUS_ASSIGN_OR_RETURN(std::string text, model::render_chat(format, messages, true));
    const std::vector<int32_t> prompt = tok.encode(text, true, true);
    model::Sampler sampler(o.sampling);
    auto on_text = [](std::string_view t) {
      std::fwrite(t.data(), 1, t.size(), stdout);
      std::fflush(stdout);
      return true;
    };
    Result<model::GenerateResult> r = model::generate(*session, sampler, tok, prompt, go, on_text);
    if (!r.is_ok()) {
      std::fprintf(stderr, "\n%s\n", r.status().to_string().c_str());
      messages.pop_back();
      continue;
    }
    std::printf("\n");
    messages.push_back({"assistant", r->text});
  }
  return Status::ok();
}

void add_model_chat(Cli& cli) {
  CLI::App* model =
      cli.group("model", "Local LLM runtime: inspect, tokenize, run, benchmark GGUF models");
  CLI::App* c = model->add_subcommand("chat", "Chat with a model on the terminal");
  auto o = std::make_shared<ChatOptions>();
  c->add_option("file", o->file, "GGUF model file")->required();
  c->add_option("--system", o->system, "system prompt");
  c->add_option("--template", o->format, "llama2, llama3, chatml, mistral, phi3 or zephyr");
  c->add_option("--threads", o->threads, "compute threads")->capture_default_str();
  add_repack_flag(c, o->repack);
  c->add_option("-n", o->n, "maximum tokens per reply")->capture_default_str();
  c->add_option("--ctx", o->context, "context size")->capture_default_str();
  add_sampling_flags(c, o->sampling);
  c->callback([o] { report(chat(*o), "model chat"); });
}

}  // namespace

CHORUS_COMMANDS(add_model_chat);

}  // namespace chorus::app
