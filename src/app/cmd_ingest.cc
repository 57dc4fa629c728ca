// `chorus ingest [--data-dir D] [--format jsonl|jetstream|mastodon|xv2] [--follow] FILE|-`
//
// Decodes records (one per line) from FILE or stdin and ingests the posts into the index at
// <data-dir>/index through Index::ingest_batch, syncing at the end. Rejected records go to
// <data-dir>/dead_letters.jsonl with their line number and reason; the rest goes on. Edits and
// deletes are counted but not applied (the index has no edit/delete operation yet). Prints one
// JSON summary on stdout:
//   {"ingested","duplicates","dead_lettered","skipped","edits","deletes","records","seconds",
//    "posts_per_s","dead_letters"}
// and, when stderr is a terminal, a progress line about four times a second. Decoding runs on a
// second thread. --follow keeps reading a growing file until SIGINT/SIGTERM.
// Exit status: 0 when the input was read to the end (dead letters included); 1 on I/O errors.
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "app/commands.h"
#include "base/env.h"
#include "index/index.h"
#include "post/post_json.h"
#include "stream/dead_letter_sink.h"
#include "stream/decoder.h"
#include "stream/ingest_pipeline.h"
#include "stream/line_reader.h"

namespace chorus::app {
namespace {

std::atomic<bool> g_stop{false};

void on_signal(int) {
  g_stop.store(true);
}

void install_signal_handlers() {
  struct sigaction sa = {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;  // no SA_RESTART: a blocked read of stdin returns EINTR
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

struct IngestOptions {
  std::string data_dir = "chorus-data";
  std::string format = "jsonl";
  bool follow = false;
  std::string input;
  size_t batch = 1024;
};

struct IngestCounts {
  uint64_t ingested = 0;
  uint64_t duplicates = 0;
  uint64_t rejected_by_index = 0;
};

// Ingests the posts of one batch; index rejections are dead-lettered, I/O errors stop.
Status ingest_batch(index::Index& idx, stream::DeadLetterSink& dead, std::string_view source,
                    std::vector<stream::StreamEvent>& batch, std::vector<Post>& posts,
                    std::vector<int64_t>& lines, IngestCounts& counts) {
  posts.clear();
  lines.clear();
  for (auto& e : batch) {
    if (e.kind != stream::EventKind::kPost) continue;
    posts.push_back(std::move(e.post));
    lines.push_back(e.line);
  }
  if (posts.empty()) return Status::ok();
  auto results = idx.ingest_batch(posts);
  for (size_t i = 0; i < results.size(); ++i) {
    const auto& r = results[i];
    if (r.is_ok()) {
      (*r == index::IngestOutcome::kIndexed ? counts.ingested : counts.duplicates)++;
    } else if (r.status().code() == StatusCode::kInvalidArgument) {
      ++counts.rejected_by_index;
      CHORUS_RETURN_IF_ERROR(
          dead.add(source, lines[i], r.status().message(), post_to_json(posts[i])));
    } else {
      return r.status().with_context("ingesting post " + posts[i].id);
    }
  }
  return Status::ok();
}

void print_progress(const stream::PipelineStats& s, const IngestCounts& c, double seconds) {
  double rate = seconds > 0 ? static_cast<double>(c.ingested) / seconds : 0;
  std::fprintf(stderr,
               "\r\033[Kingested %llu  duplicates %llu  dead-lettered %llu  skipped %llu  "
               "%.0f posts/s",
               static_cast<unsigned long long>(c.ingested),
               static_cast<unsigned long long>(c.duplicates),
               static_cast<unsigned long long>(s.dead_lettered + c.rejected_by_index),
               static_cast<unsigned long long>(s.skipped), rate);
  std::fflush(stderr);
}

void print_summary(const stream::PipelineStats& s, const IngestCounts& c, double seconds,
                   const std::string& dead_path) {
  std::string out = "{\"ingested\":" + std::to_string(c.ingested);
  out += ",\"duplicates\":" + std::to_string(c.duplicates);
  out += ",\"dead_lettered\":" + std::to_string(s.dead_lettered + c.rejected_by_index);
  out += ",\"skipped\":" + std::to_string(s.skipped);
  out += ",\"edits\":" + std::to_string(s.edits);
  out += ",\"deletes\":" + std::to_string(s.deletes);
  out += ",\"records\":" + std::to_string(s.records);
  char buf[64];
  std::snprintf(buf, sizeof buf, ",\"seconds\":%.3f,\"posts_per_s\":%.0f", seconds,
                seconds > 0 ? static_cast<double>(c.ingested) / seconds : 0.0);
  out += buf;
  out += ",\"dead_letters\":";
  append_json_string(dead_path, &out);
  out += "}\n";
  std::fwrite(out.data(), 1, out.size(), stdout);
  std::fflush(stdout);
}

Status run_ingest(const IngestOptions& o) {
  Env* env = Env::posix();
  CHORUS_ASSIGN_OR_RETURN(auto decoder, stream::make_decoder(o.format));
  CHORUS_RETURN_IF_ERROR(env->create_dirs(o.data_dir));
  index::RecoveryReport report;
  CHORUS_ASSIGN_OR_RETURN(auto idx, index::Index::open(env, join_path(o.data_dir, "index"),
                                                       index::IndexOptions{}, &report));
  std::string dead_path = join_path(o.data_dir, "dead_letters.jsonl");
  stream::DeadLetterSink dead(env, dead_path);
  install_signal_handlers();
  std::unique_ptr<stream::ByteSource> source;
  if (o.input == "-") {
    source = std::make_unique<stream::FdByteSource>(STDIN_FILENO, &g_stop);
  } else {
    source = std::make_unique<stream::FileByteSource>(
        env, o.input, stream::FollowOptions{o.follow, 200, &g_stop});
  }
  stream::LineReader reader(std::move(source));
  stream::PipelineOptions popt;
  popt.batch_size = o.batch;
  popt.stop = &g_stop;
  stream::IngestPipeline pipeline(env, &reader, decoder.get(), &dead, popt);
  IngestCounts counts;
  std::vector<Post> posts;
  std::vector<int64_t> lines;
  const bool tty = ::isatty(STDERR_FILENO);
  const int64_t start = env->monotonic_ns();
  auto seconds = [&] { return static_cast<double>(env->monotonic_ns() - start) / 1e9; };
  Status st = pipeline.run(
      [&](std::vector<stream::StreamEvent>& batch) {
        return ingest_batch(*idx, dead, decoder->format(), batch, posts, lines, counts);
      },
      [&](const stream::PipelineStats& s) {
        if (tty) print_progress(s, counts, seconds());
      });
  Status synced = idx->sync();
  Status closed = idx->close();
  Status dl = dead.close();
  double elapsed = seconds();
  if (tty) std::fputs("\r\033[K", stderr);
  print_summary(pipeline.stats(), counts, elapsed, dead.count() ? dead_path : "");
  for (const Status& s : {st, synced, closed, dl})
    if (!s.is_ok()) return s;
  return Status::ok();
}

void add_ingest(Cli& cli) {
  CLI::App* cmd = cli.root().add_subcommand(
      "ingest", "Decode posts from a file or stdin and ingest them into the index");
  auto o = std::make_shared<IngestOptions>();
  if (const char* d = std::getenv("CHORUS_DATA_DIR"); d && *d) o->data_dir = d;
  cmd->add_option("--data-dir", o->data_dir, "data directory (index, dead letters)")
      ->capture_default_str();
  cmd->add_option("--format", o->format, "input format")
      ->check(CLI::IsMember(stream::decoder_formats()))
      ->capture_default_str();
  cmd->add_flag("--follow", o->follow, "keep reading a growing file until interrupted");
  cmd->add_option("--batch", o->batch, "posts per index batch")->capture_default_str();
  cmd->add_option("input", o->input, "input file, or - for stdin")->required();
  cmd->callback([o] { report(run_ingest(*o), "ingest"); });
}

}  // namespace

CHORUS_COMMANDS(add_ingest);

}  // namespace chorus::app
