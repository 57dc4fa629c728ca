// Helpers shared by the post log tests: deterministic payloads and a replay collector.
#pragma once

#include <cstdint>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "base/env.h"
#include "index/log_format.h"
#include "index/post_log.h"

namespace chorus::index::testing {

// A payload that is a pure function of `seq`, 20 to ~320 bytes, so any record can be verified.
inline std::string payload_for(uint64_t seq) {
  std::string p = "record-" + std::to_string(seq) + ":";
  size_t extra = 13 + (seq * 7919) % 300;
  for (size_t i = 0; i < extra; ++i) p += static_cast<char>('a' + (seq + i * 31) % 26);
  return p;
}

struct Replayed {
  uint64_t seq;
  LogLocator where;
  std::string payload;
};

struct Reopened {
  std::unique_ptr<PostLog> log;
  std::vector<Replayed> records;
  RecoveryReport report;
  Status status;
};

inline Reopened reopen(Env* env, const std::string& dir, LogOptions options = {}) {
  Reopened r;
  auto fn = [&r](uint64_t seq, LogLocator where, std::string_view payload) {
    r.records.push_back({seq, where, std::string(payload)});
    return Status::ok();
  };
  auto log = PostLog::open(env, dir, options, fn, &r.report);
  r.status = log.status();
  if (log.is_ok()) r.log = std::move(log).value();
  return r;
}

inline std::string log_path(const std::string& dir, uint32_t number) {
  return join_path(dir, log_format::file_name(number));
}

// Overwrites one byte of a file in place.
inline void flip_byte(const std::string& path, uint64_t offset) {
  std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
  ASSERT_TRUE(f.good()) << path;
  f.seekg(static_cast<std::streamoff>(offset));
  char c = 0;
  f.read(&c, 1);
  c = static_cast<char>(c ^ 0x5a);
  f.seekp(static_cast<std::streamoff>(offset));
  f.write(&c, 1);
}

inline void append_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream f(path, std::ios::app | std::ios::binary);
  f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

}  // namespace chorus::index::testing
