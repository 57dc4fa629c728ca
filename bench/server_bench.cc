// server_bench: load and soak of an in-process `chorus serve` over loopback, printed as JSON.
//
//   server_bench [--seconds S] [--chats N] [--search-rps R] [--max-tokens T] [--parallel P]
//
// Defaults: a 300 s soak, 64 concurrent streamed chats on a small random model (dim 64,
// 2 layers; each chat asks for T=32 tokens, then starts again), and GET /api/search at 2,000
// requests/s paced on a fixed schedule by 8 client threads, while the simulator feeds the index
// at 50 posts/s. Reports completed requests, errors (any non-200 or transport error), latency
// percentiles (chat: time to first token and to [DONE]; search: whole request), tokens/s, and
// the process RSS sampled every second (clients and server share the process; the figure that
// matters is its drift: rss_end_mb - rss_after_warmup_mb).
#include <httplib.h>

#include <unistd.h>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "model/runtime/random_model.h"
#include "server/server.h"

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

double rss_mb() {
  std::ifstream f("/proc/self/statm");
  long pages = 0, resident = 0;
  f >> pages >> resident;
  return static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE)) / (1 << 20);
}

struct Samples {
  std::mutex mu;
  std::vector<double> v;
  void add(double x) {
    std::lock_guard<std::mutex> lock(mu);
    v.push_back(x);
  }
  std::string percentiles() {
    std::lock_guard<std::mutex> lock(mu);
    if (v.empty()) return "{\"p50\":null,\"p95\":null,\"p99\":null,\"max\":null}";
    std::sort(v.begin(), v.end());
    auto at = [&](double q) {
      return v[std::min(v.size() - 1, static_cast<size_t>(q * static_cast<double>(v.size())))];
    };
    char buf[160];
    std::snprintf(buf, sizeof buf, "{\"p50\":%.3f,\"p95\":%.3f,\"p99\":%.3f,\"max\":%.3f}", at(0.5),
                  at(0.95), at(0.99), v.back());
    return buf;
  }
};

