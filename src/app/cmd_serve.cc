// `chorus serve`: the HTTP server (OpenAI-compatible API, Chorus API, live feed, metrics) over
// the index in the data dir, fed by a source. Settings: defaults < --config FILE (TOML) <
// CHORUS_* environment variables < flags (see docs/server.md). Logs JSON lines on stderr
// (--log-text for human-readable lines). SIGINT/SIGTERM: stop accepting, end streams, drain and
// sync ingestion, close the index, flush the log; exit 0.
#include <signal.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <spdlog/spdlog.h>

#include "app/commands.h"
#include "base/env.h"
#include "base/log.h"
#include "server/server.h"

namespace chorus::app {
namespace {

struct ServeFlags {
  std::string config_file;
  server::ServeConfig c;           // flag values land here; only flags given are applied
  std::string retention_age;       // a duration, parsed when given
  std::string retention_interval;  // likewise
  bool log_text = false;
};

// Copies each flag that was given on the command line over `config`; kInvalidArgument names a
// flag whose value cannot be read.
Status apply_flags(CLI::App* cmd, const ServeFlags& f, server::ServeConfig* config) {
  auto given = [&](const char* name) { return cmd->get_option(name)->count() > 0; };
  const server::ServeConfig& c = f.c;
  if (given("--host")) config->host = c.host;
  if (given("--port")) config->port = c.port;
  if (given("--data-dir")) config->data_dir = c.data_dir;
  if (given("--source")) config->source = c.source;
  if (given("--model")) config->model = c.model;
  if (given("--model-name")) config->model_name = c.model_name;
  if (given("--llm-url")) config->llm_urls = c.llm_urls;
  if (given("--threads")) config->threads = c.threads;
  if (given("--parallel")) config->parallel = c.parallel;
  if (given("--ctx")) config->context = c.context;
  if (given("--max-queue")) config->max_queue = c.max_queue;
  if (given("--api-key")) config->api_keys = c.api_keys;
  if (given("--require-auth")) config->require_auth = c.require_auth;
  if (given("--log-level")) config->log_level = c.log_level;
  if (given("--sim-rate")) config->sim_rate = c.sim_rate;
  if (given("--sim-seed")) config->sim_seed = c.sim_seed;
  if (given("--max-body-bytes")) config->max_body_bytes = c.max_body_bytes;
  if (given("--rate-limit")) config->rate_limit_rps = c.rate_limit_rps;
  if (given("--rate-burst")) config->rate_limit_burst = c.rate_limit_burst;
  if (given("--cors-origin")) config->cors_origins = c.cors_origins;
  if (given("--http-threads")) config->http_threads = c.http_threads;
  if (given("--mention-handle")) config->mention_handle = c.mention_handle;
  if (given("--reply-sink")) config->reply_sinks = c.reply_sinks;
  if (given("--reply-link-prefix")) config->reply_link_prefix = c.reply_link_prefix;
  if (given("--mention-author-per-hour"))
    config->mention_author_per_hour = c.mention_author_per_hour;
  if (given("--mention-thread-per-hour"))
    config->mention_thread_per_hour = c.mention_thread_per_hour;
  if (given("--retention-posts")) config->retention_posts = c.retention_posts;
  if (given("--segment-posts")) config->segment_posts = c.segment_posts;
  if (given("--retention-age")) {
    CHORUS_ASSIGN_OR_RETURN(config->retention_age_ms,
                            server::parse_duration_setting("--retention-age", f.retention_age));
  }
  if (given("--retention-interval")) {
    CHORUS_ASSIGN_OR_RETURN(
        config->retention_interval_ms,
        server::parse_retention_interval("--retention-interval", f.retention_interval));
  }
  return Status::ok();
}

Status serve(CLI::App* cmd, const ServeFlags& flags) {
  server::ServeConfig config;
  Env* env = Env::posix();
  if (!flags.config_file.empty()) {
    CHORUS_RETURN_IF_ERROR(server::load_config_file(
        [env](const std::string& p) { return env->read_file(p); }, flags.config_file, &config));
  }
  CHORUS_RETURN_IF_ERROR(
      server::apply_environment([](const char* n) { return std::getenv(n); }, &config));
  CHORUS_RETURN_IF_ERROR(apply_flags(cmd, flags, &config));
  CHORUS_RETURN_IF_ERROR(init_logging(config.log_level, !flags.log_text));
  // Signals are taken by one thread with sigwait; every other thread inherits the blocked mask.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  CHORUS_ASSIGN_OR_RETURN(auto srv, server::Server::create(config, env));
  CHORUS_RETURN_IF_ERROR(srv->start());
  std::thread signals([&] {
    int sig = 0;
    sigwait(&set, &sig);
    spdlog::info("signal {} received", sig);
    srv->shutdown();
  });
  srv->wait();
  // A shutdown not caused by a signal (none today) would leave the signal thread waiting.
  signals.join();
  return Status::ok();
}

void add_serve(Cli& cli) {
  CLI::App* cmd = cli.root().add_subcommand(
      "serve", "Serve the OpenAI-compatible API and the Chorus API over a live stream");
  auto f = std::make_shared<ServeFlags>();
  server::ServeConfig& c = f->c;
  cmd->add_option("--config", f->config_file, "TOML config file");
  cmd->add_option("--host", c.host, "listen address (default 127.0.0.1)");
  cmd->add_option("--port", c.port, "listen port (default 8080; 0: any free port)");
  cmd->add_option("--data-dir", c.data_dir, "data directory (default ./chorus-data)");
  cmd->add_option("--source", c.source,
                  "jsonl:PATH | jetstream:URL | mastodon:URL | xv2:URL | kafka:BROKERS/TOPIC | "
                  "simulator | none (default simulator)");
  cmd->add_option("--model", c.model, "local GGUF model");
  cmd->add_option("--model-name", c.model_name, "model id on /v1/models (default: file name)");
  cmd->add_option("--llm-url", c.llm_urls, "remote OpenAI-compatible server (repeatable: a pool)");
  cmd->add_option("--threads", c.threads, "compute threads of the local model");
  cmd->add_option("--parallel", c.parallel, "concurrent sequences of the local model");
  cmd->add_option("--ctx", c.context, "positions per sequence (default 2048)");
  cmd->add_option("--max-queue", c.max_queue, "requests waiting for a sequence before 429");
  cmd->add_option("--api-key", c.api_keys, "API key (repeatable)");
  cmd->add_flag("--require-auth", c.require_auth, "require an API key on every route");
  cmd->add_option("--log-level", c.log_level, "trace, debug, info, warn, error or off");
  cmd->add_flag("--log-text", f->log_text, "human-readable log lines instead of JSON");
  cmd->add_option("--sim-rate", c.sim_rate, "simulator posts per second");
  cmd->add_option("--sim-seed", c.sim_seed, "simulator seed");
  cmd->add_option("--max-body-bytes", c.max_body_bytes, "largest request body (413 beyond)");
  cmd->add_option("--rate-limit", c.rate_limit_rps, "requests/s per API key or client (0: off)");
  cmd->add_option("--rate-burst", c.rate_limit_burst, "token-bucket size of the rate limit");
  cmd->add_option("--cors-origin", c.cors_origins, "allowed CORS origin (repeatable; * for any)");
  cmd->add_option("--http-threads", c.http_threads, "HTTP worker threads");
  cmd->add_option("--mention-handle", c.mention_handle,
                  "answer posts that mention @HANDLE (default chorus; \"\" turns it off)");
  cmd->add_option("--reply-sink", c.reply_sinks,
                  "where mention replies go: jsonl:PATH | webhook:URL | mastodon:URL | "
                  "bluesky:URL (repeatable)");
  cmd->add_option("--reply-link-prefix", c.reply_link_prefix,
                  "link prefix of cited posts in replies (default http://HOST:PORT/api/posts/)");
  cmd->add_option("--mention-author-per-hour", c.mention_author_per_hour,
                  "replies per hour to one author (default 20, burst 3)");
  cmd->add_option("--mention-thread-per-hour", c.mention_thread_per_hour,
                  "replies per hour in one thread (default 30, burst 5)");
  cmd->add_option("--retention-age", f->retention_age,
                  "drop index segments whose posts are all older than this: 90s, 30m, 12h, 7d "
                  "(default 0: keep forever)");
  cmd->add_option("--retention-posts", c.retention_posts,
                  "keep about the newest N posts, dropping whole older segments (default 0: all)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--retention-interval", f->retention_interval,
                  "how often retention runs: 500ms, 30s, 5m (default 30s)");
  cmd->add_option("--segment-posts", c.segment_posts,
                  "posts per index segment, the unit retention drops (default 1048576)");
  cmd->callback([cmd, f] { report(serve(cmd, *f), "serve"); });
}

}  // namespace

CHORUS_COMMANDS(add_serve);

}  // namespace chorus::app
