#include "server/serve_config.h"

#include <cstdlib>
#include <set>

#include "base/time_util.h"

namespace chorus::server {
namespace {

Status parse_int(const char* name, std::string_view v, int64_t* out) {
  std::string s(v);
  char* end = nullptr;
  long long x = std::strtoll(s.c_str(), &end, 10);
  if (s.empty() || *end != '\0')
    return invalid_argument(std::string(name) + ": not an integer: " + s);
  *out = x;
  return Status::ok();
}

Status parse_double(const char* name, std::string_view v, double* out) {
  std::string s(v);
  char* end = nullptr;
  double x = std::strtod(s.c_str(), &end);
  if (s.empty() || *end != '\0')
    return invalid_argument(std::string(name) + ": not a number: " + s);
  *out = x;
  return Status::ok();
}

Status parse_bool(const char* name, std::string_view v, bool* out) {
  if (v == "1" || v == "true" || v == "yes") {
    *out = true;
  } else if (v == "0" || v == "false" || v == "no") {
    *out = false;
  } else {
    return invalid_argument(std::string(name) + ": expected true or false, got " + std::string(v));
  }
  return Status::ok();
}

// Reads key into *out when present; absent keys are not an error.
template <typename T>
Status take(const TomlDoc& doc, const std::string& key, T* out) {
  Status s = doc.get(key, out);
  return s.code() == StatusCode::kNotFound ? Status::ok() : s;
}

template <typename T>
Status take_int(const TomlDoc& doc, const std::string& key, T* out) {
  int64_t v = static_cast<int64_t>(*out);
  CHORUS_RETURN_IF_ERROR(take(doc, key, &v));
  *out = static_cast<T>(v);
  return Status::ok();
}

// One list of recognized keys: the file's keys are checked against it.
const std::set<std::string>& known_keys() {
  static const std::set<std::string> keys = {"host",
                                             "port",
                                             "data_dir",
                                             "source",
                                             "model",
                                             "model_name",
                                             "llm_url",
                                             "threads",
                                             "parallel",
                                             "context",
                                             "max_queue",
                                             "api_keys",
                                             "require_auth",
                                             "log_level",
                                             "simulator.rate",
                                             "simulator.seed",
                                             "limits.max_body_bytes",
                                             "limits.rate_per_second",
                                             "limits.burst",
                                             "cors.origins",
                                             "http.threads",
                                             "llm.health_interval_ms",
                                             "mentions.handle",
                                             "mentions.sinks",
                                             "mentions.link_prefix",
                                             "mentions.author_per_hour",
                                             "mentions.author_burst",
                                             "mentions.thread_per_hour",
                                             "mentions.thread_burst",
                                             "mentions.queue",
                                             "retention_age",
                                             "retention_interval",
                                             "retention_posts",
                                             "segment_posts"};
  return keys;
}

// retention_age = "7d" (or 0: off), retention_interval = "30s" (> 0) and retention_posts = N (a
// non-negative integer).
Status take_retention(const TomlDoc& doc, ServeConfig* c) {
  if (doc.has("retention_interval")) {
    std::string every;
    if (!doc.get("retention_interval", &every).is_ok())
      return invalid_argument("retention_interval: expected a duration string like \"30s\"");
    CHORUS_ASSIGN_OR_RETURN(c->retention_interval_ms,
                            parse_retention_interval("retention_interval", every));
  }
  if (doc.has("retention_age")) {
    std::string age;
    int64_t zero = -1;
    if (doc.get("retention_age", &zero).is_ok() && zero == 0) age = "0";
    if (zero != 0 && !doc.get("retention_age", &age).is_ok())
      return invalid_argument("retention_age: expected a duration string like \"7d\"");
    CHORUS_ASSIGN_OR_RETURN(c->retention_age_ms, parse_duration_setting("retention_age", age));
  }
  int64_t posts = static_cast<int64_t>(c->retention_posts);
  CHORUS_RETURN_IF_ERROR(take(doc, "retention_posts", &posts));
  if (posts < 0) return invalid_argument("retention_posts: must be >= 0 (0: no limit)");
  c->retention_posts = static_cast<uint64_t>(posts);
  int64_t segment = c->segment_posts;
  CHORUS_RETURN_IF_ERROR(take(doc, "segment_posts", &segment));
  if (segment < 0 || segment > kMaxSegmentPosts)
    return invalid_argument("segment_posts: must be in [0, " + std::to_string(kMaxSegmentPosts) +
                            "] (0: the index default)");
  c->segment_posts = static_cast<uint32_t>(segment);
  return Status::ok();
}

Status validate_mentions(const ServeConfig& c) {
  if (c.mention_author_per_hour < 0 || c.mention_author_burst < 0 ||
      c.mention_thread_per_hour < 0 || c.mention_thread_burst < 0)
    return invalid_argument("mentions: rates and bursts must be >= 0");
  if (c.mention_queue < 1) return invalid_argument("mentions.queue: must be >= 1");
  for (const std::string& sink : c.reply_sinks) {
    const size_t colon = sink.find(':');
    const std::string kind = sink.substr(0, colon);
    const bool known =
        kind == "jsonl" || kind == "webhook" || kind == "mastodon" || kind == "bluesky";
    if (!known || colon == std::string::npos || colon + 1 == sink.size())
      return invalid_argument(
          "reply-sink: expected jsonl:PATH, webhook:URL, mastodon:URL or "
          "bluesky:URL; got '" +
          sink + "'");
    if ((kind == "mastodon" || kind == "bluesky") && c.reply_token.empty())
      return invalid_argument("reply-sink " + kind + ": needs CHORUS_REPLY_TOKEN");
    if (kind == "bluesky" && c.reply_repo.empty())
      return invalid_argument("reply-sink bluesky: needs CHORUS_REPLY_REPO (the account's DID)");
  }
  return Status::ok();
}

}  // namespace

namespace {

// A duration of at least `min_ms`; otherwise kInvalidArgument naming `name` and showing `want`.
Result<int64_t> parse_duration_at_least(std::string_view name, std::string_view text,
                                        int64_t min_ms, std::string_view want) {
  Result<int64_t> ms = parse_duration_ms(text);
  if (ms.is_ok() && *ms >= min_ms) return ms;
  return invalid_argument(std::string(name) + ": expected " + std::string(want) + "; got '" +
                          std::string(text) + "'" +
                          (ms.is_ok() ? "" : " (" + ms.status().message() + ")"));
}

}  // namespace

Result<int64_t> parse_retention_interval(std::string_view name, std::string_view text) {
  return parse_duration_at_least(name, text, 1, "a duration above 0 like 500ms, 30s or 5m");
}

Result<int64_t> parse_duration_setting(std::string_view name, std::string_view text) {
  return parse_duration_at_least(name, text, 0, "a duration like 90s, 30m, 12h or 7d (0: off)");
}

std::vector<std::string> split_list(std::string_view s) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos <= s.size()) {
    size_t comma = s.find(',', pos);
    std::string_view part = s.substr(pos, comma == std::string_view::npos ? comma : comma - pos);
    while (!part.empty() && (part.front() == ' ' || part.front() == '\t')) part.remove_prefix(1);
    while (!part.empty() && (part.back() == ' ' || part.back() == '\t')) part.remove_suffix(1);
    if (!part.empty()) out.emplace_back(part);
    if (comma == std::string_view::npos) break;
    pos = comma + 1;
  }
  return out;
}

