// ServeConfig: every setting of `chorus serve`, and how they are layered.
//
// Precedence, lowest first: built-in defaults < the TOML config file (--config) < environment
// variables (CHORUS_*) < command-line flags (applied by the caller, src/app/cmd_serve.cc).
// The config file keys and environment variables are listed in docs/server.md; unknown config
// keys are kInvalidArgument naming the key so that typos do not pass silently.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "server/toml_config.h"

namespace chorus::server {

struct ServeConfig {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0: an ephemeral port (tests)
  std::string data_dir = "./chorus-data";
  // jsonl:PATH | jetstream:URL | mastodon:URL | xv2:URL | kafka:BROKERS/TOPIC | simulator | none
  std::string source = "simulator";
  std::string model;                  // GGUF path; empty: no local model
  std::string model_name;             // id in /v1/models; default: the file's stem
  std::vector<std::string> llm_urls;  // remote OpenAI-compatible backends (a pool)
  int threads = 1;                    // compute threads of the local model
  int parallel = 4;                   // concurrent sequences of the local model
  int64_t context = 2048;             // positions per sequence (capped by the model's)
  int max_queue = 64;                 // requests waiting for a sequence before 429
  std::vector<std::string> api_keys;
  bool require_auth = false;  // keys required on every route, reads included
  std::string log_level = "info";
  double sim_rate = 20.0;  // simulator posts per second
  uint64_t sim_seed = 1;
  size_t max_body_bytes = 8u << 20;  // larger request bodies get 413
  double rate_limit_rps = 0;         // per key (or client address) requests/s; 0: unlimited
  double rate_limit_burst = 20;
  std::vector<std::string> cors_origins = {"*"};  // empty: no CORS headers
  int http_threads = 96;              // HTTP worker threads (each streaming reply holds one)
  int64_t health_interval_ms = 5000;  // remote backend health checks
  // Mentions (docs/answers.md): posts naming @mention_handle are answered; "" turns them off.
  std::string mention_handle = "chorus";
  // jsonl:PATH | webhook:URL | mastodon:URL | bluesky:URL; replies are always kept in
  // <data_dir>/replies/audit.jsonl and listed by GET /api/replies.
  std::vector<std::string> reply_sinks;
  std::string reply_token;        // Bearer token of mastodon:/bluesky: sinks (CHORUS_REPLY_TOKEN)
  std::string reply_repo;         // the Bluesky account's DID (CHORUS_REPLY_REPO)
  std::string reply_link_prefix;  // before a cited post id; default http://HOST:PORT/api/posts/
  double mention_author_per_hour = 20, mention_author_burst = 3;
  double mention_thread_per_hour = 30, mention_thread_burst = 5;
  int mention_queue = 256;  // mentions waiting for the worker; older ones dropped and counted
  // Index retention (docs/index.md): whole sealed segments whose posts are all older than
  // retention_age_ms, or beyond the newest retention_posts posts, are dropped with their files.
  // 0: keep forever. Applied on the index writer every retention_interval_ms (> 0).
  int64_t retention_age_ms = 0;
  uint64_t retention_posts = 0;
  int64_t retention_interval_ms = 30'000;
  // Posts per index segment, the unit retention drops; 0: the index default (2^20).
  uint32_t segment_posts = 0;
};

// The largest segment_posts the index takes (ActiveSegment::kMaxDocs).
inline constexpr int64_t kMaxSegmentPosts = 1 << 24;

// Applies the keys of a parsed config file.
Status apply_config_file(const TomlDoc& doc, ServeConfig* config);
// Reads and applies a config file through `read` (file contents or an error).
Status load_config_file(const std::function<Result<std::string>(const std::string&)>& read,
                        const std::string& path, ServeConfig* config);
// Applies CHORUS_* environment variables found through `getenv` (returns null when unset).
Status apply_environment(const std::function<const char*(const char*)>& getenv,
                         ServeConfig* config);
// Checks ranges and the source syntax; kInvalidArgument names the setting.
Status validate_config(const ServeConfig& config);

// A duration setting in milliseconds, read by parse_duration_ms (base/time_util.h: "90s", "30m",
// "12h", "7d", "2w", "1h30m", "500ms"; a bare number is seconds); kInvalidArgument naming `name`
// (the flag, key or variable) otherwise.
Result<int64_t> parse_duration_setting(std::string_view name, std::string_view text);
// The same for how often retention runs: a duration above 0 ("500ms", "30s", "5m").
Result<int64_t> parse_retention_interval(std::string_view name, std::string_view text);

// Splits "a,b , c" into trimmed non-empty parts.
std::vector<std::string> split_list(std::string_view s);

}  // namespace chorus::server
