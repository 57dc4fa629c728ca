// `chorus model tokenize FILE [--add-special] [--parse-special]`: token ids of the UTF-8 text on
// stdin, separated by single spaces, then a newline (an empty line when there are none).
//
// The text is all of stdin, byte for byte: nothing is trimmed, so a trailing newline is part of
// the text and is tokenized. To tokenize one entry of a llama.cpp .inp file, write exactly the
// bytes between separators (`printf '%s' "$entry" | chorus model tokenize F`).
// By default no BOS/EOS is added and special-token text is tokenized as plain text, as llama.cpp's
// test-tokenizer-0 does; --add-special adds BOS/EOS as the vocabulary says, --parse-special turns
// the text of control tokens ("<|im_end|>") into those tokens.
#include <cstdio>
#include <iostream>
#include <iterator>
#include <memory>
#include <string>

#include "app/commands.h"
#include "model/gguf/gguf.h"
#include "model/tokenizer/tokenizer.h"

namespace chorus::app {
namespace {

struct TokenizeOptions {
  std::string file;
  bool add_special = false;
  bool parse_special = false;
};

Status tokenize(const TokenizeOptions& o) {
  CHORUS_ASSIGN_OR_RETURN(auto file, model::GgufFile::open(o.file));
  CHORUS_ASSIGN_OR_RETURN(model::Tokenizer tok, model::Tokenizer::from_gguf(*file));
  std::string text((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
  if (std::cin.bad()) return io_error("reading stdin failed");
  const std::vector<int32_t> ids = tok.encode(text, o.add_special, o.parse_special);
  std::string line;
  for (size_t i = 0; i < ids.size(); ++i) {
    if (i > 0) line += ' ';
    line += std::to_string(ids[i]);
  }
  line += '\n';
  std::fwrite(line.data(), 1, line.size(), stdout);
  return Status::ok();
}

void add_model_tokenize(Cli& cli) {
  CLI::App* model =
      cli.group("model", "Local LLM runtime: inspect, tokenize, run, benchmark GGUF models");
  CLI::App* cmd = model->add_subcommand(
      "tokenize", "Print the token ids of the text on stdin (all of it, verbatim)");
  auto opts = std::make_shared<TokenizeOptions>();
  cmd->add_option("file", opts->file, "GGUF model or vocabulary file")->required();
  cmd->add_flag("--add-special", opts->add_special, "add BOS/EOS as the vocabulary says");
  cmd->add_flag("--parse-special", opts->parse_special,
                "match the text of special tokens such as <|im_end|>");
  cmd->callback([opts] { report(tokenize(*opts), "model tokenize"); });
}

}  // namespace

CHORUS_COMMANDS(add_model_tokenize);

}  // namespace chorus::app
