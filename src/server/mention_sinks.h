// Reply sinks over HTTP (answer/reply_sink.h): a webhook, Mastodon and Bluesky.
//
//   webhook:URL   POST the reply's JSON (reply_payload_json) to URL
//   mastodon:URL  POST URL/api/v1/statuses {"status", "in_reply_to_id"} with the Bearer token
//                 and an Idempotency-Key (the reply id), so a retried post is made once
//   bluesky:URL   (a PDS) com.atproto.repo.getRecord of the mention for its cid and thread root,
//                 then com.atproto.repo.createRecord of an app.bsky.feed.post with a reply ref
//                 and link facets, as the account `repo` (a DID) with the Bearer token
// Every request is retried on a connection error, 429 or 5xx with exponential backoff
// (RetryPolicy); other 4xx fail at once. http:// and https:// URLs. deliver() is called from one
// thread at a time.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "answer/reply_sink.h"
#include "base/env.h"
#include "base/status.h"

namespace chorus::server {

struct RetryPolicy {
  int attempts = 4;
  int64_t first_backoff_ms = 250;  // doubled after each failed attempt
  int64_t max_backoff_ms = 8000;
  int timeout_s = 10;
};

struct ReplySinkSettings {
  std::string token;  // Bearer token (mastodon, bluesky)
  std::string repo;   // Bluesky DID
  RetryPolicy retry;
};

// A sink from its spec (jsonl:PATH, webhook:URL, mastodon:URL, bluesky:URL); errors name the
// spec. `env` supplies files, time and sleeps and must outlive the sink.
Result<std::unique_ptr<answer::ReplySink>> make_reply_sink(const std::string& spec,
                                                           const ReplySinkSettings& settings,
                                                           Env* env);

// One HTTP request with the retry policy; the response body on 2xx. `attempts` receives the
// number of requests made.
Result<std::string> http_with_retries(Env* env, const std::string& method, const std::string& url,
                                      const std::string& body,
                                      const std::map<std::string, std::string>& headers,
                                      const RetryPolicy& retry, int* attempts);

}  // namespace chorus::server
