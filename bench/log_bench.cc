// log_bench: post log append throughput. Prints one JSON object.
//
//   log_bench [--dir DIR] [--records N] [--payload BYTES]
//
// appends_per_s      one append() per record, kInterval with 10 ms group commit, one thread
// batch_appends_per_s  append_batch() of 64 records, same settings
// always_appends_per_s kAlways (fsync per acknowledgement), one thread
// always_4t_appends_per_s kAlways, four threads sharing group commits
// reads_per_s        read() of 200k earlier records in scattered order (page cache warm)
// raw_write_per_s    the peer: one WritableFile::append (a write syscall) of the same record
//                    bytes, no log; ratio_vs_raw_write = appends_per_s / raw_write_per_s
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "base/env.h"
#include "index/post_log.h"

namespace {

using chorus::Env;
using chorus::index::LogOptions;
using chorus::index::PostLog;

struct Args {
  std::string dir;
  uint64_t records = 1'000'000;
  size_t payload = 200;
};

Args parse(int argc, char** argv) {
  Args a;
  const char* tmp = std::getenv("TMPDIR");
  a.dir = std::string(tmp && *tmp ? tmp : "/tmp") + "/chorus-log-bench";
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--dir")) a.dir = argv[i + 1];
    if (!std::strcmp(argv[i], "--records")) a.records = std::strtoull(argv[i + 1], nullptr, 10);
    if (!std::strcmp(argv[i], "--payload")) a.payload = std::strtoull(argv[i + 1], nullptr, 10);
  }
  return a;
}

void clear_dir(Env* env, const std::string& dir) {
  (void)env->create_dirs(dir);
  auto names = env->list_dir(dir);
  if (!names.is_ok()) return;
  for (const auto& n : *names) (void)env->remove_file(chorus::join_path(dir, n));
}

[[noreturn]] void die(const chorus::Status& st) {
  std::fprintf(stderr, "log_bench: %s\n", st.to_string().c_str());
  std::exit(1);
}

std::unique_ptr<PostLog> open_log(Env* env, const std::string& dir, LogOptions::Sync sync) {
  clear_dir(env, dir);
  LogOptions o;
  o.sync = sync;
  o.sync_interval_ms = 10;
  auto log = PostLog::open(env, dir, o, {}, nullptr);
  if (!log.is_ok()) die(log.status());
  return std::move(log).value();
}

// Runs `body(n)` and returns operations per second for n operations.
template <typename F>
double rate(Env* env, uint64_t n, F body) {
  int64_t t0 = env->monotonic_ns();
  body(n);
  int64_t t1 = env->monotonic_ns();
  return static_cast<double>(n) * 1e9 / static_cast<double>(std::max<int64_t>(t1 - t0, 1));
}

double bench_single(Env* env, const Args& a, const std::string& payload) {
  auto log = open_log(env, a.dir, LogOptions::Sync::kInterval);
  double r = rate(env, a.records, [&](uint64_t n) {
    for (uint64_t i = 0; i < n; ++i) {
      auto st = log->append(payload);
      if (!st.is_ok()) die(st.status());
    }
    if (auto st = log->sync(); !st.is_ok()) die(st);
  });
  return r;
}

double bench_batch(Env* env, const Args& a, const std::string& payload) {
  auto log = open_log(env, a.dir, LogOptions::Sync::kInterval);
  std::vector<std::string_view> batch(64, payload);
  return rate(env, a.records / 64 * 64, [&](uint64_t n) {
    for (uint64_t i = 0; i < n; i += 64) {
      auto st = log->append_batch(batch);
      if (!st.is_ok()) die(st.status());
    }
    if (auto st = log->sync(); !st.is_ok()) die(st);
  });
}

double bench_always(Env* env, const Args& a, const std::string& payload, int threads) {
  auto log = open_log(env, a.dir, LogOptions::Sync::kAlways);
  uint64_t per_thread = 500;
  return rate(env, per_thread * threads, [&](uint64_t) {
    std::vector<std::thread> ts;
    for (int t = 0; t < threads; ++t) {
      ts.emplace_back([&] {
        for (uint64_t i = 0; i < per_thread; ++i) {
          auto st = log->append(payload);
          if (!st.is_ok()) die(st.status());
        }
      });
    }
    for (auto& t : ts) t.join();
  });
}

// read() of records appended earlier, in a scattered order (each read opens the file through Env).
double bench_read(Env* env, const Args& a, const std::string& payload) {
  auto log = open_log(env, a.dir, LogOptions::Sync::kNone);
  std::vector<chorus::index::LogLocator> where;
  uint64_t n = std::min<uint64_t>(a.records, 200'000);
  for (uint64_t i = 0; i < n; ++i) {
    auto r = log->append(payload);
    if (!r.is_ok()) die(r.status());
    where.push_back(r->locator);
  }
  return rate(env, n, [&](uint64_t count) {
    for (uint64_t i = 0; i < count; ++i) {
      auto r = log->read(where[(i * 7919) % count]);
      if (!r.is_ok()) die(r.status());
    }
  });
}

double bench_raw_write(Env* env, const Args& a, const std::string& payload) {
  clear_dir(env, a.dir);
  auto file = env->open_append(chorus::join_path(a.dir, "raw"));
  if (!file.is_ok()) die(file.status());
  std::string record(9, 'h');
  record += payload;
  return rate(env, a.records, [&](uint64_t n) {
    for (uint64_t i = 0; i < n; ++i) {
      if (auto st = (*file)->append(record); !st.is_ok()) die(st);
    }
  });
}

}  // namespace

int main(int argc, char** argv) {
  Args a = parse(argc, argv);
  Env* env = Env::posix();
  std::string payload(a.payload, 'p');
  double raw = bench_raw_write(env, a, payload);
  double single = bench_single(env, a, payload);
  double batch = bench_batch(env, a, payload);
  double always1 = bench_always(env, a, payload, 1);
  double always4 = bench_always(env, a, payload, 4);
  double reads = bench_read(env, a, payload);
  clear_dir(env, a.dir);
  std::printf(
      "{\"bench\":\"post_log\",\"mode\":\"interval\",\"sync_interval_ms\":10,\"payload_bytes\":%zu,"
      "\"records\":%llu,\"appends_per_s\":%.0f,\"batch_appends_per_s\":%.0f,"
      "\"always_appends_per_s\":%.0f,\"always_4t_appends_per_s\":%.0f,"
      "\"reads_per_s\":%.0f,\"raw_write_per_s\":%.0f,\"ratio_vs_raw_write\":%.3f}\n",
      a.payload, static_cast<unsigned long long>(a.records), single, batch, always1, always4, reads,
      raw, single / raw);
  return 0;
}
