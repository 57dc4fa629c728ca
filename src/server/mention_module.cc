// Mentions and trending stories on the server (a RouteModule, see route_module.h):
//   mentions   a LiveFeed subscription for "@<mention_handle>" is the bounded queue between the
//              ingest thread and one mention worker thread (a full queue drops its oldest post
//              and counts it as overflow; ingestion never waits). The worker hands each post to
//              answer::MentionResponder, which answers through run_grounded_answer, sends the
//              reply to the configured sinks and appends it to <data_dir>/replies/audit.jsonl.
//   GET /api/replies?limit=N   {"handle","stats":{...},"replies":[newest first]} (N in 1..500)
//   GET /api/stories?window=5m|10m|1h&n=N   cited summaries of trending bursts
//              (answer/story_summary.h), cached for 15 s per window and n.
// Thread-safety: the responder is used by the worker only; routes read its thread-safe stats and
// recent replies. stop() closes the subscription and joins the worker.
#include <httplib.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <map>
#include <nlohmann/json.hpp>
#include <thread>

#include "answer/mention_responder.h"
#include "answer/story_summary.h"
#include "base/time_util.h"
#include "server/answer_routes.h"
#include "server/http_util.h"
#include "server/mention_sinks.h"
#include "server/server.h"

namespace chorus::server {
namespace {

// The mention options of a server config; sinks decide the reply format (Bluesky's is stricter).
answer::MentionOptions mention_options(const ServeConfig& c) {
  answer::MentionOptions o;
  o.handle = c.mention_handle;
  o.per_author = {c.mention_author_per_hour, c.mention_author_burst};
  o.per_thread = {c.mention_thread_per_hour, c.mention_thread_burst};
  std::string network = "mastodon";
  for (const std::string& s : c.reply_sinks)
    if (s.starts_with("bluesky:")) network = "bluesky";
  const std::string prefix =
      !c.reply_link_prefix.empty()
          ? c.reply_link_prefix
          : "http://" + c.host + ":" + std::to_string(c.port) + "/api/posts/";
  o.format = answer::reply_format_for(network, prefix);
  o.audit_path = join_path(c.data_dir, "replies/audit.jsonl");
  return o;
}

std::string stats_json(const answer::MentionStats& s) {
  const nlohmann::json j = {{"seen", s.seen},
                            {"replied", s.replied},
                            {"rate_limited", s.rate_limited},
                            {"skipped", s.skipped},
                            {"failed", s.failed},
                            {"overflow", s.overflow},
                            {"delivery_failures", s.delivery_failures}};
  return j.dump();
}

class MentionModule final : public RouteModule {
 public:
  std::string name() const override { return "mentions"; }

  Status install(Server& server) override {
    server_ = &server;
    const ServeConfig& c = server.config();
    if (!c.mention_handle.empty()) CHORUS_RETURN_IF_ERROR(start_mentions(server, c));
    server.add_route(
        Method::kGet, "/api/replies", Access::kRead,
        [this](const httplib::Request& req, httplib::Response& res) { handle_replies(req, res); });
    server.add_route(
        Method::kGet, "/api/stories", Access::kRead,
        [this](const httplib::Request& req, httplib::Response& res) { handle_stories(req, res); });
    return Status::ok();
  }

  void stop() override {
    stopping_.store(true);
    if (sub_) server_->feed().unsubscribe(sub_);
    if (worker_.joinable()) worker_.join();
  }
  ~MentionModule() override { stop(); }

 private:
  Status start_mentions(Server& server, const ServeConfig& c) {
    ReplySinkSettings settings{c.reply_token, c.reply_repo, {}};
    std::vector<std::unique_ptr<answer::ReplySink>> sinks;
    for (const std::string& spec : c.reply_sinks) {
      CHORUS_ASSIGN_OR_RETURN(auto sink, make_reply_sink(spec, settings, server.env()));
      sinks.push_back(std::move(sink));
    }
    answer::AnswerFn fn = [&server](answer::Mode m, const std::string& input, int64_t now) {
      return run_grounded_answer(server, m, input, now);
    };
    answer::PostExists exists = [&server](const std::string& id) {
      return server.index().get(id).is_ok();
    };
    responder_ = std::make_unique<answer::MentionResponder>(mention_options(c), fn,
                                                            std::move(sinks), server.env(), exists);
    if (Status s = responder_->load_audit(); !s.is_ok())
      spdlog::warn("mentions: reading the reply audit: {}", s.to_string());
    sub_ = server.feed().subscribe({"@" + c.mention_handle, "", ""},
                                   static_cast<size_t>(c.mention_queue));
    worker_ = std::thread([this] { run(); });
    spdlog::info("mentions: answering @{} ({} reply sink(s))", c.mention_handle,
                 c.reply_sinks.size());
    return Status::ok();
  }

