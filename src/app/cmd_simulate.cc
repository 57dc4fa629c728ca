// `chorus simulate --seed S [--posts N | --duration D] [--rate R | --fast] [--out FILE|-]
//                  [--truth FILE] [--start T|now] [--lexicon FILE] [--accounts N] [--stats]`
//
// Writes the simulated firehose as canonical JSONL (docs/post-schema.md), one post per line,
// to --out (default stdout). The same options give byte-identical output.
//   --rate R     paces output in real time at R posts/s (default 50); the simulated stream's
//                organic rate is R too, so simulated time advances about as fast as real time.
//   --fast       writes as fast as possible (with --rate R, simulates a stream of rate R).
//   --posts N    stops after N posts; --duration D (e.g. 10m) stops when the simulated clock
//                passes start + D (with both, whichever comes first). Without either it runs
//                until interrupted (SIGINT/SIGTERM).
//   --start T    the simulated start time (RFC 3339, epoch ms, or "now"); by default a fixed
//                time per seed.
//   --truth FILE writes the ground truth beside the posts, one JSON line per post in the same
//                order, and at the end the event/claim catalogue to FILE.events.json (both
//                formats in src/stream/sim/truth_json.h).
//   --lexicon F  words for abusive posts (format in src/stream/sim/lexicon.h; default: the
//                neutral placeholder lexicon, as in data/lexicon/placeholder.tsv).
//   --stats      prints {"posts","seconds","posts_per_s","sim_start","sim_end"} on stderr.
// Exit status 0 when done or interrupted (a closed output pipe counts as done); 1 on errors.
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>

#include "app/commands.h"
#include "base/env.h"
#include "base/time_util.h"
#include "post/post_json.h"
#include "stream/sim/sim.h"

namespace chorus::app {
namespace {

std::atomic<bool> g_stop{false};

void on_stop_signal(int) {
  g_stop.store(true);
}

void install_handlers() {
  struct sigaction sa = {};
  sa.sa_handler = on_stop_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  signal(SIGPIPE, SIG_IGN);  // a closed pipe shows up as EPIPE and ends the run quietly
}

struct SimulateOptions {
  uint64_t seed = 1;
  uint64_t posts = 0;
  std::string duration;
  double rate = 50.0;
  bool fast = false;
  std::string out = "-";
  std::string truth;
  std::string start;
  std::string lexicon;
  size_t accounts = 20000;
  bool stats = false;
};

// A pipe on `fd` is widened to hold a whole output block (the kernel's cap allowing): the reader
// then wakes once per block rather than once per 64 KiB. Anything else is left as it is.
void widen_pipe(int fd) {
  struct stat st {};
  if (fstat(fd, &st) == 0 && S_ISFIFO(st.st_mode)) fcntl(fd, F_SETPIPE_SZ, 1 << 20);
}

// A buffered output stream over stdout or a file; flushes in blocks of kBlock bytes.
class Output {
 public:
  static constexpr size_t kBlock = 1 << 20;

  Status open(const std::string& path) {
    path_ = path;
    if (path == "-") {
      file_ = stdout;
      widen_pipe(STDOUT_FILENO);
    } else {
      file_ = std::fopen(path.c_str(), "wb");
      if (!file_) return io_error(path + ": " + std::strerror(errno));
      owned_ = true;
    }
    buf_.reserve(kBlock + 64 * 1024);
    return Status::ok();
  }
  std::string* buffer() { return &buf_; }
  bool full() const { return buf_.size() >= kBlock; }
  // Writes the buffer out; sets broken_pipe() instead of failing when the reader went away.
  Status flush() {
    if (!file_ || broken_pipe_) return Status::ok();
    if (!buf_.empty() && std::fwrite(buf_.data(), 1, buf_.size(), file_) != buf_.size()) {
      buf_.clear();
      if (errno == EPIPE) {
        broken_pipe_ = true;
        return Status::ok();
      }
      return io_error("writing " + path_ + ": " + std::strerror(errno));
    }
    buf_.clear();
    if (std::fflush(file_) != 0) {
      if (errno == EPIPE) {
        broken_pipe_ = true;
        return Status::ok();
      }
      return io_error("writing " + path_ + ": " + std::strerror(errno));
    }
    return Status::ok();
  }
  Status close() {
    Status s = flush();
    if (owned_ && std::fclose(file_) != 0 && s.is_ok())
      s = io_error("closing " + path_ + ": " + std::strerror(errno));
    file_ = nullptr;
    return s;
  }
  bool broken_pipe() const { return broken_pipe_; }
  ~Output() {
    if (owned_ && file_) std::fclose(file_);
  }