Status apply_config_file(const TomlDoc& doc, ServeConfig* c) {
  for (const auto& [key, value] : doc.values())
    if (!known_keys().count(key)) return invalid_argument("config: unknown key " + key);
  CHORUS_RETURN_IF_ERROR(take(doc, "host", &c->host));
  CHORUS_RETURN_IF_ERROR(take_int(doc, "port", &c->port));
  CHORUS_RETURN_IF_ERROR(take(doc, "data_dir", &c->data_dir));
  CHORUS_RETURN_IF_ERROR(take(doc, "source", &c->source));
  CHORUS_RETURN_IF_ERROR(take(doc, "model", &c->model));
  CHORUS_RETURN_IF_ERROR(take(doc, "model_name", &c->model_name));
  if (doc.has("llm_url")) {
    std::string one;
    if (doc.get("llm_url", &one).is_ok()) {
      c->llm_urls = {one};
    } else {
      CHORUS_RETURN_IF_ERROR(doc.get("llm_url", &c->llm_urls));
    }
  }
  CHORUS_RETURN_IF_ERROR(take_int(doc, "threads", &c->threads));
  CHORUS_RETURN_IF_ERROR(take_int(doc, "parallel", &c->parallel));
  CHORUS_RETURN_IF_ERROR(take_int(doc, "context", &c->context));
  CHORUS_RETURN_IF_ERROR(take_int(doc, "max_queue", &c->max_queue));
  CHORUS_RETURN_IF_ERROR(take(doc, "api_keys", &c->api_keys));
  CHORUS_RETURN_IF_ERROR(take(doc, "require_auth", &c->require_auth));
  CHORUS_RETURN_IF_ERROR(take(doc, "log_level", &c->log_level));
  CHORUS_RETURN_IF_ERROR(take(doc, "simulator.rate", &c->sim_rate));
  CHORUS_RETURN_IF_ERROR(take_int(doc, "simulator.seed", &c->sim_seed));
  CHORUS_RETURN_IF_ERROR(take_int(doc, "limits.max_body_bytes", &c->max_body_bytes));
  CHORUS_RETURN_IF_ERROR(take(doc, "limits.rate_per_second", &c->rate_limit_rps));
  CHORUS_RETURN_IF_ERROR(take(doc, "limits.burst", &c->rate_limit_burst));
  CHORUS_RETURN_IF_ERROR(take(doc, "cors.origins", &c->cors_origins));
  CHORUS_RETURN_IF_ERROR(take_int(doc, "http.threads", &c->http_threads));
  CHORUS_RETURN_IF_ERROR(take_int(doc, "llm.health_interval_ms", &c->health_interval_ms));
  CHORUS_RETURN_IF_ERROR(take(doc, "mentions.handle", &c->mention_handle));
  CHORUS_RETURN_IF_ERROR(take(doc, "mentions.sinks", &c->reply_sinks));
  CHORUS_RETURN_IF_ERROR(take(doc, "mentions.link_prefix", &c->reply_link_prefix));
  CHORUS_RETURN_IF_ERROR(take(doc, "mentions.author_per_hour", &c->mention_author_per_hour));
  CHORUS_RETURN_IF_ERROR(take(doc, "mentions.author_burst", &c->mention_author_burst));
  CHORUS_RETURN_IF_ERROR(take(doc, "mentions.thread_per_hour", &c->mention_thread_per_hour));
  CHORUS_RETURN_IF_ERROR(take(doc, "mentions.thread_burst", &c->mention_thread_burst));
  CHORUS_RETURN_IF_ERROR(take_int(doc, "mentions.queue", &c->mention_queue));
  return take_retention(doc, c);
}

