// The `chorus` command line. Subcommands come from the cmd_*.cc files (see commands.h).
#include <cstdio>
#include <iostream>
#include <vector>

#include "app/commands.h"
#include "base/log.h"

namespace chorus::app {
namespace {

std::vector<CommandsFn>& registry() {
  static std::vector<CommandsFn> fns;
  return fns;
}
int g_exit_code = 0;

}  // namespace

int register_commands(CommandsFn fn) {
  registry().push_back(fn);
  return static_cast<int>(registry().size());
}

CLI::App* Cli::group(const std::string& name, const std::string& description) {
  for (CLI::App* sub : root_.get_subcommands([](CLI::App*) { return true; }))
    if (sub->get_name() == name) return sub;
  CLI::App* g = root_.add_subcommand(name, description);
  g->require_subcommand(1);
  return g;
}

void set_exit_code(int code) { g_exit_code = code; }
int exit_code() { return g_exit_code; }

bool report(const Status& s, std::string_view command) {
  if (s.is_ok()) return true;
  std::cerr << "chorus " << command << ": " << s.to_string() << "\n";
  set_exit_code(1);
  return false;
}

}  // namespace chorus::app

int main(int argc, char** argv) {
  CLI::App app{"Chorus: a live social stream, indexed in milliseconds, answered with sources."};
  app.require_subcommand(1);
  app.set_version_flag("--version", "chorus 0.1.0");
  std::string log_level = "warn";
  bool log_json = false;
  app.add_option("--log-level", log_level, "trace, debug, info, warn, error or off");
  app.add_flag("--log-json", log_json, "log JSON lines on stderr");
  app.parse_complete_callback([&] {
    chorus::Status s = chorus::init_logging(log_level, log_json);
    if (!s.is_ok()) throw CLI::ValidationError("--log-level", s.message());
  });
  chorus::app::Cli cli(app);
  for (auto fn : chorus::app::registry()) fn(cli);
  CLI11_PARSE(app, argc, argv);
  return chorus::app::exit_code();
}
