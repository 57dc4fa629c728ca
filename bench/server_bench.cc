// server_bench: load and soak of an in-process `chorus serve` over loopback, printed as JSON; or,
// with --memory-breakdown N, the heap each ingest-side structure keeps per 1,000 simulator posts.
//
//   server_bench [--seconds S] [--chats N] [--search-rps R] [--max-tokens T] [--parallel P]
//                [--sim-rate R]
//   server_bench --memory-breakdown N
//
// Soak defaults: 300 s, 64 concurrent streamed chats on a small random model (dim 64, 2 layers;
// each chat asks for T=32 tokens, then starts again on the same keep-alive connection), and
// GET /api/search at 2,000 requests/s paced on a fixed schedule by 8 keep-alive client threads,
// while the simulator feeds the index at 50 posts/s. Reports completed requests, errors (any
// non-200 or transport error; chat errors by kind on stderr, transport errors split by whether
// the connection was fresh or reused), latency percentiles (chat: time to the first token, the
// event after the role, and to [DONE]; search: whole request), tokens/s, and memory sampled
// every second after a warm-up (clients and server share the process): RSS, anonymous RSS, the
// malloc heap in use and free, and what the index and the heap grew per 1,000 posts indexed.
#include <httplib.h>
#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "model/runtime/random_model.h"
#include "server/server.h"
#include "stream/sim/simulator.h"
#include "trust/state/trust_state.h"

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

// Process memory in MiB: resident, anonymous resident, malloc heap in use (small chunks and
// mmapped ones) and free inside the heap's arenas (freed but not returned: fragmentation).
struct Memory {
  double rss = 0, anon = 0, heap = 0, heap_free = 0;
};

Memory memory_now() {
  Memory m;
  std::ifstream f("/proc/self/status");
  std::string key;
  double kb = 0;
  while (f >> key) {
    if (key == "VmRSS:" && f >> kb) m.rss = kb / 1024;
    if (key == "RssAnon:" && f >> kb) m.anon = kb / 1024;
  }
  const struct mallinfo2 mi = mallinfo2();
  m.heap = static_cast<double>(mi.uordblks + mi.hblkhd) / (1 << 20);
  m.heap_free = static_cast<double>(mi.fordblks) / (1 << 20);
  return m;
}

// Latency samples in a fixed reservoir (uniform sampling once full), allocated up front so that
// the clients' own bookkeeping does not grow the RSS the soak measures.
class Samples {
 public:
  Samples() : v_(kCapacity) {}
  void add(double x) {
    std::lock_guard<std::mutex> lock(mu_);
    max_ = std::max(max_, x);
    if (n_ < kCapacity) {
      v_[n_++] = x;
      return;
    }
    const uint64_t slot = std::uniform_int_distribution<uint64_t>(0, n_++)(rng_);
    if (slot < kCapacity) v_[slot] = x;
  }
  std::string percentiles() {
    std::lock_guard<std::mutex> lock(mu_);
    const size_t size = std::min<uint64_t>(n_, kCapacity);
    if (size == 0) return "{\"p50\":null,\"p95\":null,\"p99\":null,\"max\":null}";
    std::sort(v_.begin(), v_.begin() + static_cast<std::ptrdiff_t>(size));
    auto at = [&](double q) {
      return v_[std::min(size - 1, static_cast<size_t>(q * static_cast<double>(size)))];
    };
    char buf[160];
    std::snprintf(buf, sizeof buf, "{\"p50\":%.3f,\"p95\":%.3f,\"p99\":%.3f,\"max\":%.3f}", at(0.5),
                  at(0.95), at(0.99), max_);
    return buf;
  }

 private:
  static constexpr size_t kCapacity = 1 << 18;
  std::mutex mu_;
  std::vector<double> v_;
  uint64_t n_ = 0;
  double max_ = 0;
  std::mt19937_64 rng_{1};
};

struct Options {
  double seconds = 300;
  int chats = 64;
  double search_rps = 2000;
  int max_tokens = 32;
  int parallel = 64;
  double sim_rate = 50;
  int64_t breakdown_posts = 0;  // > 0: --memory-breakdown instead of the soak
};

const char kUsage[] =
    "usage: server_bench [--seconds S] [--chats N] [--search-rps R] [--max-tokens T]\n"
    "                    [--parallel P] [--sim-rate R]\n"
    "       server_bench --memory-breakdown N\n"
    "Soak (default 300 s): N=64 streamed keep-alive chats of T=32 tokens on a random model with\n"
    "P=64 sequences, GET /api/search at R=2000/s from 8 keep-alive clients, the simulator at\n"
    "50 posts/s; JSON on stdout, chat error kinds on stderr. --memory-breakdown: the heap the\n"
    "index and the trust state each grow per 1,000 of N simulator posts (each half).\n";

