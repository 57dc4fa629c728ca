#include "server/source_runner.h"

#include <httplib.h>
#include <spdlog/spdlog.h>

#include <algorithm>

#include "post/post_json.h"
#include "stream/decoder.h"
#include "stream/event_change.h"
#include "stream/ingest_pipeline.h"
#include "stream/jetstream_source.h"
#include "stream/kafka_source.h"
#include "stream/line_reader.h"
#include "stream/sim/simulator.h"

namespace chorus::server {
namespace {

std::string after_colon(const std::string& spec) {
  return spec.substr(spec.find(':') + 1);
}

void prefix_id(std::string* id, const std::string& prefix) {
  if (!id->empty()) *id = prefix + *id;
}

}  // namespace

Result<std::unique_ptr<SourceRunner>> SourceRunner::start(Env* env, const SourceOptions& o,
                                                          IngestQueue* ingest,
                                                          stream::DeadLetterSink* dead) {
  const std::string& s = o.spec;
  const bool known = s == "simulator" || s == "none" || s.starts_with("jsonl:") ||
                     s.starts_with("mastodon:") || s.starts_with("xv2:") ||
                     s.starts_with("kafka:") || s.starts_with("jetstream:");
  if (!known) return invalid_argument("source: unknown source '" + s + "'");
  if (s.starts_with("kafka:") && after_colon(s).find('/') == std::string::npos)
    return invalid_argument("source kafka: expected kafka:BROKERS/TOPIC, got " + s);
  std::unique_ptr<SourceRunner> r(new SourceRunner(env, o, ingest, dead));
  if (s != "none") r->thread_ = std::thread([p = r.get()] { p->run(); });
  return r;
}

SourceRunner::SourceRunner(Env* env, SourceOptions options, IngestQueue* ingest,
                           stream::DeadLetterSink* dead)
    : env_(env), options_(std::move(options)), ingest_(ingest), dead_(dead) {}

SourceRunner::~SourceRunner() {
  stop();
}

void SourceRunner::stop() {
  stop_.store(true);
  if (thread_.joinable()) thread_.join();
}

std::string SourceRunner::last_error() const {
  std::lock_guard<std::mutex> lock(mu_);
  return last_error_;
}

void SourceRunner::sleep_unless_stopped(int64_t ms) {
  for (int64_t slept = 0; slept < ms && !stop_.load(); slept += 50)
    env_->sleep_ms(std::min<int64_t>(50, ms - slept));
}

void SourceRunner::run() {
  const std::string& s = options_.spec;
  int64_t backoff_ms = 500;
  while (!stop_.load()) {
    Status st;
    if (s == "simulator") {
      st = run_simulator();
    } else if (s.starts_with("jsonl:")) {
      st = run_jsonl(after_colon(s));
    } else if (s.starts_with("kafka:")) {
      st = run_kafka(after_colon(s));
    } else if (s.starts_with("jetstream:")) {
      st = run_jetstream(after_colon(s));
    } else {
      st = run_http(s.substr(0, s.find(':')), after_colon(s));
    }
    if (stop_.load()) break;
    if (!st.is_ok()) {
      spdlog::warn("source {}: {}; retrying in {} ms", s, st.to_string(), backoff_ms);
      std::lock_guard<std::mutex> lock(mu_);
      last_error_ = st.to_string();
    }
    sleep_unless_stopped(backoff_ms);
    backoff_ms = std::min<int64_t>(backoff_ms * 2, 30'000);
  }
}

// Edits and deletes keep their place in the stream: a batch holding any goes to the index as
// one ordered list of changes.
Status SourceRunner::ingest_changes(std::vector<stream::StreamEvent>& events,
                                    const std::string& source, bool durable) {
  // The events keep their posts (copied into the changes) for dead-lettering rejections.
  std::vector<index::Change> changes;
  changes.reserve(events.size());
  for (const auto& e : events) changes.push_back(stream::to_change(stream::StreamEvent(e)));
  ChangeResults results = ingest_->submit_changes(std::move(changes), durable).get();
  for (size_t i = 0; i < results.size(); ++i) {
    if (results[i].is_ok()) continue;
    const Status& st = results[i].status();
    if (st.code() != StatusCode::kInvalidArgument) return st;
    CHORUS_RETURN_IF_ERROR(
        dead_->add(source, events[i].line, st.message(), post_to_json(events[i].post)));
  }
  posts_.fetch_add(results.size());
  return Status::ok();
}

Status SourceRunner::ingest_events(std::vector<stream::StreamEvent>& events,
                                   const std::string& source, bool durable) {
  const bool has_changes = std::any_of(events.begin(), events.end(), [](const auto& e) {
    return e.kind == stream::EventKind::kEdit || e.kind == stream::EventKind::kDelete;
  });
  if (has_changes) return ingest_changes(events, source, durable);
  std::vector<Post> posts;
  std::vector<int64_t> lines;
  for (auto& e : events) {
    if (e.kind != stream::EventKind::kPost) continue;
    posts.push_back(std::move(e.post));
    lines.push_back(e.line);
  }
  if (posts.empty()) return Status::ok();
  std::vector<Post> copy = posts;
  IngestResults results = ingest_->submit(std::move(copy), durable).get();
  for (size_t i = 0; i < results.size(); ++i) {
    if (results[i].is_ok()) continue;
    const Status& st = results[i].status();
    if (st.code() != StatusCode::kInvalidArgument) return st;
    CHORUS_RETURN_IF_ERROR(dead_->add(source, lines[i], st.message(), post_to_json(posts[i])));
  }
  posts_.fetch_add(posts.size());
  return Status::ok();
}

Status SourceRunner::run_simulator() {
  sim::SimConfig sc;
  sc.seed = options_.sim_seed;
  sc.base_rate = options_.sim_rate;
  sc.start_ms = env_->now_ms();
  sim::Simulator sim(sc);
  const std::string prefix = "r" + std::to_string(sc.start_ms) + "-";
  Post post;
  sim::GroundTruth truth;
  std::vector<Post> batch;
  while (!stop_.load()) {
    if (!sim.next(&post, &truth)) return Status::ok();
    // Real-time pacing: a post is released when the wall clock reaches its time.
    int64_t wait = post.created_at_ms - env_->now_ms();
    if (wait > 0 && !batch.empty()) {
      posts_.fetch_add(batch.size());
      ingest_->submit(std::move(batch), false);
      batch.clear();
    }
    if (wait > 0) sleep_unless_stopped(wait);
    for (std::string* id : {&post.id, &post.reply_to, &post.quote_of, &post.repost_of})
      prefix_id(id, prefix);
    batch.push_back(post);
    if (batch.size() >= 256) {
      posts_.fetch_add(batch.size());
      ingest_->submit(std::move(batch), false);
      batch.clear();
    }
  }
  return Status::ok();
}

Status SourceRunner::run_jsonl(const std::string& path) {
  CHORUS_ASSIGN_OR_RETURN(auto decoder, stream::make_decoder("jsonl"));
  auto bytes = std::make_unique<stream::FileByteSource>(env_, path,
                                                        stream::FollowOptions{true, 200, &stop_});
  stream::LineReader reader(std::move(bytes));
  stream::PipelineOptions po;
  po.threaded = false;
  po.batch_size = 256;
  stream::IngestPipeline pipeline(env_, &reader, decoder.get(), dead_, po);
  return pipeline.run([&](std::vector<stream::StreamEvent>& batch) {
    return ingest_events(batch, "jsonl", false);
  });
}

Status SourceRunner::run_http(const std::string& format, const std::string& url) {
  CHORUS_ASSIGN_OR_RETURN(auto decoder, stream::make_decoder(format));
  size_t scheme_end = url.find("://");
  if (scheme_end == std::string::npos)
    return invalid_argument("source " + format + ": bad URL " + url);
  size_t path_start = url.find('/', scheme_end + 3);
  std::string base = url.substr(0, path_start);
  std::string path = path_start == std::string::npos ? "/" : url.substr(path_start);
  httplib::Client cli(base);
  cli.set_read_timeout(120);
  httplib::Headers headers;
  if (const char* token = std::getenv("CHORUS_SOURCE_TOKEN"))
    headers.emplace("Authorization", std::string("Bearer ") + token);
  std::string pending;
  stream::DecodeOutput out;
  std::vector<stream::StreamEvent> events;
  int64_t line_no = 0;
  Status failure;
  auto res = cli.Get(path, headers, [&](const char* data, size_t n) {
    pending.append(data, n);
    size_t nl;
    while ((nl = pending.find('\n')) != std::string::npos) {
      std::string line = pending.substr(0, nl);
      pending.erase(0, nl + 1);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      ++line_no;
      if (line.empty() || line.starts_with(":")) continue;
      out.clear();
      Status st = decoder->decode(line, &out);
      if (!st.is_ok()) {
        failure = dead_->add(format, line_no, st.message(), line);
        if (!failure.is_ok()) return false;
        continue;
      }
      for (auto& e : out.events) events.push_back(std::move(e));
      failure = ingest_events(events, format, false);
      events.clear();
      if (!failure.is_ok()) return false;
    }
    return !stop_.load();
  });
  CHORUS_RETURN_IF_ERROR(failure);
  if (stop_.load()) return Status::ok();
  if (!res) return unavailable("source " + url + ": " + httplib::to_string(res.error()));
  if (res->status != 200)
    return unavailable("source " + url + ": HTTP " + std::to_string(res->status));
  return unavailable("source " + url + ": stream ended");
}

Status SourceRunner::run_kafka(const std::string& spec) {
  stream::KafkaOptions ko;
  ko.brokers = spec.substr(0, spec.rfind('/'));
  ko.topics = {spec.substr(spec.rfind('/') + 1)};
  CHORUS_ASSIGN_OR_RETURN(auto source, stream::KafkaSource::open(ko));
  CHORUS_ASSIGN_OR_RETURN(auto decoder, stream::make_decoder("jsonl"));
  Status st = source->run(
      decoder.get(), dead_,
      [&](std::vector<stream::StreamEvent>& batch) { return ingest_events(batch, "kafka", true); },
      &stop_);
  Status closed = source->close();
  return st.is_ok() ? closed : st;
}

// The JetstreamSource keeps its cursor across reconnects; this loop keeps it across the
// source's own give-ups (it returns only on stop or a consumer error).
Status SourceRunner::run_jetstream(const std::string& url) {
  stream::JetstreamSourceOptions jo;
  jo.url = url;
  jo.cursor = jetstream_cursor_;
  stream::JetstreamSource source(env_, jo);
  Status st = source.run(
      dead_,
      [&](std::vector<stream::StreamEvent>& batch) {
        return ingest_events(batch, "jetstream", false);
      },
      &stop_);
  jetstream_cursor_ = source.cursor();
  if (!st.is_ok()) return st;
  if (!source.stats().last_error.empty())
    return unavailable("source jetstream: " + source.stats().last_error);
  return Status::ok();
}

}  // namespace chorus::server
