// `chorus ingest [--data-dir D] [--format jsonl|jetstream|mastodon|xv2] [--follow] FILE|-`
// (or, instead of FILE: --url URL for a live Jetstream/Mastodon/X stream, or --kafka-brokers B
// [--kafka-topic T] [--kafka-group G] for canonical JSON from Kafka, committed after sync)
//
// Decodes records (one per line) from FILE or stdin, scores each post with the trust layer
// (TrustState, options from CHORUS_TRUST_*; its ranking factor becomes Post::credibility; off
// with --no-trust for bulk loads, where posts keep the credibility they carry) and
// ingests the posts into the index at <data-dir>/index through Index::ingest_batch, syncing at
// the end. Posts the moderation policy drops are not indexed; every moderation action is
// appended to <data-dir>/moderation_audit.jsonl (AuditEntry JSON, one per line). Rejected records
// go to <data-dir>/dead_letters.jsonl with their line number and reason; the rest goes on. Edits
// and deletes are applied in stream order (Index::apply; edits are trust-scored like posts).
// Prints one JSON summary on stdout:
//   {"ingested","duplicates","dropped","dead_lettered","skipped","edits","deletes",
//    "edits_applied","deletes_applied","unknown_changes","records","seconds","posts_per_s",
//    "dead_letters"}
// (edits/deletes: decoded; *_applied: changed the index; unknown_changes: edits or deletes of
// posts the index does not hold).
// and, when stderr is a terminal, a progress line about four times a second. Decoding runs on a
// second thread. --follow keeps reading a growing file until SIGINT/SIGTERM.
// --retention-age / --retention-posts (with --segment-posts, the unit dropped) apply index
// retention every --retention-interval (default 30s) while ingesting and once after the run
// (docs/index.md). Exit status: 0 when the input was read to the end (dead letters included); 1 on
// I/O errors.
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <deque>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "app/commands.h"
#include "base/env.h"
#include "index/index.h"
#include "post/post_json.h"
#include "server/index_retention.h"
#include "server/serve_config.h"
#include "stream/bounded_queue.h"
#include "stream/dead_letter_sink.h"
#include "stream/decoder.h"
#include "stream/event_change.h"
#include "stream/http_stream_source.h"
#include "stream/ingest_pipeline.h"
#include "stream/jetstream_source.h"
#include "stream/kafka_source.h"
#include "stream/line_reader.h"
#include "trust/state/trust_state.h"

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
  std::string url;
  std::string kafka_brokers;
  std::string kafka_topic = "posts";
  std::string kafka_group = "chorus";
  size_t batch = 1024;
  bool trust = true;
  std::string retention_age;               // a duration ("7d"); empty or "0": keep forever
  std::string retention_interval = "30s";  // how often retention runs while ingesting
  uint64_t retention_posts = 0;            // 0: no limit
  uint32_t segment_posts = 0;              // 0: the index default
};

Result<index::IndexOptions> index_options(const IngestOptions& o) {
  index::IndexOptions io;
  if (!o.retention_age.empty()) {
    CHORUS_ASSIGN_OR_RETURN(io.retention_age_ms,
                            server::parse_duration_setting("--retention-age", o.retention_age));
  }
  io.retention_max_posts = o.retention_posts;
  if (o.segment_posts > 0) io.segment_posts = o.segment_posts;
  return io;
}

// Updated by the thread that indexes and read by the one that prints progress: atomics.
struct IngestCounts {
  std::atomic<uint64_t> ingested{0};
  std::atomic<uint64_t> duplicates{0};
  std::atomic<uint64_t> rejected_by_index{0};
  std::atomic<uint64_t> dropped{0};  // refused by the moderation policy
  std::atomic<uint64_t> edits_applied{0};
  std::atomic<uint64_t> deletes_applied{0};
  std::atomic<uint64_t> unknown_changes{0};
};

void count_change(index::ChangeOutcome outcome, IngestCounts& counts) {
  switch (outcome) {
    case index::ChangeOutcome::kIndexed:
      ++counts.ingested;
      break;
    case index::ChangeOutcome::kDuplicate:
      ++counts.duplicates;
      break;
    case index::ChangeOutcome::kReplaced:
      ++counts.edits_applied;
      break;
    case index::ChangeOutcome::kDeleted:
      ++counts.deletes_applied;
      break;
    case index::ChangeOutcome::kNotFound:
    case index::ChangeOutcome::kGone:
      ++counts.unknown_changes;
      break;
  }
}