// Parses the flags; false (after printing why) for --help or a bad flag.
bool parse(int argc, char** argv, Options* o) {
  for (int i = 1; i < argc; ++i) {
    const std::string k = argv[i];
    if (k == "--help" || k == "-h") {
      std::fputs(kUsage, stdout);
      return false;
    }
    char* end = nullptr;
    const double v = i + 1 < argc ? std::strtod(argv[i + 1], &end) : 0;
    if (i + 1 >= argc || end == argv[i + 1] || *end != '\0' || v <= 0) {
      std::fprintf(stderr, "server_bench: %s needs a positive number\n%s", k.c_str(), kUsage);
      return false;
    }
    ++i;
    if (k == "--seconds") {
      o->seconds = v;
    } else if (k == "--chats") {
      o->chats = static_cast<int>(v);
    } else if (k == "--search-rps") {
      o->search_rps = v;
    } else if (k == "--max-tokens") {
      o->max_tokens = static_cast<int>(v);
    } else if (k == "--parallel") {
      o->parallel = static_cast<int>(v);
    } else if (k == "--sim-rate") {
      o->sim_rate = v;
    } else if (k == "--memory-breakdown") {
      o->breakdown_posts = static_cast<int64_t>(v);
    } else {
      std::fprintf(stderr, "server_bench: unknown option %s\n%s", k.c_str(), kUsage);
      return false;
    }
  }
  return true;
}

std::string temp_dir() {
  char tmpl[] = "/tmp/chorus-server-bench-XXXXXX";
  const char* d = mkdtemp(tmpl);
  return d ? d : "";
}

void remove_dir(const std::string& dir) {
  const std::string cmd = "rm -rf '" + dir + "'";
  if (std::system(cmd.c_str()) != 0)
    std::fprintf(stderr, "server_bench: cannot remove %s\n", cmd.c_str());
}

// Heap growth in KiB per 1,000 posts while `add` takes posts [from, to).
template <typename Add>
double kib_per_1000(size_t from, size_t to, Add&& add) {
  const double before = memory_now().heap;
  for (size_t i = from; i < to; i += 256) add(std::min(to, i + 256) - i, i);
  return (memory_now().heap - before) * 1024 * 1000 / static_cast<double>(to - from);
}

// --memory-breakdown: the heap each ingest-side structure alone grows over the same N simulator
// posts, in the first half (start-up: new accounts, first allocations) and the second (steady).
int memory_breakdown(int64_t n) {
  using chorus::Post;
  chorus::sim::SimConfig sc;
  sc.base_rate = 50;
  sc.max_posts = static_cast<uint64_t>(n);
  std::vector<Post> posts;
  Post post;
  chorus::sim::GroundTruth truth;
  chorus::sim::Simulator sim(sc);
  while (sim.next(&post, &truth)) posts.push_back(post);
  const size_t half = posts.size() / 2;
  if (half == 0) return 2;
  const std::string dir = temp_dir();
  auto index = chorus::index::Index::open(chorus::Env::posix(), dir + "/index", {});
  auto trust = chorus::trust::TrustState::create({});
  if (dir.empty() || !index.is_ok() || !trust.is_ok()) return 1;
  auto index_add = [&](size_t count, size_t at) {
    (*index)->ingest_batch(std::span<const Post>(posts).subspan(at, count));
  };
  auto trust_add = [&](size_t count, size_t at) {
    for (size_t i = at; i < at + count; ++i) (void)(*trust)->ingest(&posts[i]);
  };
  const double index_first = kib_per_1000(0, half, index_add);
  const double index_second = kib_per_1000(half, posts.size(), index_add);
  const chorus::index::IndexStats st = (*index)->stats();
  const double trust_first = kib_per_1000(0, half, trust_add);
  const double trust_second = kib_per_1000(half, posts.size(), trust_add);
  auto kib = [&](uint64_t bytes) {
    return static_cast<double>(bytes) / 1024 * 1000 / static_cast<double>(posts.size());
  };
  std::printf(
      "{\"benchmark\":\"server_memory_breakdown\",\"posts\":%zu,\"stream_seconds\":%.0f,"
      "\"heap_kib_per_1000_posts\":{\"index\":{\"first_half\":%.1f,\"second_half\":%.1f},"
      "\"trust_state\":{\"first_half\":%.1f,\"second_half\":%.1f}},"
      "\"index_stats_kib_per_1000_posts\":{\"index_bytes\":%.1f,\"postings\":%.1f,"
      "\"columns\":%.1f,\"id_map\":%.1f,\"dictionary\":%.1f}}\n",
      posts.size(),
      static_cast<double>(posts.back().created_at_ms - posts.front().created_at_ms) / 1e3,
      index_first, index_second, trust_first, trust_second, kib(st.index_bytes),
      kib(st.postings_bytes), kib(st.columns_bytes), kib(st.id_map_bytes),
      kib(st.dictionary_bytes));
  (void)(*index)->close();
  remove_dir(dir);
  return 0;
}

}  // namespace