Status load_config_file(const std::function<Result<std::string>(const std::string&)>& read,
                        const std::string& path, ServeConfig* config) {
  Result<std::string> text = read(path);
  if (!text.is_ok()) return text.status().with_context("reading config " + path);
  Result<TomlDoc> doc = TomlDoc::parse(*text);
  if (!doc.is_ok()) return doc.status().with_context(path);
  return apply_config_file(*doc, config).with_context(path);
}

Status apply_environment(const std::function<const char*(const char*)>& getenv, ServeConfig* c) {
  auto str = [&](const char* name, std::string* out) {
    if (const char* v = getenv(name); v && *v) *out = v;
  };
  str("CHORUS_HOST", &c->host);
  str("CHORUS_DATA_DIR", &c->data_dir);
  str("CHORUS_MODEL", &c->model);
  str("CHORUS_MODEL_NAME", &c->model_name);
  str("CHORUS_SOURCE", &c->source);
  str("CHORUS_LOG_LEVEL", &c->log_level);
  if (const char* v = getenv("CHORUS_LLM_URL"); v && *v) c->llm_urls = split_list(v);
  if (const char* v = getenv("CHORUS_API_KEYS"); v && *v) c->api_keys = split_list(v);
  if (const char* v = getenv("CHORUS_CORS_ORIGINS"); v) c->cors_origins = split_list(v);
  struct IntVar {
    const char* name;
    int64_t* tmp;
  };
  int64_t port = c->port, threads = c->threads, parallel = c->parallel, queue = c->max_queue;
  int64_t seed = static_cast<int64_t>(c->sim_seed);
  for (IntVar iv : {IntVar{"CHORUS_PORT", &port}, IntVar{"CHORUS_THREADS", &threads},
                    IntVar{"CHORUS_PARALLEL", &parallel}, IntVar{"CHORUS_MAX_QUEUE", &queue},
                    IntVar{"CHORUS_SIM_SEED", &seed}})
    if (const char* v = getenv(iv.name); v && *v)
      CHORUS_RETURN_IF_ERROR(parse_int(iv.name, v, iv.tmp));
  c->port = static_cast<int>(port);
  c->threads = static_cast<int>(threads);
  c->parallel = static_cast<int>(parallel);
  c->max_queue = static_cast<int>(queue);
  c->sim_seed = static_cast<uint64_t>(seed);
  if (const char* v = getenv("CHORUS_SIM_RATE"); v && *v)
    CHORUS_RETURN_IF_ERROR(parse_double("CHORUS_SIM_RATE", v, &c->sim_rate));
  if (const char* v = getenv("CHORUS_REQUIRE_AUTH"); v && *v)
    CHORUS_RETURN_IF_ERROR(parse_bool("CHORUS_REQUIRE_AUTH", v, &c->require_auth));
  str("CHORUS_REPLY_TOKEN", &c->reply_token);
  str("CHORUS_REPLY_REPO", &c->reply_repo);
  if (const char* v = getenv("CHORUS_RETENTION_AGE"); v && *v) {
    CHORUS_ASSIGN_OR_RETURN(c->retention_age_ms, parse_duration_setting("CHORUS_RETENTION_AGE", v));
  }
  if (const char* v = getenv("CHORUS_RETENTION_INTERVAL"); v && *v) {
    CHORUS_ASSIGN_OR_RETURN(c->retention_interval_ms,
                            parse_retention_interval("CHORUS_RETENTION_INTERVAL", v));
  }
  if (const char* v = getenv("CHORUS_RETENTION_POSTS"); v && *v) {
    int64_t posts = 0;
    CHORUS_RETURN_IF_ERROR(parse_int("CHORUS_RETENTION_POSTS", v, &posts));
    if (posts < 0) return invalid_argument("CHORUS_RETENTION_POSTS: must be >= 0 (0: no limit)");
    c->retention_posts = static_cast<uint64_t>(posts);
  }
  return Status::ok();
}