// Trust verdicts computed on the decoding thread (TrustState::prepare_post), one vector per
// batch for its kPost events in order, handed to the consumer in batch order: the pipeline
// consumes batches in the order it prepares them. A batch without one is prepared at ingest.
// Consumed vectors come back through recycle() and are handed out again by spare(), so their
// memory is reused rather than allocated (and page-faulted) afresh per batch.
class PreparedBatches {
 public:
  using Prepared = std::vector<trust::TrustState::PreparedPost>;
  void push(Prepared p) {
    std::lock_guard lock(mu_);
    batches_.push_back(std::move(p));
  }
  Prepared pop() { return take(batches_); }
  Prepared spare() { return take(spares_); }
  void recycle(Prepared p) {
    p.clear();
    std::lock_guard lock(mu_);
    if (spares_.size() < kMaxSpares) spares_.push_back(std::move(p));
  }

 private:
  static constexpr size_t kMaxSpares = 4;
  Prepared take(std::deque<Prepared>& from) {
    std::lock_guard lock(mu_);
    if (from.empty()) return {};
    Prepared p = std::move(from.front());
    from.pop_front();
    return p;
  }

  std::mutex mu_;
  std::deque<Prepared> batches_;
  std::deque<Prepared> spares_;
};

// One decoded batch after trust: dropped[i] is 1 where the moderation policy refused event i.
// With `changes` (edits or deletes in it) everything goes to Index::apply in stream order.
struct ScoredBatch {
  std::vector<stream::StreamEvent> events;
  std::vector<uint8_t> dropped;
  bool changes = false;
};

// The trust half of a batch: scores its posts (and edits) in stream order, counting the
// posts the policy drops. `prepared` holds the batch's prepared verdicts (or is empty).
void score_batch(trust::TrustState* trust, ScoredBatch& b, PreparedBatches::Prepared& prepared,
                 IngestCounts& counts) {
  b.changes = std::any_of(b.events.begin(), b.events.end(),
                          [](const auto& e) { return e.kind != stream::EventKind::kPost; });
  b.dropped.assign(b.events.size(), 0);
  if (!trust) return;
  uint64_t dropped = 0;
  if (b.changes) {
    for (size_t i = 0; i < b.events.size(); ++i) {
      stream::StreamEvent& e = b.events[i];
      if (e.kind == stream::EventKind::kDelete || trust->ingest(&e.post).is_ok()) continue;
      b.dropped[i] = 1;
      ++dropped;
    }
  } else {
    std::vector<Post*> scored;
    scored.reserve(b.events.size());
    for (auto& e : b.events) scored.push_back(&e.post);
    prepared.resize(scored.size());  // entries added or dropped are prepared at ingest
    // The decoding thread prepared these very events, which nothing changed since.
    std::vector<Status> verdicts = trust->ingest_batch(scored, prepared, /*unchanged=*/true);
    for (size_t i = 0; i < verdicts.size(); ++i) {
      if (verdicts[i].is_ok()) continue;
      b.dropped[i] = 1;
      ++dropped;
    }
  }
  counts.dropped += dropped;
}

// Scratch vectors of the index half, reused batch after batch.
struct IndexScratch {
  std::vector<Post> posts;
  std::vector<index::Change> changes;
  std::vector<int64_t> lines;
};

