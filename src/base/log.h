// Process-wide logging setup. Code logs through spdlog's free functions (spdlog::info, ...);
// this chooses the level and the format: human-readable on a terminal, or JSON lines on stderr
// for servers.
#pragma once

#include <string_view>

#include "base/status.h"

namespace chorus {

// level: trace, debug, info, warn, error, off. json: one JSON object per line.
Status init_logging(std::string_view level, bool json);

}  // namespace chorus
