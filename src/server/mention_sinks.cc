#include "server/mention_sinks.h"

#include <httplib.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "base/time_util.h"
#include "stream/net/url.h"

namespace chorus::server {
namespace {

using nlohmann::json;

Status http_failure(const std::string& what, int status, const std::string& body) {
  const std::string msg = what + ": HTTP " + std::to_string(status) + " " + body.substr(0, 200);
  return status == 429 || status >= 500 ? unavailable(msg) : invalid_argument(msg);
}

// A remote id from a JSON response field, "" when absent.
std::string field_of(const std::string& body, const char* key) {
  const json j = json::parse(body, nullptr, false);
  if (!j.is_object() || !j.contains(key)) return "";
  return j[key].is_string() ? j[key].get<std::string>() : j[key].dump();
}

class WebhookSink final : public answer::ReplySink {
 public:
  WebhookSink(Env* env, std::string url, RetryPolicy retry)
      : env_(env), url_(std::move(url)), retry_(retry) {}
  std::string name() const override { return "webhook"; }
  int last_attempts() const override { return attempts_; }
  Result<std::string> deliver(const answer::Reply& reply) override {
    CHORUS_ASSIGN_OR_RETURN(
        std::string body,
        http_with_retries(env_, "POST", url_, answer::reply_payload_json(reply),
                          {{"Content-Type", "application/json"}}, retry_, &attempts_));
    return field_of(body, "id");
  }

 private:
  Env* env_;
  std::string url_;
  RetryPolicy retry_;
  int attempts_ = 0;
};

class MastodonSink final : public answer::ReplySink {
 public:
  MastodonSink(Env* env, std::string base, ReplySinkSettings s)
      : env_(env), base_(std::move(base)), s_(std::move(s)) {}
  std::string name() const override { return "mastodon"; }
  int last_attempts() const override { return attempts_; }
  Result<std::string> deliver(const answer::Reply& reply) override {
    // Posts decoded from Mastodon carry the status id after a "mastodon:" prefix.
    std::string status_id = reply.mention_id;
    if (status_id.starts_with("mastodon:")) status_id.erase(0, 9);
    const json req = {{"status", reply.text}, {"in_reply_to_id", status_id}};
    CHORUS_ASSIGN_OR_RETURN(std::string body,
                            http_with_retries(env_, "POST", base_ + "/api/v1/statuses", req.dump(),
                                              {{"Content-Type", "application/json"},
                                               {"Authorization", "Bearer " + s_.token},
                                               {"Idempotency-Key", reply.id}},
                                              s_.retry, &attempts_));
    return field_of(body, "id");
  }

 private:
  Env* env_;
  std::string base_;
  ReplySinkSettings s_;
  int attempts_ = 0;
};

// Link facets (byte offsets) for every http(s) URL in `text`.
json link_facets(const std::string& text) {
  json facets = json::array();
  for (size_t at = text.find("http"); at != std::string::npos; at = text.find("http", at + 1)) {
    if (text.compare(at, 7, "http://") != 0 && text.compare(at, 8, "https://") != 0) continue;
    const size_t end = std::min(text.find_first_of(" \n", at), text.size());
    facets.push_back({{"index", {{"byteStart", at}, {"byteEnd", end}}},
                      {"features", json::array({{{"$type", "app.bsky.richtext.facet#link"},
                                                 {"uri", text.substr(at, end - at)}}})}});
    at = end - 1;
  }
  return facets;
}

class BlueskySink final : public answer::ReplySink {
 public:
  BlueskySink(Env* env, std::string base, ReplySinkSettings s)
      : env_(env), base_(std::move(base)), s_(std::move(s)) {}
  std::string name() const override { return "bluesky"; }
  int last_attempts() const override { return attempts_; }
  Result<std::string> deliver(const answer::Reply& reply) override {
    // at://<did>/app.bsky.feed.post/<rkey>
    const std::string& uri = reply.mention_id;
    const size_t coll = uri.find("/app.bsky.feed.post/");
    if (!uri.starts_with("at://") || coll == std::string::npos)
      return invalid_argument("bluesky: mention " + uri + " is not an app.bsky.feed.post URI");
    const std::string did = uri.substr(5, coll - 5);
    const std::string rkey = uri.substr(coll + 20);
    const std::map<std::string, std::string> auth = {{"Authorization", "Bearer " + s_.token}};
    int got = 0;
    CHORUS_ASSIGN_OR_RETURN(
        std::string record,
        http_with_retries(env_, "GET",
                          base_ + "/xrpc/com.atproto.repo.getRecord?repo=" + did +
                              "&collection=app.bsky.feed.post&rkey=" + rkey,
                          "", auth, s_.retry, &got));
    const json rec = json::parse(record, nullptr, false);
    if (!rec.is_object() || !rec.contains("cid") || !rec["cid"].is_string())
      return invalid_argument("bluesky: getRecord of " + uri + " has no cid");
    const json parent = {{"uri", rec.value("uri", uri)}, {"cid", rec["cid"]}};
    json root = parent;
    if (rec.contains("value") && rec["value"].is_object() && rec["value"].contains("reply") &&
        rec["value"]["reply"].is_object() && rec["value"]["reply"].contains("root"))
      root = rec["value"]["reply"]["root"];
    json post = {{"$type", "app.bsky.feed.post"},
                 {"text", reply.text},
                 {"createdAt", format_time_iso(reply.created_at_ms)},
                 {"reply", {{"root", root}, {"parent", parent}}}};
    if (json facets = link_facets(reply.text); !facets.empty()) post["facets"] = facets;
    const json req = {{"repo", s_.repo}, {"collection", "app.bsky.feed.post"}, {"record", post}};
    std::map<std::string, std::string> headers = auth;
    headers["Content-Type"] = "application/json";
    Result<std::string> body =
        http_with_retries(env_, "POST", base_ + "/xrpc/com.atproto.repo.createRecord", req.dump(),
                          headers, s_.retry, &attempts_);
    attempts_ += got;
    CHORUS_RETURN_IF_ERROR(body.status());
    return field_of(*body, "uri");
  }

