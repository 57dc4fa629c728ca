// JSON-lines log formatting for spdlog: make_json_log_formatter() returns a formatter that writes
// each record as one JSON object {"ts":"2024-03-01T12:00:00.123Z","level":"info","msg":"..."}
// with the message escaped as a JSON string (quotes, backslashes, control characters; invalid
// UTF-8 bytes become U+FFFD), so any message yields one valid JSON line.
#pragma once

#include <spdlog/formatter.h>

#include <memory>
#include <string>
#include <string_view>

namespace chorus {

std::unique_ptr<spdlog::formatter> make_json_log_formatter();

// Appends `s` as the body of a JSON string (without the quotes) to `out`.
void append_json_escaped(std::string_view s, std::string* out);

}  // namespace chorus
