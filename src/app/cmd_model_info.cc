// `chorus model info FILE [--json]`: a GGUF file's version, alignment, metadata, tensors and
// totals (see model/gguf/gguf_info.h for the JSON shape). A refused file prints
// "chorus model info: <message>" on stderr and exits 1.
#include <iostream>
#include <memory>
#include <string>

#include "app/commands.h"
#include "model/gguf/gguf.h"
#include "model/gguf/gguf_info.h"

namespace chorus::app {
namespace {

struct ModelInfoOptions {
  std::string file;
  bool json = false;
};

void run_model_info(const ModelInfoOptions& o) {
  auto f = model::GgufFile::open(o.file);
  if (!f.is_ok()) {
    std::cerr << "chorus model info: " << f.status().message() << "\n";
    set_exit_code(1);
    return;
  }
  std::cout << (o.json ? model::gguf_info_json(**f) : model::gguf_info_text(**f));
}

void add_model_info(Cli& cli) {
  CLI::App* model =
      cli.group("model", "Local LLM runtime: inspect, tokenize, run, benchmark GGUF models");
  CLI::App* info = model->add_subcommand("info", "Show a GGUF file's metadata, tensors and totals");
  auto opts = std::make_shared<ModelInfoOptions>();
  info->add_option("file", opts->file, "GGUF model file")->required();
  info->add_flag("--json", opts->json, "print one JSON document");
  info->callback([opts] { run_model_info(*opts); });
}

}  // namespace

CHORUS_COMMANDS(add_model_info);

}  // namespace chorus::app
