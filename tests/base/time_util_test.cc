#include "base/time_util.h"

#include <gtest/gtest.h>

namespace chorus {
namespace {

TEST(TimeUtil, Durations) {
  EXPECT_EQ(*parse_duration_ms("1h"), 3'600'000);
  EXPECT_EQ(*parse_duration_ms("90s"), 90'000);
  EXPECT_EQ(*parse_duration_ms("1h30m"), 5'400'000);
  EXPECT_EQ(*parse_duration_ms("250ms"), 250);
  EXPECT_EQ(*parse_duration_ms("2d"), 172'800'000);
  EXPECT_FALSE(parse_duration_ms("").is_ok());
  EXPECT_FALSE(parse_duration_ms("5y").is_ok());
  EXPECT_FALSE(parse_duration_ms("h").is_ok());
}

TEST(TimeUtil, Timestamps) {
  EXPECT_EQ(*parse_time_ms("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(*parse_time_ms("2024-03-01T12:00:00.123Z"), 1709294400123);
  EXPECT_EQ(*parse_time_ms("2024-03-01T14:00:00+02:00"), 1709294400000);
  EXPECT_EQ(*parse_time_ms("2024-03-01"), 1709251200000);
  EXPECT_EQ(*parse_time_ms("1709294400123"), 1709294400123);
  EXPECT_FALSE(parse_time_ms("2024-13-01").is_ok());
  EXPECT_FALSE(parse_time_ms("yesterday").is_ok());
  EXPECT_FALSE(parse_time_ms("2024-03-01T12:00:00Zjunk").is_ok());
}

TEST(TimeUtil, FormatRoundTrips) {
  for (int64_t t : {0LL, 1709294400123LL, 951782400000LL, -86400000LL}) {
    EXPECT_EQ(*parse_time_ms(format_time_iso(t)), t) << format_time_iso(t);
  }
  EXPECT_EQ(format_time_iso(1709294400123), "2024-03-01T12:00:00.123Z");
}

TEST(TimeUtil, Bounds) {
  EXPECT_EQ(*parse_time_bound_ms("1h", 10'000'000), 10'000'000 - 3'600'000);
  EXPECT_EQ(*parse_time_bound_ms("2024-03-01", 0), 1709251200000);
}

}  // namespace
}  // namespace chorus
