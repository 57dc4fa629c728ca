// Mentions and stories on a running server: a mention in the stream gets exactly one reply in
// the JSONL sink with valid citations, a reply under a post is checked, the per-author limit
// holds, /api/stories cites a burst's posts; the webhook, Mastodon and Bluesky sinks against a
// local httplib server (a failing attempt, then success).
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "answer/reply_format.h"
#include "server/mention_sinks.h"
#include "server_test_util.h"

namespace chorus::server {
namespace {

using nlohmann::json;
using testing::make_post;
using testing::TestServer;

int64_t now_ms() {
  return Env::posix()->now_ms();
}

void post_all(TestServer& s, const json& posts) {
  auto res = s.client()->Post("/api/posts", posts.dump(), "application/json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
}

// /api/replies once `done` holds of it, or the last answer after 20 s.
json wait_replies(TestServer& s, const std::function<bool(const json&)>& done) {
  json j;
  for (int i = 0; i < 400; ++i) {
    auto res = s.client()->Get("/api/replies");
    if (res && res->status == 200) j = json::parse(res->body);
    if (done(j)) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return j;
}

std::vector<json> jsonl(const std::string& path) {
  std::vector<json> out;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(json::parse(line));
  return out;
}

json fire_posts(int64_t t) {
  return json::array(
      {make_post("f1", "BREAKING: fire in Zamalek, Cairo. 12 injured", t - 30'000, "reporter1"),
       make_post("f2", "Huge fire near Zamalek right now, Cairo, 12 injured", t - 20'000,
                 "reporter2"),
       make_post("f3", "Watching the fire in Zamalek from my window, Cairo", t - 10'000,
                 "witness")});
}

TEST(MentionServerTest, AMentionGetsOneCitedReplyAndAReplyIsChecked) {
  std::string sink;
  TestServer s(
      [&](ServeConfig& c) {
        sink = c.data_dir + "/sink/replies.jsonl";
        c.reply_sinks = {"jsonl:" + sink};
      },
      false);
  const int64_t t = now_ms();
  post_all(s, fire_posts(t));
  // The three reports are searchable before the mention arrives.
  for (int i = 0; i < 100; ++i) {
    auto res = s.client()->Get("/api/search?q=Zamalek");
    if (res && res->status == 200 && json::parse(res->body)["hits"].size() == 3) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  post_all(s, json::array({make_post("m1", "@chorus what is happening in Cairo?", t, "bob")}));
  json j =
      wait_replies(s, [](const json& r) { return r.value("replies", json::array()).size() >= 1; });
  ASSERT_EQ(j["replies"].size(), 1u) << j.dump();
  const std::vector<json> lines = jsonl(sink);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0]["in_reply_to"], "m1");
  const std::string text = lines[0]["text"];
  EXPECT_LE(answer::text_length(text, false), 500u);
  ASSERT_FALSE(lines[0]["citations"].empty()) << lines[0].dump() << "\n" << j.dump();
  for (const json& c : lines[0]["citations"]) {
    const std::string id = c["post_id"];
    EXPECT_EQ(id[0], 'f') << id;
    EXPECT_NE(text.find("/api/posts/" + id), std::string::npos) << text;
    auto got = s.client()->Get(("/api/posts/" + id).c_str());
    ASSERT_TRUE(got);
    EXPECT_EQ(got->status, 200);
  }
  EXPECT_TRUE(j["replies"][0]["answer"]["audit"].contains("used"));

  json reply = make_post("m2", "@chorus is this true?", now_ms(), "carol");
  reply["reply_to"] = "f1";
  post_all(s, json::array({reply}));
  j = wait_replies(s, [](const json& r) { return r.value("replies", json::array()).size() >= 2; });
  ASSERT_EQ(j["replies"].size(), 2u);
  EXPECT_EQ(j["replies"][0]["mode"], "check");  // newest first
  EXPECT_TRUE(j["replies"][0]["answer"]["verdict"].is_object());
  EXPECT_NE(j["replies"][0]["text"].get<std::string>().find("Verdict:"), std::string::npos);
  EXPECT_EQ(jsonl(sink).size(), 2u);
  EXPECT_EQ(jsonl(s.data_dir() + "/data/replies/audit.jsonl").size(), 2u);
}

TEST(MentionServerTest, TwoMentionsFromOneAuthorInTheWindowGiveOneReply) {
  TestServer s([](ServeConfig& c) { c.mention_author_burst = 1; }, false);
  const int64_t t = now_ms();
  post_all(s, fire_posts(t));
  post_all(s, json::array({make_post("a1", "@chorus what about Cairo?", t, "bob"),
                           make_post("a2", "@chorus and Zamalek?", t + 1, "bob")}));
  const json j = wait_replies(s, [](const json& r) {
    return r.contains("stats") && r["stats"].is_object() &&
           r["stats"]["replied"].get<int>() + r["stats"]["rate_limited"].get<int>() >= 2;
  });
  EXPECT_EQ(j["stats"]["replied"], 1);
  EXPECT_EQ(j["stats"]["rate_limited"], 1);
  EXPECT_EQ(j["replies"].size(), 1u);
  auto bad = s.client()->Get("/api/replies?limit=0");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
}

TEST(MentionServerTest, StoriesCiteTheBurstPosts) {
  TestServer s({}, false);
  const int64_t t = now_ms();
  json posts = json::array();
  const char* lines[] = {"Strong earthquake felt across Izmir, buildings shaking",
                         "Earthquake in Izmir just now, people in the streets",
                         "Felt the earthquake here in Izmir, everything shook",
                         "Izmir earthquake: sirens and crowds outside",
                         "Huge earthquake shaking Izmir right now",
                         "The earthquake in Izmir knocked books off my shelves"};
  for (int i = 0; i < 6; ++i)
    posts.push_back(make_post("eq" + std::to_string(i), lines[i], t - (6 - i) * 1000,
                              "witness" + std::to_string(i)));
  post_all(s, posts);
  auto res = s.client()->Get("/api/stories?window=5m");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  const json j = json::parse(res->body);
  size_t summarized = 0;
  for (const json& story : j["stories"]) {
    if (story["summary"].is_null()) continue;
    ++summarized;
    ASSERT_FALSE(story["citations"].empty());
    for (const json& c : story["citations"])
      EXPECT_EQ(c["post_id"].get<std::string>().rfind("eq", 0), 0u) << story.dump();
  }
  EXPECT_GE(summarized, 1u) << res->body;
  auto bad = s.client()->Get("/api/stories?window=banana");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
}

// A local HTTP server recording requests; the first `fail_first` requests get 500.
class FakeApi {
 public:
  explicit FakeApi(int fail_first) : fail_first_(fail_first) {
    auto handler = [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mu_);
      requests_.push_back(req);
      if (static_cast<int>(requests_.size()) <= fail_first_) {
        res.status = 500;
        return;
      }
      if (req.path == "/xrpc/com.atproto.repo.getRecord") {
        res.set_content(R"({"uri":"at://did:plc:bob/app.bsky.feed.post/r1","cid":"cid-r1",)"
                        R"("value":{"reply":{"root":{"uri":"at://did:plc:a/app.bsky.feed.post/r0",)"
                        R"("cid":"cid-r0"}}}})",
                        "application/json");
        return;
      }
      res.set_content(R"({"id":"remote-1","uri":"at://did:plc:chorus/app.bsky.feed.post/x"})",
                      "application/json");
    };
    http_.Post(".*", handler);
    http_.Get(".*", handler);
    port_ = http_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { http_.listen_after_bind(); });
    while (!http_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~FakeApi() {
    http_.stop();
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::vector<httplib::Request> requests() {
    std::lock_guard lock(mu_);
    return requests_;
  }

 private:
  int fail_first_;
  httplib::Server http_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mu_;
  std::vector<httplib::Request> requests_;
};

answer::Reply sample_reply(const std::string& mention_id) {
  answer::Reply r;
  r.id = "reply:" + mention_id;
  r.mention_id = mention_id;
  r.mention_author = "bob";
  r.created_at_ms = now_ms();
  r.text = "@bob Verdict: disputed (80%).\n[1] http://127.0.0.1:8080/api/posts/c1";
  r.answer.citations.push_back({1, "c1", "factcheck", r.created_at_ms, "", "False"});
  return r;
}

ReplySinkSettings fast_retries() {
  ReplySinkSettings s{"tok", "did:plc:chorus", {}};
  s.retry.first_backoff_ms = 10;
  s.retry.timeout_s = 5;
  return s;
}

TEST(ReplySinkHttpTest, WebhookRetriesAFailedAttempt) {
  FakeApi api(1);
  auto sink = make_reply_sink("webhook:" + api.url() + "/hook", fast_retries(), Env::posix());
  ASSERT_TRUE(sink.is_ok()) << sink.status().to_string();
  Result<std::string> id = (*sink)->deliver(sample_reply("m1"));
  ASSERT_TRUE(id.is_ok()) << id.status().to_string();
  EXPECT_EQ(*id, "remote-1");
  EXPECT_EQ((*sink)->last_attempts(), 2);
  const auto reqs = api.requests();
  ASSERT_EQ(reqs.size(), 2u);
  EXPECT_EQ(reqs[1].path, "/hook");
  const json body = json::parse(reqs[1].body);
  EXPECT_EQ(body["in_reply_to"], "m1");
  EXPECT_EQ(body["citations"][0]["post_id"], "c1");
}

TEST(ReplySinkHttpTest, WebhookGivesUpAfterItsAttempts) {
  FakeApi api(100);
  auto sink = make_reply_sink("webhook:" + api.url(), fast_retries(), Env::posix());
  ASSERT_TRUE(sink.is_ok());
  Result<std::string> id = (*sink)->deliver(sample_reply("m1"));
  EXPECT_EQ(id.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ((*sink)->last_attempts(), 4);
}

TEST(ReplySinkHttpTest, MastodonStatusRepliesToTheMention) {
  FakeApi api(0);
  auto sink = make_reply_sink("mastodon:" + api.url() + "/", fast_retries(), Env::posix());
  ASSERT_TRUE(sink.is_ok());
  ASSERT_TRUE((*sink)->deliver(sample_reply("mastodon:10987")).is_ok());
  const auto reqs = api.requests();
  ASSERT_EQ(reqs.size(), 1u);
  EXPECT_EQ(reqs[0].path, "/api/v1/statuses");
  EXPECT_EQ(reqs[0].get_header_value("Authorization"), "Bearer tok");
  EXPECT_EQ(reqs[0].get_header_value("Idempotency-Key"), "reply:mastodon:10987");
  const json body = json::parse(reqs[0].body);
  EXPECT_EQ(body["in_reply_to_id"], "10987");
  EXPECT_EQ(body["status"].get<std::string>().rfind("@bob", 0), 0u);
}

TEST(ReplySinkHttpTest, BlueskyRecordCarriesTheReplyRef) {
  FakeApi api(0);
  auto sink = make_reply_sink("bluesky:" + api.url(), fast_retries(), Env::posix());
  ASSERT_TRUE(sink.is_ok());
  Result<std::string> uri =
      (*sink)->deliver(sample_reply("at://did:plc:bob/app.bsky.feed.post/r1"));
  ASSERT_TRUE(uri.is_ok()) << uri.status().to_string();
  EXPECT_EQ(*uri, "at://did:plc:chorus/app.bsky.feed.post/x");
  const auto reqs = api.requests();
  ASSERT_EQ(reqs.size(), 2u);
  EXPECT_EQ(reqs[0].get_param_value("rkey"), "r1");
  const json body = json::parse(reqs[1].body);
  EXPECT_EQ(body["repo"], "did:plc:chorus");
  EXPECT_EQ(body["record"]["reply"]["parent"]["cid"], "cid-r1");
  EXPECT_EQ(body["record"]["reply"]["root"]["cid"], "cid-r0");
  const json& facet = body["record"]["facets"][0];
  const std::string text = body["record"]["text"];
  const size_t start = facet["index"]["byteStart"], end = facet["index"]["byteEnd"];
  EXPECT_EQ(text.substr(start, end - start), "http://127.0.0.1:8080/api/posts/c1");
  // Not a Bluesky post id: a clear error, no request.
  EXPECT_EQ((*sink)->deliver(sample_reply("m1")).status().code(), StatusCode::kInvalidArgument);
}

TEST(ReplySinkHttpTest, BadSpecsAreRefused) {
  for (const char* spec : {"ftp://x", "webhook:", "webhook:not a url", "carrier-pigeon:x"})
    EXPECT_FALSE(make_reply_sink(spec, fast_retries(), Env::posix()).is_ok()) << spec;
  ServeConfig c;
  c.reply_sinks = {"mastodon:http://m.example"};
  EXPECT_FALSE(validate_config(c).is_ok());  // no token
  c.reply_token = "t";
  EXPECT_TRUE(validate_config(c).is_ok());
  c.reply_sinks = {"smoke-signal:x"};
  EXPECT_FALSE(validate_config(c).is_ok());
}

}  // namespace
}  // namespace chorus::server