namespace {

struct Soak {
  std::atomic<bool> stop{false};
  std::atomic<uint64_t> chats_done{0}, chat_errors{0}, tokens{0}, searches{0}, search_errors{0};
  Samples ttft, chat_ms, search_ms;
  std::mutex error_mu;
  std::map<std::string, uint64_t> chat_error_kinds;  // guarded by error_mu
};

// One keep-alive chat client: streamed chats one after another until the soak stops.
void chat_client(Soak& s, const Options& o, int port, int i) {
  httplib::Client cli("127.0.0.1", port);
  cli.set_read_timeout(120);
  cli.set_tcp_nodelay(true);
  cli.set_keep_alive(true);  // as the OpenAI clients do (a pooled connection per client)
  const std::string body =
      "{\"messages\":[{\"role\":\"system\",\"content\":\"You are a news assistant.\"},"
      "{\"role\":\"user\",\"content\":\"What happened today, part " +
      std::to_string(i) + "?\"}],\"max_tokens\":" + std::to_string(o.max_tokens) +
      ",\"stream\":true}";
  while (!s.stop.load()) {
    httplib::Request req;
    req.method = "POST";
    req.path = "/v1/chat/completions";
    req.body = body;
    req.set_header("Content-Type", "application/json");
    const bool reused = cli.is_socket_open();
    const auto t0 = Clock::now();
    bool token_seen = false;
    std::string buf;
    req.content_receiver = [&](const char* d, size_t n, uint64_t, uint64_t) {
      buf.append(d, n);
      // The first event carries the role only; the second the first token.
      if (!token_seen && buf.find("data: ", buf.find("data: ") + 1) != std::string::npos)
        s.ttft.add(ms_since(t0)), token_seen = true;
      return true;
    };
    auto res = cli.send(req);
    const bool done = res && res->status == 200 && buf.find("data: [DONE]") != std::string::npos &&
                      buf.find("\"error\"") == std::string::npos;
    if (!done) {
      if (!s.stop.load()) {  // not the chats cut by the shutdown
        s.chat_errors.fetch_add(1);
        const std::string why = !res ? "transport:" + httplib::to_string(res.error()) +
                                           (reused ? " (reused connection)" : " (fresh connection)")
                                : res->status != 200 ? "http:" + std::to_string(res->status)
                                                     : "stream:" + buf.substr(0, 120);
        std::lock_guard<std::mutex> lock(s.error_mu);
        ++s.chat_error_kinds[why];
      }
      continue;
    }
    s.chat_ms.add(ms_since(t0));
    s.chats_done.fetch_add(1);
    size_t pos = 0, n = 0;
    while ((pos = buf.find("\"content\":", pos)) != std::string::npos) ++n, ++pos;
    s.tokens.fetch_add(n > 1 ? n - 1 : 0);  // the first chunk carries the role only
  }
}

// Search client t of `threads`: requests paced on a fixed schedule shared by all of them.
void search_client(Soak& s, const Options& o, int port, int t, int threads,
                   Clock::time_point start) {
  static const char* kQueries[] = {"fire",       "#breaking", "city OR harbor",
                                   "-rain news", "election",  "match"};
  httplib::Client cli("127.0.0.1", port);
  cli.set_keep_alive(true);
  cli.set_tcp_nodelay(true);
  const double interval_s = threads / o.search_rps;
  for (uint64_t k = 0; !s.stop.load(); ++k) {
    const auto due =
        start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(
                    interval_s * (static_cast<double>(k) + t / double(threads))));
    std::this_thread::sleep_until(due);
    const auto t0 = Clock::now();
    auto res = cli.Get(std::string("/api/search?limit=10&q=") + kQueries[k % 6]);
    if (!res || res->status != 200) {
      if (!s.stop.load()) s.search_errors.fetch_add(1);
      continue;
    }
    s.search_ms.add(ms_since(t0));
    s.searches.fetch_add(1);
  }
}

// {"start":a,"end":b,"drift":b-a} for one memory figure.
std::string drift_json(double a, double b) {
  char buf[96];
  std::snprintf(buf, sizeof buf, "{\"start\":%.1f,\"end\":%.1f,\"drift\":%.1f}", a, b, b - a);
  return buf;
}

