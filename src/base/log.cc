#include "base/log.h"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "base/json_log_formatter.h"

namespace chorus {

Status init_logging(std::string_view level, bool json) {
  auto lvl = spdlog::level::from_str(std::string(level));
  if (lvl == spdlog::level::off && level != "off")
    return invalid_argument("unknown log level '" + std::string(level) + "'");
  spdlog::drop("chorus");  // init_logging may run again (a command refining the root's flags)
  auto logger = spdlog::stderr_logger_mt("chorus");
  spdlog::set_default_logger(logger);
  spdlog::set_level(lvl);
  if (json) {
    spdlog::set_formatter(make_json_log_formatter());
  } else {
    spdlog::set_pattern("%H:%M:%S.%e %^%l%$ %v");
  }
  return Status::ok();
}

}  // namespace chorus