// The index half of a scored batch: index rejections are dead-lettered, I/O errors stop.
Status index_batch(index::Index& idx, stream::DeadLetterSink& dead, std::string_view source,
                   ScoredBatch& b, IndexScratch& s, IngestCounts& counts) {
  s.posts.clear();
  s.changes.clear();
  s.lines.clear();
  for (size_t i = 0; i < b.events.size(); ++i) {
    if (b.dropped[i]) continue;
    s.lines.push_back(b.events[i].line);
    if (b.changes) {
      s.changes.push_back(stream::to_change(std::move(b.events[i])));
    } else {
      s.posts.push_back(std::move(b.events[i].post));
    }
  }
  if (s.lines.empty()) return Status::ok();
  auto reject = [&](size_t i, const Status& st, const Post& post) -> Status {
    if (st.code() != StatusCode::kInvalidArgument)
      return st.with_context((b.changes ? "applying a change to post " : "ingesting post ") +
                             post.id);
    ++counts.rejected_by_index;
    return dead.add(source, s.lines[i], st.message(), post_to_json(post));
  };
  if (b.changes) {
    auto results = idx.apply(s.changes);
    for (size_t i = 0; i < results.size(); ++i) {
      if (results[i].is_ok()) {
        count_change(*results[i], counts);
      } else {
        CHORUS_RETURN_IF_ERROR(reject(i, results[i].status(), s.changes[i].post));
      }
    }
    return Status::ok();
  }
  auto results = idx.ingest_batch(s.posts);
  uint64_t indexed = 0, duplicates = 0;
  for (size_t i = 0; i < results.size(); ++i) {
    if (results[i].is_ok()) {
      (*results[i] == index::IngestOutcome::kIndexed ? indexed : duplicates)++;
    } else {
      CHORUS_RETURN_IF_ERROR(reject(i, results[i].status(), s.posts[i]));
    }
  }
  counts.ingested += indexed;
  counts.duplicates += duplicates;
  return Status::ok();
}

// Indexes scored batches on a thread of its own, in the order add() hands them over, so that
// the consumer thread scores the next batch while this one is indexed: trust and the index
// share no state, and on the machine's two cores scoring alone kept one core saturated while
// the other waited. The first error stops it: later batches are discarded, and add() and
// finish() return the error.
class IndexWriter {
 public:
  using IndexFn = std::function<Status(ScoredBatch&)>;
  explicit IndexWriter(IndexFn index) : index_(std::move(index)), thread_([this] { loop(); }) {}
  ~IndexWriter() { (void)finish(); }
  IndexWriter(const IndexWriter&) = delete;
  IndexWriter& operator=(const IndexWriter&) = delete;

  // Blocks while kQueueBatches batches wait.
  Status add(ScoredBatch b) {
    if (Status st = status(); !st.is_ok()) return st;
    queue_.push(std::move(b));
    return Status::ok();
  }
  // Indexes what waits, stops the thread; the first error, if any.
  Status finish() {
    queue_.close();
    if (thread_.joinable()) thread_.join();
    return status();
  }

 private:
  static constexpr size_t kQueueBatches = 4;
  Status status() {
    std::lock_guard lock(mu_);
    return error_;
  }
  void loop() {
    ScoredBatch b;
    using Queue = stream::BoundedQueue<ScoredBatch>;
    while (true) {
      const Queue::PopResult r = queue_.pop(&b, std::chrono::milliseconds(1000));
      if (r == Queue::PopResult::kClosed) return;
      if (r != Queue::PopResult::kItem || failed_) continue;
      Status st = index_(b);
      if (st.is_ok()) continue;
      failed_ = true;  // this thread's own flag; error_ is what the others read
      std::lock_guard lock(mu_);
      error_ = st;
    }
  }

  IndexFn index_;
  stream::BoundedQueue<ScoredBatch> queue_{kQueueBatches};
  std::mutex mu_;
  Status error_;  // guarded by mu_
  bool failed_ = false;
  std::thread thread_;  // last: starts once the members above exist
};

void print_progress(const stream::PipelineStats& s, const IngestCounts& c, double seconds) {
  double rate = seconds > 0 ? static_cast<double>(c.ingested.load()) / seconds : 0;
  std::fprintf(stderr,
               "\r\033[Kingested %llu  duplicates %llu  dead-lettered %llu  skipped %llu  "
               "%.0f posts/s",
               static_cast<unsigned long long>(c.ingested.load()),
               static_cast<unsigned long long>(c.duplicates.load()),
               static_cast<unsigned long long>(s.dead_lettered + c.rejected_by_index.load()),
               static_cast<unsigned long long>(s.skipped), rate);
  std::fflush(stderr);
}

