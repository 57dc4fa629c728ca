// Parsing and formatting of durations and timestamps. All times are milliseconds since the Unix
// epoch (UTC); all durations are milliseconds.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"

namespace chorus {

// "500ms", "30s", "5m", "1h", "7d", "2w", or a bare number of seconds. Compound forms such as
// "1h30m" are accepted.
Result<int64_t> parse_duration_ms(std::string_view s);

// RFC 3339 / ISO 8601 ("2024-03-01T12:00:00Z", "2024-03-01T12:00:00.123+02:00", "2024-03-01"),
// or an integer of epoch milliseconds.
Result<int64_t> parse_time_ms(std::string_view s);

// A time bound for filters: an absolute time as above, or a duration meaning "that long before
// now_ms" ("1h").
Result<int64_t> parse_time_bound_ms(std::string_view s, int64_t now_ms);

// "2024-03-01T12:00:00.123Z".
std::string format_time_iso(int64_t ms);

}  // namespace chorus
