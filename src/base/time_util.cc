#include "base/time_util.h"

#include <charconv>
#include <cstdio>

namespace chorus {
namespace {

// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void civil_from_days(int64_t z, int64_t* y, unsigned* m, unsigned* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = static_cast<int64_t>(yoe) + era * 400 + (*m <= 2);
}

bool read_int(std::string_view s, size_t& i, size_t digits, int* out) {
  if (i + digits > s.size()) return false;
  int v = 0;
  for (size_t k = 0; k < digits; ++k) {
    char c = s[i + k];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  i += digits;
  *out = v;
  return true;
}

}  // namespace

Result<int64_t> parse_duration_ms(std::string_view s) {
  if (s.empty()) return invalid_argument("empty duration");
  int64_t total = 0;
  size_t i = 0;
  while (i < s.size()) {
    size_t start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    if (i == start) return invalid_argument("bad duration '" + std::string(s) + "'");
    int64_t n = 0;
    std::from_chars(s.data() + start, s.data() + i, n);
    size_t ustart = i;
    while (i < s.size() && !(s[i] >= '0' && s[i] <= '9')) ++i;
    std::string_view unit = s.substr(ustart, i - ustart);
    int64_t mul;
    if (unit == "ms")
      mul = 1;
    else if (unit.empty() || unit == "s")
      mul = 1000;
    else if (unit == "m" || unit == "min")
      mul = 60'000;
    else if (unit == "h")
      mul = 3'600'000;
    else if (unit == "d")
      mul = 86'400'000;
    else if (unit == "w")
      mul = 7 * 86'400'000LL;
    else
      return invalid_argument("bad duration unit '" + std::string(unit) + "' in '" +
                              std::string(s) + "'");
    if (n > (INT64_MAX / 2) / mul) return invalid_argument("duration too large: " + std::string(s));
    total += n * mul;
  }
  return total;
}

Result<int64_t> parse_time_ms(std::string_view s) {
  auto bad = [&](const char* why) {
    return invalid_argument(std::string("bad time '") + std::string(s) + "': " + why);
  };
  if (s.empty()) return bad("empty");
  bool all_digits = true;
  for (char c : s) all_digits &= (c >= '0' && c <= '9') || c == '-';
  if (all_digits && s.find('-', 1) == std::string_view::npos) {
    int64_t v = 0;
    auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    if (r.ec != std::errc() || r.ptr != s.data() + s.size()) return bad("not a number");
    return v;
  }
  size_t i = 0;
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0, ms = 0;
  if (!read_int(s, i, 4, &y) || i >= s.size() || s[i++] != '-' || !read_int(s, i, 2, &mo) ||
      i >= s.size() || s[i++] != '-' || !read_int(s, i, 2, &d))
    return bad("expected YYYY-MM-DD");
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return bad("date out of range");
  int64_t offset_ms = 0;
  if (i < s.size()) {
    if (s[i] != 'T' && s[i] != 't' && s[i] != ' ') return bad("expected T after the date");
    ++i;
    if (!read_int(s, i, 2, &h) || i >= s.size() || s[i++] != ':' || !read_int(s, i, 2, &mi))
      return bad("expected hh:mm");
    if (i < s.size() && s[i] == ':') {
      ++i;
      if (!read_int(s, i, 2, &sec)) return bad("expected seconds");
    }
    if (i < s.size() && s[i] == '.') {
      ++i;
      size_t start = i;
      int frac = 0, digits = 0;
      while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
        if (digits < 3) frac = frac * 10 + (s[i] - '0'), ++digits;
        ++i;
      }
      if (i == start) return bad("empty fraction");
      while (digits < 3) frac *= 10, ++digits;
      ms = frac;
    }
    if (h > 23 || mi > 59 || sec > 60) return bad("time out of range");
    if (i < s.size()) {
      char z = s[i];
      if (z == 'Z' || z == 'z') {
        ++i;
      } else if (z == '+' || z == '-') {
        ++i;
        int oh = 0, om = 0;
        if (!read_int(s, i, 2, &oh)) return bad("bad zone offset");
        if (i < s.size() && s[i] == ':') ++i;
        if (i < s.size() && !read_int(s, i, 2, &om)) return bad("bad zone offset");
        offset_ms = (oh * 60 + om) * 60'000LL * (z == '+' ? 1 : -1);
      } else {
        return bad("unexpected characters after the time");
      }
    }
    if (i != s.size()) return bad("trailing characters");
  }
  int64_t days = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  return ((days * 24 + h) * 60 + mi) * 60'000LL + sec * 1000LL + ms - offset_ms;
}

Result<int64_t> parse_time_bound_ms(std::string_view s, int64_t now_ms) {
  bool looks_duration = !s.empty() && s.find('-') == std::string_view::npos &&
                        s.find(':') == std::string_view::npos && s.size() < 12;
  if (looks_duration) {
    auto d = parse_duration_ms(s);
    if (d) return now_ms - *d;
  }
  return parse_time_ms(s);
}

std::string format_time_iso(int64_t ms) {
  int64_t days = ms >= 0 ? ms / 86'400'000 : -((-ms + 86'399'999) / 86'400'000);
  int64_t rem = ms - days * 86'400'000;
  int64_t y;
  unsigned m, d;
  civil_from_days(days, &y, &m, &d);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lld.%03lldZ",
                static_cast<long long>(y), m, d, static_cast<long long>(rem / 3'600'000),
                static_cast<long long>(rem / 60'000 % 60), static_cast<long long>(rem / 1000 % 60),
                static_cast<long long>(rem % 1000));
  return buf;
}

}  // namespace chorus