// `retention`: null when no retention was set; else its drops are reported.
void print_summary(const stream::PipelineStats& s, const IngestCounts& c, double seconds,
                   const std::string& dead_path, const server::RetentionCounters* retention) {
  std::string out = "{\"ingested\":" + std::to_string(c.ingested.load());
  out += ",\"duplicates\":" + std::to_string(c.duplicates.load());
  out += ",\"dropped\":" + std::to_string(c.dropped.load());
  out += ",\"dead_lettered\":" + std::to_string(s.dead_lettered + c.rejected_by_index.load());
  out += ",\"skipped\":" + std::to_string(s.skipped);
  out += ",\"edits\":" + std::to_string(s.edits);
  out += ",\"deletes\":" + std::to_string(s.deletes);
  out += ",\"edits_applied\":" + std::to_string(c.edits_applied.load());
  out += ",\"deletes_applied\":" + std::to_string(c.deletes_applied.load());
  out += ",\"unknown_changes\":" + std::to_string(c.unknown_changes.load());
  out += ",\"records\":" + std::to_string(s.records);
  char buf[64];
  std::snprintf(buf, sizeof buf, ",\"seconds\":%.3f,\"posts_per_s\":%.0f", seconds,
                seconds > 0 ? static_cast<double>(c.ingested.load()) / seconds : 0.0);
  out += buf;
  if (retention) {
    out += ",\"retention_runs\":" + std::to_string(retention->runs.load());
    out += ",\"retention_dropped_posts\":" + std::to_string(retention->dropped_posts.load());
    out += ",\"retention_errors\":" + std::to_string(retention->errors.load());
  }
  out += ",\"dead_letters\":";
  append_json_string(dead_path, &out);
  out += "}\n";
  std::fwrite(out.data(), 1, out.size(), stdout);
  std::fflush(stdout);
}

// What one run of the command needs, whatever the source.
struct IngestContext {
  Env* env;
  index::Index* idx;
  trust::TrustState* trust;  // null with --no-trust
  stream::DeadLetterSink* dead;
  std::string format;
  IngestCounts counts;
  stream::PipelineStats stats;    // filled by the source runners
  IndexScratch scratch;           // of the thread that indexes
  PreparedBatches prepared;       // filled by a pipeline's decoding thread
  bool preparing = false;         // whether it is
  IndexWriter* writer = nullptr;  // indexes on its own thread when set
  int64_t start_ns = 0;
  bool tty = false;

  double seconds() const { return static_cast<double>(env->monotonic_ns() - start_ns) / 1e9; }
  Status index(ScoredBatch& b) { return index_batch(*idx, *dead, format, b, scratch, counts); }
  Status consume(std::vector<stream::StreamEvent>& batch) {
    PreparedBatches::Prepared p = preparing ? prepared.pop() : PreparedBatches::Prepared{};
    ScoredBatch b{.events = std::move(batch)};
    score_batch(trust, b, p, counts);
    if (preparing) prepared.recycle(std::move(p));
    return writer ? writer->add(std::move(b)) : index(b);
  }
  // For the network sources: counts event kinds, ingests, prints progress.
  Status consume_counting(std::vector<stream::StreamEvent>& batch) {
    for (const auto& e : batch) {
      stats.posts += e.kind == stream::EventKind::kPost;
      stats.edits += e.kind == stream::EventKind::kEdit;
      stats.deletes += e.kind == stream::EventKind::kDelete;
    }
    Status st = consume(batch);
    if (tty) print_progress(stats, counts, seconds());
    return st;
  }
};

Status run_file(const IngestOptions& o, stream::Decoder* decoder, IngestContext& ctx) {
  std::unique_ptr<stream::ByteSource> source;
  if (o.input == "-") {
    source = std::make_unique<stream::FdByteSource>(STDIN_FILENO, &g_stop);
  } else {
    source = std::make_unique<stream::FileByteSource>(
        ctx.env, o.input, stream::FollowOptions{o.follow, 200, &g_stop});
  }
  stream::LineReader reader(std::move(source));
  stream::PipelineOptions popt;
  popt.batch_size = o.batch;
  popt.stop = &g_stop;
  if (ctx.trust) {
    ctx.preparing = true;
    popt.prepare = [&ctx](std::vector<stream::StreamEvent>& batch) {
      PreparedBatches::Prepared p = ctx.prepared.spare();
      p.reserve(batch.size());
      for (const stream::StreamEvent& e : batch)
        if (e.kind == stream::EventKind::kPost)  // decoded posts passed validate()
          ctx.trust->prepare_post(e.post, &p.emplace_back(), /*validated=*/true);
      ctx.prepared.push(std::move(p));
    };
  }
  // With trust, scoring (this thread) and indexing (the writer's) overlap.
  std::optional<IndexWriter> writer;
  if (ctx.trust) ctx.writer = &writer.emplace([&ctx](ScoredBatch& b) { return ctx.index(b); });
  stream::IngestPipeline pipeline(ctx.env, &reader, decoder, ctx.dead, popt);
  Status st =
      pipeline.run([&](std::vector<stream::StreamEvent>& batch) { return ctx.consume(batch); },
                   [&](const stream::PipelineStats& s) {
                     if (ctx.tty) print_progress(s, ctx.counts, ctx.seconds());
                   });
  ctx.stats = pipeline.stats();
  if (!writer) return st;
  Status indexed = writer->finish();
  ctx.writer = nullptr;
  return st.is_ok() ? indexed : st;
}