  void run() {
    uint64_t dropped_seen = 0;
    std::vector<Post> posts;
    while (!stopping_.load()) {
      posts.clear();
      const bool open = sub_->next(&posts, 200);
      if (const uint64_t d = sub_->dropped(); d > dropped_seen) {
        responder_->count_overflow(d - dropped_seen);
        dropped_seen = d;
      }
      for (const Post& p : posts) {
        if (stopping_.load()) break;
        responder_->handle(p, server_->env()->now_ms());
      }
      if (!open) break;
    }
  }

  void handle_replies(const httplib::Request& req, httplib::Response& res) {
    int64_t limit = 50;
    if (req.has_param("limit")) {
      const std::string v = req.get_param_value("limit");
      char* end = nullptr;
      limit = std::strtoll(v.c_str(), &end, 10);
      if (v.empty() || *end != '\0' || limit < 1 || limit > 500)
        return send_error(res, 400, "limit: expected an integer in 1..500", "limit");
    }
    std::string out = "{\"handle\":" + nlohmann::json(server_->config().mention_handle).dump() +
                      ",\"stats\":" + (responder_ ? stats_json(responder_->stats()) : "null") +
                      ",\"replies\":[";
    if (responder_) {
      bool first = true;
      for (const std::string& r : responder_->recent(static_cast<size_t>(limit))) {
        out += (first ? "" : ",") + r;
        first = false;
      }
    }
    send_json(res, out + "]}");
  }

  void handle_stories(const httplib::Request& req, httplib::Response& res) {
    answer::StorySummaryOptions o;
    if (req.has_param("window")) {
      Result<int64_t> w = parse_duration_ms(req.get_param_value("window"));
      if (!w.is_ok() || *w < 60'000 || *w > 3 * 3'600'000)
        return send_error(res, 400, "window: expected a duration from 1m to 3h", "window");
      o.window_ms = *w;
    }
    if (req.has_param("n")) {
      const int n = std::atoi(req.get_param_value("n").c_str());
      if (n < 1 || n > 20) return send_error(res, 400, "n: expected an integer in 1..20", "n");
      o.max_stories = static_cast<size_t>(n);
    }
    const std::string key = std::to_string(o.window_ms) + "/" + std::to_string(o.max_stories);
    const int64_t now = server_->env()->now_ms();
    {
      std::lock_guard lock(cache_mu_);
      auto it = cache_.find(key);
      if (it != cache_.end() && now - it->second.at_ms < kStoriesTtlMs)
        return send_json(res, it->second.json);
    }
    answer::AnswerFn fn = [this](answer::Mode m, const std::string& input, int64_t t) {
      return run_grounded_answer(*server_, m, input, t);
    };
    std::string json = answer::stories_to_json(
        answer::summarize_trending(server_->index(), fn, now, o), o.window_ms);
    {
      // Expired entries go, and at most kStoriesCacheMax keys are kept: `window` takes any
      // duration, so the key space is large.
      std::lock_guard lock(cache_mu_);
      std::erase_if(cache_, [&](const auto& kv) { return now - kv.second.at_ms >= kStoriesTtlMs; });
      if (cache_.size() < kStoriesCacheMax) cache_[key] = {now, json};
    }
    send_json(res, json);
  }

  static constexpr int64_t kStoriesTtlMs = 15'000;
  static constexpr size_t kStoriesCacheMax = 64;
  struct Cached {
    int64_t at_ms = 0;
    std::string json;
  };

  Server* server_ = nullptr;
  std::unique_ptr<answer::MentionResponder> responder_;
  std::shared_ptr<Subscription> sub_;
  std::thread worker_;
  std::atomic<bool> stopping_{false};
  std::mutex cache_mu_;
  std::map<std::string, Cached> cache_;
};

CHORUS_ROUTE_MODULE(MentionModule);

}  // namespace
}  // namespace chorus::server