 private:
  std::string path_;
  std::FILE* file_ = nullptr;
  bool owned_ = false;
  bool broken_pipe_ = false;
  std::string buf_;
};

Result<sim::SimConfig> make_config(const SimulateOptions& o, Env* env) {
  sim::SimConfig c;
  c.seed = o.seed;
  c.max_posts = o.posts;
  c.base_rate = o.rate;
  c.accounts = o.accounts;
  if (!o.duration.empty()) {
    auto d = parse_duration_ms(o.duration);
    if (!d.is_ok()) return d.status().with_context("--duration");
    c.duration_ms = *d;
  }
  if (o.start == "now") {
    c.start_ms = env->now_ms();
  } else if (!o.start.empty()) {
    auto t = parse_time_ms(o.start);
    if (!t.is_ok()) return t.status().with_context("--start");
    c.start_ms = *t;
  }
  if (!o.lexicon.empty()) {
    CHORUS_ASSIGN_OR_RETURN(std::string text, env->read_file(o.lexicon));
    auto lex = sim::Lexicon::parse(text);
    if (!lex.is_ok()) return lex.status().with_context(o.lexicon);
    c.lexicon = std::move(lex).value();
  }
  return c;
}

void print_stats(const sim::Simulator& s, double seconds) {
  std::fprintf(stderr,
               "{\"posts\":%llu,\"seconds\":%.3f,\"posts_per_s\":%.0f,\"sim_start\":%lld,"
               "\"sim_end\":%lld}\n",
               static_cast<unsigned long long>(s.posts_written()), seconds,
               seconds > 0 ? static_cast<double>(s.posts_written()) / seconds : 0.0,
               static_cast<long long>(s.start_ms()), static_cast<long long>(s.now_ms()));
}

Status run_simulate(const SimulateOptions& o) {
  Env* env = Env::posix();
  CHORUS_ASSIGN_OR_RETURN(sim::SimConfig config, make_config(o, env));
  Output out, truth_out;
  CHORUS_RETURN_IF_ERROR(out.open(o.out));
  const bool with_truth = !o.truth.empty();
  if (with_truth) CHORUS_RETURN_IF_ERROR(truth_out.open(o.truth));

  sim::Simulator simulator(std::move(config));
  sim::RatePacer pacer(env, o.rate);
  const int64_t t0 = env->monotonic_ns();
  pacer.start();
  Post post;
  sim::GroundTruth truth;
  for (uint64_t n = 0; !g_stop.load(std::memory_order_relaxed); ++n) {
    if (!o.fast && pacer.ns_until(n) > 0) {
      CHORUS_RETURN_IF_ERROR(out.flush());
      if (with_truth) CHORUS_RETURN_IF_ERROR(truth_out.flush());
      pacer.wait_for(n);
    }
    if (out.broken_pipe() || !simulator.next(&post, &truth)) break;
    append_post_json(post, out.buffer());
    out.buffer()->push_back('\n');
    if (with_truth) {
      sim::append_truth_json(truth, truth_out.buffer());
      truth_out.buffer()->push_back('\n');
      if (truth_out.full()) CHORUS_RETURN_IF_ERROR(truth_out.flush());
    }
    if (out.full()) CHORUS_RETURN_IF_ERROR(out.flush());
  }
  CHORUS_RETURN_IF_ERROR(out.close());
  if (with_truth) {
    CHORUS_RETURN_IF_ERROR(truth_out.close());
    CHORUS_RETURN_IF_ERROR(
        env->write_file_atomic(o.truth + ".events.json", sim::catalogue_json(simulator) + "\n"));
  }
  if (o.stats) print_stats(simulator, static_cast<double>(env->monotonic_ns() - t0) * 1e-9);
  return Status::ok();
}

void add_simulate(Cli& cli) {
  auto opts = std::make_shared<SimulateOptions>();
  CLI::App* cmd = cli.root().add_subcommand(
      "simulate", "Write a simulated firehose with ground truth as canonical JSONL");
  cmd->add_option("--seed", opts->seed, "Random seed; the same seed gives the same stream")
      ->required();
  cmd->add_option("--posts", opts->posts, "Stop after N posts");
  cmd->add_option("--duration", opts->duration, "Stop after this much simulated time (10m, 2h)");
  cmd->add_option("--rate", opts->rate, "Posts per second, paced in real time")
      ->check(CLI::PositiveNumber);
  cmd->add_flag("--fast", opts->fast, "Write as fast as possible");
  cmd->add_option("--out", opts->out, "Output file, or - for stdout");
  cmd->add_option("--truth", opts->truth, "Ground-truth JSONL file (catalogue: FILE.events.json)");
  cmd->add_option("--start", opts->start, "Simulated start time (RFC 3339, epoch ms, or now)");
  cmd->add_option("--lexicon", opts->lexicon, "Lexicon TSV for abusive posts");
  cmd->add_option("--accounts", opts->accounts, "Number of simulated accounts")
      ->check(CLI::Range(200, 10000000));
  cmd->add_flag("--stats", opts->stats, "Print a JSON summary on stderr");
  cmd->callback([opts] {
    install_handlers();
    report(run_simulate(*opts), "simulate");
  });
}

}  // namespace

CHORUS_COMMANDS(add_simulate);

}  // namespace chorus::app
