#include "stream/jetstream_source.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>
#include <thread>
#include <vector>

#include "stream/net/url.h"
#include "stream/net/websocket_client.h"
#include "support/fake_ws_server.h"

namespace chorus::stream {
namespace {

using net::encode_ws_frame;
using net::WsOpcode;

std::string event(int64_t time_us, const std::string& rkey, const std::string& text = "hello") {
  return R"({"did":"did:plc:x","time_us":)" + std::to_string(time_us) +
         R"(,"kind":"commit","commit":{"operation":"create","collection":"app.bsky.feed.post","rkey":")" +
         rkey + R"(","record":{"text":")" + text + R"(","createdAt":"2024-03-01T12:00:00Z"}}})";
}

// A one-thread WebSocket server on 127.0.0.1 that plays a script per connection.
class FakeJetstream {
 public:
  FakeJetstream() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
    EXPECT_EQ(::listen(fd_, 4), 0);
    socklen_t len = sizeof a;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
  }
  ~FakeJetstream() {
    if (thread_.joinable()) thread_.join();
    ::close(fd_);
  }
  int port() const { return port_; }

  void serve() {
    thread_ = std::thread([this] {
      first();
      second();
    });
  }

  std::vector<std::string> targets;  // request targets, one per connection
  std::string pong_payload;

 private:
  int accept_and_upgrade() {
    std::string target;
    int c = chorus::testing::accept_websocket(fd_, &target);
    if (!target.empty()) targets.push_back(target);
    return c;
  }
  static void send_all(int c, const std::string& s) { chorus::testing::send_all(c, s); }

  // Reads one masked client frame and returns its unmasked payload.
  static std::string read_client_frame(int c) {
    unsigned char h[2];
    if (::recv(c, h, 2, MSG_WAITALL) != 2) return "";
    size_t len = h[1] & 0x7F;
    unsigned char mask[4];
    ::recv(c, mask, 4, MSG_WAITALL);
    std::string p(len, '\0');
    if (len) ::recv(c, p.data(), len, MSG_WAITALL);
    for (size_t i = 0; i < len; ++i) p[i] = static_cast<char>(p[i] ^ mask[i % 4]);
    return p;
  }

  // Ping; an event split in two fragments; a long event; a bad message; then a dropped socket.
  void first() {
    int c = accept_and_upgrade();
    send_all(c, encode_ws_frame(WsOpcode::kPing, "are-you-there", nullptr));
    pong_payload = read_client_frame(c);
    std::string e1 = event(1000001, "a");
    std::string frag1 = encode_ws_frame(WsOpcode::kText, e1.substr(0, 20), nullptr);
    frag1[0] = 0x01;  // text, FIN clear
    std::string frag2 = encode_ws_frame(WsOpcode::kContinuation, e1.substr(20), nullptr);
    send_all(c, frag1 + frag2);
    std::string e2 = event(1000002, "b", std::string(60000, 'b'));
    e2.insert(1, "\"pad\":\"" + std::string(10000, 'p') + "\",");  // over 64 KiB: 64-bit length
    send_all(c, encode_ws_frame(WsOpcode::kText, e2, nullptr));
    send_all(c, encode_ws_frame(WsOpcode::kText, "{\"kind\":", nullptr));
    ::close(c);
  }

  // Expects the resume cursor, sends one event, then closes properly.
  void second() {
    int c = accept_and_upgrade();
    send_all(c, encode_ws_frame(WsOpcode::kText, event(1000003, "c"), nullptr));
    send_all(c, encode_ws_frame(WsOpcode::kClose, "\x03\xe8", nullptr));
    read_client_frame(c);  // the client's close
    ::close(c);
  }

  int fd_ = -1;
  int port_ = 0;
  std::thread thread_;
};

TEST(JetstreamSource, ReconnectsWithCursorAndHandlesFramesPingsAndBadMessages) {
  FakeJetstream server;
  server.serve();
  JetstreamSourceOptions o;
  o.url = "ws://127.0.0.1:" + std::to_string(server.port()) +
          "/subscribe?wantedCollections=app.bsky.feed.post";
  o.backoff_initial_ms = 10;
  o.max_connects = 2;
  o.batch_size = 1;
  JetstreamSource source(Env::posix(), o);
  std::vector<std::string> ids;
  std::atomic<bool> stop{false};
  Status st = source.run(
      nullptr,
      [&](std::vector<StreamEvent>& batch) {
        for (auto& e : batch) ids.push_back(e.post.id);
        return Status::ok();
      },
      &stop);
  ASSERT_TRUE(st.is_ok()) << st.to_string();
  EXPECT_EQ(ids, (std::vector<std::string>{"at://did:plc:x/app.bsky.feed.post/a",
                                           "at://did:plc:x/app.bsky.feed.post/b",
                                           "at://did:plc:x/app.bsky.feed.post/c"}));
  EXPECT_EQ(source.stats().connects, 2u);
  EXPECT_EQ(source.stats().dead_lettered, 1u);
  EXPECT_EQ(source.cursor(), 1000003);
  EXPECT_EQ(server.pong_payload, "are-you-there");
  ASSERT_EQ(server.targets.size(), 2u);
  EXPECT_EQ(server.targets[0], "/subscribe?wantedCollections=app.bsky.feed.post");
  EXPECT_EQ(server.targets[1], "/subscribe?wantedCollections=app.bsky.feed.post&cursor=1000002");
}

TEST(JetstreamSource, GivesUpAfterMaxConnectsWhenNothingListens) {
  JetstreamSourceOptions o;
  o.url = "ws://127.0.0.1:1/subscribe";
  o.backoff_initial_ms = 1;
  o.max_connects = 3;
  JetstreamSource source(Env::posix(), o);
  std::atomic<bool> stop{false};
  ASSERT_TRUE(source
                  .run(
                      nullptr, [](std::vector<StreamEvent>&) { return Status::ok(); }, &stop)
                  .is_ok());
  EXPECT_EQ(source.stats().failures, 3u);
  EXPECT_NE(source.stats().last_error.find("connect 127.0.0.1:1"), std::string::npos)
      << source.stats().last_error;
}

TEST(Url, ParsesAndSetsQuery) {
  auto u = net::parse_url("wss://jetstream2.us-east.bsky.network/subscribe?x=1");
  ASSERT_TRUE(u.is_ok());
  EXPECT_TRUE(u->tls());
  EXPECT_EQ(u->port, 443);
  EXPECT_EQ(u->host, "jetstream2.us-east.bsky.network");
  net::set_query_param(&*u, "cursor", "5");
  net::set_query_param(&*u, "cursor", "6 7");
  EXPECT_EQ(u->target, "/subscribe?x=1&cursor=6%207");
  auto h = net::parse_url("http://localhost:4000");
  ASSERT_TRUE(h.is_ok());
  EXPECT_EQ(h->port, 4000);
  EXPECT_EQ(h->target, "/");
  EXPECT_FALSE(net::parse_url("ftp://x").is_ok());
  EXPECT_FALSE(net::parse_url("ws://host:99999/").is_ok());
}

}  // namespace
}  // namespace chorus::stream