struct Options {
  double seconds = 300;
  int chats = 64;
  double search_rps = 2000;
  int max_tokens = 32;
  int parallel = 64;
};

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i];
    double v = std::atof(argv[i + 1]);
    if (k == "--seconds")
      o.seconds = v;
    else if (k == "--chats")
      o.chats = static_cast<int>(v);
    else if (k == "--search-rps")
      o.search_rps = v;
    else if (k == "--max-tokens")
      o.max_tokens = static_cast<int>(v);
    else if (k == "--parallel")
      o.parallel = static_cast<int>(v);
    else
      std::fprintf(stderr, "server_bench: unknown option %s\n", k.c_str());
  }
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = parse(argc, argv);
  char tmpl[] = "/tmp/chorus-server-bench-XXXXXX";
  const std::string dir = mkdtemp(tmpl);
  chorus::model::RandomModelSpec spec;
  spec.kv_heads = 2;
  spec.context = 2048;
  if (!chorus::model::write_random_model(spec, dir + "/tiny.gguf").is_ok()) return 1;
  chorus::server::ServeConfig c;
  c.port = 0;
  c.data_dir = dir + "/data";
  c.model = dir + "/tiny.gguf";
  c.parallel = o.parallel;
  c.context = 512;
  c.sim_rate = 50;
  c.log_level = "warn";
  c.http_threads = o.chats + 32;
  auto srv = chorus::server::Server::create(c, chorus::Env::posix());
  if (!srv.is_ok() || !(*srv)->start().is_ok()) return 1;
  chorus::server::Server& server = **srv;
  while (!server.ready()) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  const int port = server.port();

  std::atomic<bool> stop{false};
  std::atomic<uint64_t> chats_done{0}, chat_errors{0}, tokens{0}, searches{0}, search_errors{0};
  Samples ttft, chat_ms, search_ms;
  std::mutex error_mu;
  std::map<std::string, uint64_t> chat_error_kinds;  // guarded by error_mu
  std::vector<std::thread> threads;
  for (int i = 0; i < o.chats; ++i) {
    threads.emplace_back([&, i] {
      httplib::Client cli("127.0.0.1", port);
      cli.set_read_timeout(120);
      cli.set_tcp_nodelay(true);
      cli.set_keep_alive(true);  // as the OpenAI clients do (a pooled connection per client)
      const std::string body =
          "{\"messages\":[{\"role\":\"system\",\"content\":\"You are a news assistant.\"},"
          "{\"role\":\"user\",\"content\":\"What happened today, part " +
          std::to_string(i) + "?\"}],\"max_tokens\":" + std::to_string(o.max_tokens) +
          ",\"stream\":true}";
      while (!stop.load()) {
        httplib::Request req;
        req.method = "POST";
        req.path = "/v1/chat/completions";
        req.body = body;
        req.set_header("Content-Type", "application/json");
        const auto t0 = Clock::now();
        bool first = true, done = false;
        std::string buf;
        req.content_receiver = [&](const char* d, size_t n, uint64_t, uint64_t) {
          if (first) ttft.add(ms_since(t0)), first = false;
          buf.append(d, n);
          return true;
        };
        auto res = cli.send(req);
        done = res && res->status == 200 && buf.find("data: [DONE]") != std::string::npos &&
               buf.find("\"error\"") == std::string::npos;
        if (!done) {
          if (!stop.load()) {  // not the chats cut by the shutdown
            chat_errors.fetch_add(1);
            std::lock_guard<std::mutex> lock(error_mu);
            const std::string why = !res ? "transport:" + httplib::to_string(res.error())
                                    : res->status != 200 ? "http:" + std::to_string(res->status)
                                                         : "stream:" + buf.substr(0, 120);
            ++chat_error_kinds[why];
          }
          continue;
        }
        chat_ms.add(ms_since(t0));
        chats_done.fetch_add(1);
        size_t pos = 0, n = 0;
        while ((pos = buf.find("\"content\":", pos)) != std::string::npos) ++n, ++pos;
        tokens.fetch_add(n > 1 ? n - 1 : 0);  // the first chunk carries the role only
      }
    });
  }
  const int search_threads = 8;
  const auto start = Clock::now();
  const char* queries[] = {"fire",       "#breaking", "city OR harbor",
                           "-rain news", "election",  "match"};
  for (int t = 0; t < search_threads; ++t) {
    threads.emplace_back([&, t] {
      httplib::Client cli("127.0.0.1", port);
      cli.set_keep_alive(true);
      cli.set_tcp_nodelay(true);
      const double interval_s = search_threads / o.search_rps;
      for (uint64_t k = 0; !stop.load(); ++k) {
        const auto due =
            start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(
                        interval_s * (static_cast<double>(k) + t / double(search_threads))));
        std::this_thread::sleep_until(due);
        const auto t0 = Clock::now();
        auto res = cli.Get(std::string("/api/search?limit=10&q=") + queries[k % 6]);
        if (!res || res->status != 200) {
          if (!stop.load()) search_errors.fetch_add(1);
          continue;
        }
        search_ms.add(ms_since(t0));
        searches.fetch_add(1);
      }
    });
  }
  std::vector<double> rss;
  double rss_warm = 0;
  while (ms_since(start) < o.seconds * 1000) {
    std::this_thread::sleep_for(std::chrono::seconds(1));
    rss.push_back(rss_mb());
    if (rss.size() == std::min<size_t>(10, static_cast<size_t>(o.seconds / 4) + 1))
      rss_warm = rss.back();
  }
  const double elapsed = ms_since(start) / 1000;
  stop = true;
  server.shutdown();
  for (auto& t : threads) t.join();
  std::printf(
      "{\"benchmark\":\"server\",\"seconds\":%.1f,\"chats\":{\"concurrent\":%d,\"completed\":%llu,"
      "\"errors\":%llu,\"tokens_per_s\":%.1f,\"ttft_ms\":%s,\"latency_ms\":%s},"
      "\"search\":{\"target_rps\":%.0f,\"achieved_rps\":%.1f,\"errors\":%llu,\"latency_ms\":%s},"
      "\"rss_mb\":{\"after_warmup\":%.1f,\"end\":%.1f,\"max\":%.1f,\"drift\":%.1f}}\n",
      elapsed, o.chats, static_cast<unsigned long long>(chats_done.load()),
      static_cast<unsigned long long>(chat_errors.load()),
      static_cast<double>(tokens.load()) / elapsed, ttft.percentiles().c_str(),
      chat_ms.percentiles().c_str(), o.search_rps, static_cast<double>(searches.load()) / elapsed,
      static_cast<unsigned long long>(search_errors.load()), search_ms.percentiles().c_str(),
      rss_warm, rss.empty() ? 0 : rss.back(),
      rss.empty() ? 0 : *std::max_element(rss.begin(), rss.end()),
      rss.empty() ? 0 : rss.back() - rss_warm);
  for (const auto& [why, n] : chat_error_kinds)
    std::fprintf(stderr, "server_bench: %llu chat errors: %s\n", static_cast<unsigned long long>(n),
                 why.c_str());
  std::string cmd = "rm -rf '" + dir + "'";
  return std::system(cmd.c_str()) == 0 ? 0 : 0;
}
