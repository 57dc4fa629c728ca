// Helpers for decoder tests: reading fixture files line by line and decoding them whole.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "base/env.h"
#include "stream/decoder.h"
#include "support/temp_dir.h"

namespace chorus::stream::testing_util {

// The path of a file in tests/stream/fixtures.
inline std::string fixture(const std::string& name) {
  return std::string(CHORUS_SOURCE_DIR) + "/tests/stream/fixtures/" + name;
}

// The shared data file data/<rel>, or "" when the shared folder or the file is absent.
inline std::string shared_data(const std::string& rel) {
  std::string dir = chorus::testing::shared_dir();
  if (dir.empty()) return "";
  std::string path = dir + "/data/" + rel;
  return Env::posix()->exists(path) ? path : "";
}

inline std::vector<std::string> read_lines(const std::string& path) {
  auto data = Env::posix()->read_file(path);
  EXPECT_TRUE(data.is_ok()) << path;
  std::vector<std::string> lines;
  if (!data.is_ok()) return lines;
  size_t start = 0;
  while (start < data->size()) {
    size_t nl = data->find('\n', start);
    if (nl == std::string::npos) nl = data->size();
    lines.push_back(data->substr(start, nl - start));
    start = nl + 1;
  }
  return lines;
}

struct Decoded {
  DecodeOutput out;
  std::vector<std::string> errors;  // "line N: reason", for records rejected whole
};

inline Decoded decode_lines(Decoder& d, const std::vector<std::string>& lines) {
  Decoded r;
  for (size_t i = 0; i < lines.size(); ++i) {
    size_t before = r.out.events.size();
    Status st = d.decode(lines[i], &r.out);
    if (!st.is_ok()) {
      EXPECT_EQ(st.code(), StatusCode::kInvalidArgument) << st.to_string();
      EXPECT_EQ(r.out.events.size(), before) << "a rejected record appended events";
      r.errors.push_back("line " + std::to_string(i + 1) + ": " + st.message());
    }
    for (size_t k = before; k < r.out.events.size(); ++k)
      EXPECT_TRUE(validate_event(r.out.events[k]).is_ok()) << "line " << i + 1;
  }
  return r;
}

inline size_t count_kind(const DecodeOutput& out, EventKind kind) {
  size_t n = 0;
  for (const auto& e : out.events) n += e.kind == kind;
  return n;
}

}  // namespace chorus::stream::testing_util
