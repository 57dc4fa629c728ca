// The Chorus API: POST /api/posts (durable ingest with per-item results), GET /api/search,
// GET /api/posts/{id}, GET /api/trending, GET /api/stream (SSE live feed). Shapes are in
// docs/server.md; search replies match `chorus search --json`.
#include <httplib.h>

#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "base/time_util.h"
#include "post/post_json.h"
#include "server/http_util.h"
#include "server/server.h"

namespace chorus::server {
namespace {

using nlohmann::json;

std::string search_json(const index::SearchResult& r, double took_ms) {
  std::string out = "{\"hits\":[";
  for (size_t i = 0; i < r.hits.size(); ++i) {
    const index::Hit& h = r.hits[i];
    std::string post = post_to_json(h.post);
    char head[96];
    std::snprintf(head, sizeof head, "{\"score\":%.6g,\"doc\":%llu,", h.score,
                  static_cast<unsigned long long>(h.doc));
    out += (i ? "," : "") + std::string(head) + post.substr(1);
  }
  char tail[96];
  std::snprintf(tail, sizeof tail, "],\"matched\":%llu,\"took_ms\":%.3f}",
                static_cast<unsigned long long>(r.matched), took_ms);
  return out + tail;
}

// Fills a Query from ?q=&since=&until=&author=&lang=&limit=&order=; errors name the parameter.
Status parse_search(const httplib::Request& req, int64_t now_ms, index::Query* q,
                    std::string* param) {
  q->text = req.get_param_value("q");
  q->author = req.get_param_value("author");
  if (q->author.starts_with("@")) q->author.erase(0, 1);
  q->lang = req.get_param_value("lang");
  if (req.has_param("since")) {
    *param = "since";
    CHORUS_ASSIGN_OR_RETURN(q->since_ms, parse_time_bound_ms(req.get_param_value("since"), now_ms));
  }
  if (req.has_param("until")) {
    *param = "until";
    CHORUS_ASSIGN_OR_RETURN(q->until_ms, parse_time_bound_ms(req.get_param_value("until"), now_ms));
  }
  if (req.has_param("limit")) {
    *param = "limit";
    const std::string v = req.get_param_value("limit");
    char* end = nullptr;
    long n = std::strtol(v.c_str(), &end, 10);
    if (v.empty() || *end != '\0' || n < 1 || n > 1000)
      return invalid_argument("limit: expected an integer in [1, 1000], got '" + v + "'");
    q->limit = static_cast<size_t>(n);
  }
  const std::string order = req.has_param("order") ? req.get_param_value("order") : "score";
  *param = "order";
  if (order == "newest") {
    q->order = index::Query::Order::kNewest;
  } else if (order != "score") {
    return invalid_argument("order: expected score or newest, got '" + order + "'");
  }
  param->clear();
  return Status::ok();
}

void post_posts(Server& server, const httplib::Request& req, httplib::Response& res) {
  json body = json::parse(req.body, nullptr, false);
  if (body.is_discarded()) return send_error(res, 400, "body: not valid JSON", "body");
  std::vector<json> items;
  if (body.is_array()) {
    items.assign(body.begin(), body.end());
  } else if (body.is_object()) {
    items.push_back(std::move(body));
  } else {
    return send_error(res, 400, "body: expected a post object or an array of posts", "body");
  }
  if (items.empty()) return send_error(res, 400, "body: empty array", "body");
  if (items.size() > 10000) return send_error(res, 413, "at most 10000 posts per request");
  std::vector<json> results(items.size());
  std::vector<Post> posts;
  std::vector<size_t> where;
  PostJsonParser parser;
  for (size_t i = 0; i < items.size(); ++i) {
    Post p;
    Status st = parser.parse(items[i].dump(), &p);
    if (!st.is_ok()) {
      results[i] = {{"index", i}, {"status", "error"}, {"error", st.message()}};
      (void)server.dead_letters()->add("api", static_cast<int64_t>(i) + 1, st.message(),
                                       items[i].dump());
      continue;
    }
    if (p.source.empty()) p.source = "api";
    where.push_back(i);
    posts.push_back(std::move(p));
  }
  size_t accepted = 0;
  if (!posts.empty()) {
    std::vector<std::string> ids;
    for (const Post& p : posts) ids.push_back(p.id);
    IngestResults r = server.ingest().submit(std::move(posts), true).get();
    for (size_t k = 0; k < r.size(); ++k) {
      const size_t i = where[k];
      if (r[k].is_ok()) {
        ++accepted;
        results[i] = {
            {"index", i},
            {"id", ids[k]},
            {"status", *r[k] == index::IngestOutcome::kIndexed ? "indexed" : "duplicate"}};
      } else if (r[k].status().code() == StatusCode::kInvalidArgument) {
        results[i] = {
            {"index", i}, {"id", ids[k]}, {"status", "error"}, {"error", r[k].status().message()}};
      } else {
        // Not durable: the whole request fails so that nothing unsaved is acknowledged.
        return send_status(res, r[k].status());
      }
    }
  }
  json out = {{"accepted", accepted}, {"rejected", items.size() - accepted}, {"results", results}};
  if (accepted == 0) {
    // Nothing accepted: an error envelope, still with the per-item reasons.
    json err = json::parse(
        error_json(400, "no post accepted: " + results[0].value("error", std::string()), "body"));
    err.update(out);
    return send_json(res, err.dump(-1, ' ', false, json::error_handler_t::replace), 400);
  }
  send_json(res, out.dump(-1, ' ', false, json::error_handler_t::replace));
}

void get_stream(Server& server, const httplib::Request& req, httplib::Response& res) {
  FeedFilter f{req.get_param_value("q"), req.get_param_value("author"),
               req.get_param_value("lang")};
  if (f.author.starts_with("@")) f.author.erase(0, 1);
  auto sub = server.feed().subscribe(std::move(f));
  res.set_header("Cache-Control", "no-cache");
  res.set_header("X-Accel-Buffering", "no");
  res.set_chunked_content_provider(
      "text/event-stream",
      [&server, sub, started = false](size_t, httplib::DataSink& sink) mutable {
        if (!started) {
          started = true;
          const std::string hello = ": chorus live feed\n\n";
          return sink.write(hello.data(), hello.size());
        }
        std::vector<Post> posts;
        const bool open = sub->next(&posts, 1000) && !server.stopping();
        std::string out;
        for (const Post& p : posts)
          out += "event: post\nid: " + p.id + "\ndata: " + post_to_json(p) + "\n\n";
        if (posts.empty()) out = ": keep-alive\n\n";
        if (!sink.write(out.data(), out.size())) return false;
        if (!open) {
          sink.done();
        }
        return true;
      },
      [&server, sub](bool) { server.feed().unsubscribe(sub); });
}

}  // namespace

void install_chorus_api(Server& server) {
  server.add_route(Method::kPost, "/api/posts", Access::kWrite,
                   [&server](const httplib::Request& req, httplib::Response& res) {
                     post_posts(server, req, res);
                   });
  server.add_route(Method::kGet, "/api/posts/([^/]+)", Access::kRead,
                   [&server](const httplib::Request& req, httplib::Response& res) {
                     Result<Post> p = server.index().get(req.matches[1].str());
                     if (!p.is_ok()) return send_status(res, p.status(), "id");
                     send_json(res, post_to_json(*p));
                   });
  server.add_route(Method::kGet, "/api/search", Access::kRead,
                   [&server](const httplib::Request& req, httplib::Response& res) {
                     index::Query q;
                     std::string param;
                     const int64_t now = server.env()->now_ms();
                     Status st = parse_search(req, now, &q, &param);
                     if (!st.is_ok()) return send_status(res, st, param);
                     const int64_t t0 = server.env()->monotonic_ns();
                     Result<index::SearchResult> r = server.index().search(q);
                     if (!r.is_ok()) return send_status(res, r.status(), "q");
                     const double took =
                         static_cast<double>(server.env()->monotonic_ns() - t0) / 1e6;
                     send_json(res, search_json(*r, took));
                   });
  server.add_route(
      Method::kGet, "/api/trending", Access::kRead,
      [&server](const httplib::Request& req, httplib::Response& res) {
        const std::string window = req.has_param("window") ? req.get_param_value("window") : "1h";
        if (window != "5m" && window != "1h")
          return send_error(res, 400, "window: expected 5m or 1h, got '" + window + "'", "window");
        size_t n = 10;
        if (req.has_param("n")) {
          const std::string v = req.get_param_value("n");
          char* end = nullptr;
          long x = std::strtol(v.c_str(), &end, 10);
          if (v.empty() || *end != '\0' || x < 1 || x > 100)
            return send_error(res, 400, "n: expected an integer in [1, 100]", "n");
          n = static_cast<size_t>(x);
        }
        const int64_t window_ms = window == "5m" ? 300'000 : 3'600'000;
        json items = json::array();
        for (const auto& t : server.index().trending(window_ms, n, server.env()->now_ms()))
          items.push_back({{"term", t.term}, {"count", t.count}, {"burst", t.burst}});
        send_json(res, json{{"window", window}, {"trending", items}}.dump(
                           -1, ' ', false, json::error_handler_t::replace));
      });
  server.add_route(Method::kGet, "/api/stream", Access::kRead,
                   [&server](const httplib::Request& req, httplib::Response& res) {
                     get_stream(server, req, res);
                   });
}

}  // namespace chorus::server