 private:
  Env* env_;
  std::string base_;
  ReplySinkSettings s_;
  int attempts_ = 0;
};

}  // namespace

Result<std::string> http_with_retries(Env* env, const std::string& method, const std::string& url,
                                      const std::string& body,
                                      const std::map<std::string, std::string>& headers,
                                      const RetryPolicy& retry, int* attempts) {
  CHORUS_ASSIGN_OR_RETURN(stream::net::Url u, stream::net::parse_url(url));
  httplib::Client cli(u.scheme + "://" + u.host + ":" + std::to_string(u.port));
  cli.set_connection_timeout(retry.timeout_s);
  cli.set_read_timeout(retry.timeout_s);
  cli.set_write_timeout(retry.timeout_s);
  httplib::Headers h;
  std::string content_type = "application/json";
  for (const auto& [k, v] : headers) {
    if (k == "Content-Type") {
      content_type = v;
    } else {
      h.emplace(k, v);
    }
  }
  Status last = unavailable(url + ": no attempt made");
  int64_t backoff = retry.first_backoff_ms;
  *attempts = 0;
  for (int i = 0; i < std::max(1, retry.attempts); ++i) {
    if (i > 0) {
      env->sleep_ms(backoff);
      backoff = std::min(retry.max_backoff_ms, backoff * 2);
    }
    ++*attempts;
    httplib::Result r =
        method == "GET" ? cli.Get(u.target, h) : cli.Post(u.target, h, body, content_type.c_str());
    if (!r) {
      last = unavailable(method + " " + url + ": " + httplib::to_string(r.error()));
      continue;
    }
    if (r->status >= 200 && r->status < 300) return r->body;
    last = http_failure(method + " " + url, r->status, r->body);
    if (last.code() != StatusCode::kUnavailable) return last;
  }
  return last;
}

Result<std::unique_ptr<answer::ReplySink>> make_reply_sink(const std::string& spec,
                                                           const ReplySinkSettings& settings,
                                                           Env* env) {
  const size_t colon = spec.find(':');
  const std::string kind = spec.substr(0, colon);
  const std::string rest = colon == std::string::npos ? "" : spec.substr(colon + 1);
  if (rest.empty()) return invalid_argument("reply-sink: '" + spec + "' names no target");
  using Sink = std::unique_ptr<answer::ReplySink>;
  if (kind == "jsonl") return Sink(std::make_unique<answer::JsonlReplySink>(env, rest));
  if (kind != "webhook" && kind != "mastodon" && kind != "bluesky")
    return invalid_argument("reply-sink: unknown kind in '" + spec + "'");
  CHORUS_ASSIGN_OR_RETURN(stream::net::Url u, stream::net::parse_url(rest));
  if (u.scheme != "http" && u.scheme != "https")
    return invalid_argument("reply-sink " + spec + ": expected an http:// or https:// URL");
  std::string base = rest;
  while (base.ends_with('/')) base.pop_back();
  if (kind == "webhook") return Sink(std::make_unique<WebhookSink>(env, rest, settings.retry));
  if (kind == "mastodon") return Sink(std::make_unique<MastodonSink>(env, base, settings));
  return Sink(std::make_unique<BlueskySink>(env, base, settings));
}

}  // namespace chorus::server