// --url: Jetstream over WebSocket, or Mastodon SSE / X filtered stream over HTTP(S); a bearer
// token is read from $CHORUS_STREAM_TOKEN.
Status run_url(const IngestOptions& o, std::unique_ptr<stream::Decoder> decoder,
               IngestContext& ctx) {
  auto consume = [&](std::vector<stream::StreamEvent>& b) { return ctx.consume_counting(b); };
  if (o.format == "jetstream") {
    stream::JetstreamSourceOptions jo;
    jo.url = o.url;
    stream::JetstreamSource src(ctx.env, jo);
    Status st = src.run(ctx.dead, consume, &g_stop);
    ctx.stats.records = src.stats().messages;
    ctx.stats.dead_lettered = src.stats().dead_lettered;
    return st;
  }
  if (o.format != "mastodon" && o.format != "xv2")
    return invalid_argument("--url needs --format jetstream, mastodon or xv2");
  stream::HttpStreamSourceOptions ho;
  ho.url = o.url;
  if (const char* t = std::getenv("CHORUS_STREAM_TOKEN"); t && *t)
    ho.headers.emplace_back("Authorization", std::string("Bearer ") + t);
  stream::HttpStreamSource src(ctx.env, ho, std::move(decoder));
  Status st = src.run(ctx.dead, consume, &g_stop);
  ctx.stats.records = src.stats().records;
  ctx.stats.dead_lettered = src.stats().dead_lettered;
  ctx.stats.skipped = src.stats().skipped;
  return st;
}

// --kafka-brokers: a consumer-group member; offsets are committed after Index::sync.
Status run_kafka(const IngestOptions& o, stream::Decoder* decoder, IngestContext& ctx) {
  stream::KafkaOptions ko;
  ko.brokers = o.kafka_brokers;
  ko.group_id = o.kafka_group;
  ko.topics = {o.kafka_topic};
  ko.batch_size = o.batch;
  CHORUS_ASSIGN_OR_RETURN(auto src, stream::KafkaSource::open(ko));
  Status st = src->run(
      decoder, ctx.dead,
      [&](std::vector<stream::StreamEvent>& b) {
        CHORUS_RETURN_IF_ERROR(ctx.consume_counting(b));
        return ctx.idx->sync();  // durable before the source commits the offsets
      },
      &g_stop);
  Status closed = src->close();
  ctx.stats.records = src->stats().messages;
  ctx.stats.dead_lettered = src->stats().dead_lettered;
  ctx.stats.skipped = src->stats().skipped;
  return st.is_ok() ? closed : st;
}

// The trust layer for this run; moderation actions go to <data_dir>/moderation_audit.jsonl.
Result<std::unique_ptr<trust::TrustState>> open_trust(Env* env, const std::string& data_dir) {
  CHORUS_ASSIGN_OR_RETURN(trust::TrustStateOptions options,
                          trust::trust_options_from_env(env, std::getenv));
  // Opened on the first entry, closed when the state (holding the callback) goes.
  struct AuditFile {
    std::string path;
    std::FILE* f = nullptr;
    ~AuditFile() {
      if (f) std::fclose(f);
    }
  };
  auto audit = std::make_shared<AuditFile>();
  audit->path = join_path(data_dir, "moderation_audit.jsonl");
  options.on_audit = [audit](const trust::AuditEntry& e) {
    if (!audit->f) audit->f = std::fopen(audit->path.c_str(), "a");
    if (!audit->f) return;
    const std::string line = e.to_json() + "\n";
    std::fwrite(line.data(), 1, line.size(), audit->f);
  };
  return trust::TrustState::create(std::move(options));
}