int soak(const Options& o) {
  const std::string dir = temp_dir();
  chorus::model::RandomModelSpec spec;
  spec.kv_heads = 2;
  spec.context = 2048;
  if (dir.empty() || !chorus::model::write_random_model(spec, dir + "/tiny.gguf").is_ok()) return 1;
  chorus::server::ServeConfig c;
  c.port = 0;
  c.data_dir = dir + "/data";
  c.model = dir + "/tiny.gguf";
  c.parallel = o.parallel;
  c.context = 512;
  c.sim_rate = o.sim_rate;
  c.log_level = "warn";
  c.http_threads = o.chats + 32;
  auto srv = chorus::server::Server::create(c, chorus::Env::posix());
  if (!srv.is_ok() || !(*srv)->start().is_ok()) return 1;
  chorus::server::Server& server = **srv;
  while (!server.ready()) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  const int port = server.port();

  Soak s;
  std::vector<std::thread> threads;
  const auto start = Clock::now();
  for (int i = 0; i < o.chats; ++i) threads.emplace_back([&, i] { chat_client(s, o, port, i); });
  const int search_threads = 8;
  for (int t = 0; t < search_threads; ++t)
    threads.emplace_back([&, t] { search_client(s, o, port, t, search_threads, start); });
  // Memory after the warm-up (10 s, or a quarter of a short run) and at the end.
  const double warmup_s = std::min(10.0, o.seconds / 4);
  Memory warm, last;
  uint64_t posts_warm = 0, index_bytes_warm = 0;
  double rss_max = 0;
  bool warmed = false;
  while (ms_since(start) < o.seconds * 1000) {
    std::this_thread::sleep_for(std::chrono::seconds(1));
    last = memory_now();
    rss_max = std::max(rss_max, last.rss);
    if (!warmed && ms_since(start) >= warmup_s * 1000) {
      warmed = true, warm = last;
      posts_warm = server.ingest().counters().indexed.load();
      index_bytes_warm = server.index().stats().index_bytes;
    }
  }
  const double elapsed = ms_since(start) / 1000;
  const uint64_t posts = server.ingest().counters().indexed.load() - posts_warm;
  const double index_growth =
      static_cast<double>(server.index().stats().index_bytes - index_bytes_warm) / (1 << 20);
  s.stop = true;
  server.shutdown();
  for (auto& t : threads) t.join();
  auto kib_per_1000 = [posts](double mb) {
    return posts ? mb * 1024 * 1000 / static_cast<double>(posts) : 0.0;
  };
  std::printf(
      "{\"benchmark\":\"server\",\"seconds\":%.1f,\"chats\":{\"concurrent\":%d,\"completed\":%llu,"
      "\"errors\":%llu,\"tokens_per_s\":%.1f,\"ttft_ms\":%s,\"latency_ms\":%s},"
      "\"search\":{\"target_rps\":%.0f,\"achieved_rps\":%.1f,\"errors\":%llu,\"latency_ms\":%s},"
      "\"memory_mb\":{\"warmup_s\":%.0f,\"rss\":%s,\"rss_max\":%.1f,\"anon\":%s,\"heap_in_use\":%s,"
      "\"heap_free\":%s},\"posts_indexed\":%llu,\"kib_per_1000_posts\":{\"anon\":%.1f,"
      "\"heap_in_use\":%.1f,\"index\":%.1f}}\n",
      elapsed, o.chats, static_cast<unsigned long long>(s.chats_done.load()),
      static_cast<unsigned long long>(s.chat_errors.load()),
      static_cast<double>(s.tokens.load()) / elapsed, s.ttft.percentiles().c_str(),
      s.chat_ms.percentiles().c_str(), o.search_rps,
      static_cast<double>(s.searches.load()) / elapsed,
      static_cast<unsigned long long>(s.search_errors.load()), s.search_ms.percentiles().c_str(),
      warmup_s, drift_json(warm.rss, last.rss).c_str(), rss_max,
      drift_json(warm.anon, last.anon).c_str(), drift_json(warm.heap, last.heap).c_str(),
      drift_json(warm.heap_free, last.heap_free).c_str(), static_cast<unsigned long long>(posts),
      kib_per_1000(last.anon - warm.anon), kib_per_1000(last.heap - warm.heap),
      kib_per_1000(index_growth));
  for (const auto& [why, n] : s.chat_error_kinds)
    std::fprintf(stderr, "server_bench: %llu chat errors: %s\n", static_cast<unsigned long long>(n),
                 why.c_str());
  remove_dir(dir);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  if (!parse(argc, argv, &o)) return argc > 1 && std::string(argv[1]).starts_with("-h") ? 0 : 2;
  return o.breakdown_posts > 0 ? memory_breakdown(o.breakdown_posts) : soak(o);
}