Status validate_config(const ServeConfig& c) {
  if (c.port < 0 || c.port > 65535) return invalid_argument("port: must be in [0, 65535]");
  if (c.threads < 1 || c.threads > 256) return invalid_argument("threads: must be in [1, 256]");
  if (c.parallel < 1 || c.parallel > 1024)
    return invalid_argument("parallel: must be in [1, 1024]");
  if (c.max_queue < 0) return invalid_argument("max_queue: must be >= 0");
  if (c.context < 16) return invalid_argument("context: must be >= 16");
  if (c.sim_rate <= 0) return invalid_argument("sim-rate: must be > 0");
  if (c.http_threads < 4) return invalid_argument("http threads: must be >= 4");
  if (c.max_body_bytes < 1024) return invalid_argument("max_body_bytes: must be >= 1024");
  if (c.rate_limit_rps < 0) return invalid_argument("rate_per_second: must be >= 0");
  if (c.retention_age_ms < 0) return invalid_argument("retention_age: must be >= 0 (0: off)");
  if (c.retention_interval_ms < 1) return invalid_argument("retention_interval: must be >= 1 ms");
  if (c.segment_posts > kMaxSegmentPosts)
    return invalid_argument("segment_posts: must be at most " + std::to_string(kMaxSegmentPosts));
  if (!c.model.empty() && !c.llm_urls.empty())
    return invalid_argument("model and llm-url: give a local model or remote backends, not both");
  CHORUS_RETURN_IF_ERROR(validate_mentions(c));
  static const char* kPrefixes[] = {"jsonl:", "jetstream:", "mastodon:", "xv2:", "kafka:"};
  if (c.source == "simulator" || c.source == "none") return Status::ok();
  for (const char* p : kPrefixes)
    if (c.source.starts_with(p) && c.source.size() > std::string_view(p).size())
      return Status::ok();
  return invalid_argument(
      "source: expected jsonl:PATH, jetstream:URL, mastodon:URL, xv2:URL, "
      "kafka:BROKERS/TOPIC, simulator or none; got '" +
      c.source + "'");
}

}  // namespace chorus::server