Status run_ingest(const IngestOptions& o) {
  int sources = !o.input.empty() + !o.url.empty() + !o.kafka_brokers.empty();
  if (sources != 1) return invalid_argument("give exactly one of FILE|-, --url, --kafka-brokers");
  Env* env = Env::posix();
  CHORUS_ASSIGN_OR_RETURN(auto decoder, stream::make_decoder(o.format));
  CHORUS_RETURN_IF_ERROR(env->create_dirs(o.data_dir));
  index::RecoveryReport report;
  CHORUS_ASSIGN_OR_RETURN(index::IndexOptions io, index_options(o));
  CHORUS_ASSIGN_OR_RETURN(auto idx,
                          index::Index::open(env, join_path(o.data_dir, "index"), io, &report));
  // With retention set, writes apply it every --retention-interval on the thread that indexes,
  // and once more after the run.
  CHORUS_ASSIGN_OR_RETURN(
      const int64_t every_ms,
      server::parse_retention_interval("--retention-interval", o.retention_interval));
  const bool retain = io.retention_age_ms > 0 || io.retention_max_posts > 0;
  server::IndexRetention retention(idx.get(), env, every_ms);
  if (retain) idx = server::with_periodic_retention(std::move(idx), &retention);
  std::string dead_path = join_path(o.data_dir, "dead_letters.jsonl");
  stream::DeadLetterSink dead(env, dead_path);
  std::unique_ptr<trust::TrustState> trust;
  if (o.trust) {
    CHORUS_ASSIGN_OR_RETURN(trust, open_trust(env, o.data_dir));
  }
  install_signal_handlers();
  IngestContext ctx{env, idx.get(), trust.get(), &dead, o.format};
  ctx.tty = ::isatty(STDERR_FILENO);
  ctx.start_ns = env->monotonic_ns();
  Status st = !o.url.empty()             ? run_url(o, std::move(decoder), ctx)
              : !o.kafka_brokers.empty() ? run_kafka(o, decoder.get(), ctx)
                                         : run_file(o, decoder.get(), ctx);
  Status synced = idx->sync();
  if (retain && synced.is_ok()) (void)retention.run_after_sealing(10'000);
  Status closed = idx->close();
  Status dl = dead.close();
  double elapsed = ctx.seconds();
  if (ctx.tty) std::fputs("\r\033[K", stderr);
  print_summary(ctx.stats, ctx.counts, elapsed, dead.count() ? dead_path : "",
                retain ? &retention.counters() : nullptr);
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
  cmd->add_flag("--no-trust{false}", o->trust,
                "bulk load without trust scoring (posts keep the credibility they carry)");
  cmd->add_option("--batch", o->batch, "posts per index batch")->capture_default_str();
  cmd->add_option("input", o->input, "input file, or - for stdin");
  cmd->add_option("--url", o->url,
                  "live source: ws(s):// Jetstream, or http(s):// Mastodon streaming / X filtered "
                  "stream (bearer token from $CHORUS_STREAM_TOKEN)");
  cmd->add_option("--kafka-brokers", o->kafka_brokers, "consume canonical JSON from Kafka");
  cmd->add_option("--kafka-topic", o->kafka_topic, "Kafka topic")->capture_default_str();
  cmd->add_option("--kafka-group", o->kafka_group, "Kafka consumer group")->capture_default_str();
  cmd->add_option("--retention-age", o->retention_age,
                  "drop index segments whose posts are all older than this: 90s, 30m, 12h, 7d "
                  "(default: keep forever)");
  cmd->add_option("--retention-posts", o->retention_posts,
                  "keep about the newest N posts, dropping whole older segments (0: all)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--retention-interval", o->retention_interval,
                  "how often retention runs while ingesting: 500ms, 30s, 5m")
      ->capture_default_str();
  cmd->add_option("--segment-posts", o->segment_posts,
                  "posts per index segment, the unit retention drops (default 1048576)")
      ->check(CLI::Range(uint32_t{1}, uint32_t{1} << 24));
  cmd->callback([o] { report(run_ingest(*o), "ingest"); });
}

}  // namespace

CHORUS_COMMANDS(add_ingest);

}  // namespace chorus::app
