// How command files plug into the `chorus` binary.
//
// Each src/app/cmd_*.cc file defines its subcommands in a function and registers it with
// CHORUS_COMMANDS(fn). The files are linked straight into the executable, so registration runs
// before main(). A command's callback reports its exit status with set_exit_code(); errors go to
// stderr as "chorus <command>: <message>".
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "base/status.h"

namespace chorus::app {

class Cli {
 public:
  explicit Cli(CLI::App& root) : root_(root) {}
  CLI::App& root() { return root_; }
  // The subcommand `name` of the root, created on first use (for groups such as `bench`,
  // `model`, `eval` that several files add to).
  CLI::App* group(const std::string& name, const std::string& description);

 private:
  CLI::App& root_;
};

using CommandsFn = void (*)(Cli&);
int register_commands(CommandsFn fn);

void set_exit_code(int code);
int exit_code();
// Prints "chorus: <status>" to stderr and sets exit code 1 when `s` is not ok; returns s.is_ok().
bool report(const Status& s, std::string_view command);

}  // namespace chorus::app

#define CHORUS_COMMANDS_CAT2(a, b) a##b
#define CHORUS_COMMANDS_CAT(a, b) CHORUS_COMMANDS_CAT2(a, b)
#define CHORUS_COMMANDS(fn)                                             \
  static const int CHORUS_COMMANDS_CAT(chorus_commands_, __COUNTER__) = \
      ::chorus::app::register_commands(fn)
