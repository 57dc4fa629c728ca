#include "stream/http_stream_source.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>
#include <thread>
#include <vector>

#include "stream/mastodon_decoder.h"
#include "stream/net/http_stream.h"
#include "stream/xv2_decoder.h"

namespace chorus::stream {
namespace {

// Serves one scripted HTTP response per connection on 127.0.0.1; records the request heads.
class FakeHttpServer {
 public:
  explicit FakeHttpServer(std::vector<std::string> responses) : responses_(std::move(responses)) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
    EXPECT_EQ(::listen(fd_, 4), 0);
    socklen_t len = sizeof a;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    thread_ = std::thread([this] {
      for (const auto& r : responses_) {
        int c = ::accept(fd_, nullptr, nullptr);
        std::string head;
        char buf[4096];
        while (head.find("\r\n\r\n") == std::string::npos) {
          ssize_t n = ::recv(c, buf, sizeof buf, 0);
          if (n <= 0) break;
          head.append(buf, static_cast<size_t>(n));
        }
        requests.push_back(head);
        // Dribble the response in small pieces to exercise incremental parsing.
        for (size_t i = 0; i < r.size(); i += 7) {
          (void)::send(c, r.data() + i, std::min<size_t>(7, r.size() - i), MSG_NOSIGNAL);
          if (i % 70 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        ::close(c);
      }
    });
  }
  ~FakeHttpServer() {
    thread_.join();
    ::close(fd_);
  }
  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  std::vector<std::string> requests;

 private:
  std::vector<std::string> responses_;
  int fd_ = -1;
  int port_ = 0;
  std::thread thread_;
};

std::string chunked(const std::string& body, size_t piece) {
  std::string out;
  char size[32];
  for (size_t i = 0; i < body.size(); i += piece) {
    size_t n = std::min(piece, body.size() - i);
    std::snprintf(size, sizeof size, "%zx\r\n", n);
    out += size + body.substr(i, n) + "\r\n";
  }
  return out + "0\r\n\r\n";
}

std::string status_json(const std::string& id) {
  return R"({"id":")" + id +
         R"(","created_at":"2024-03-01T12:00:00Z","content":"<p>hi</p>","account":{"acct":"a"}})";
}

TEST(HttpStreamSource, MastodonSseOverChunkedEncodingThenReconnects) {
  std::string sse = ":)\nevent: update\ndata: " + status_json("1") +
                    "\n\n:thump\nevent: delete\ndata: 1\n\nevent: update\ndata: {broken\n\n";
  std::string r1 =
      "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: "
      "chunked\r\n\r\n" +
      chunked(sse, 13);
  std::string r2 = "HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n";
  std::string r3 =
      "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\nevent: update\r\n"
      "data: " +
      status_json("2") + "\r\n\r\n";
  FakeHttpServer server({r1, r2, r3});
  HttpStreamSourceOptions o;
  o.url = server.url("/api/v1/streaming/public");
  o.headers = {{"Authorization", "Bearer secret"}, {"Accept", "text/event-stream"}};
  o.backoff_initial_ms = 5;
  o.max_connects = 3;
  HttpStreamSource source(Env::posix(), o, std::make_unique<MastodonDecoder>());
  std::vector<std::string> got;
  std::atomic<bool> stop{false};
  Status st = source.run(
      nullptr,
      [&](std::vector<StreamEvent>& batch) {
        for (auto& e : batch) got.push_back(std::string(event_kind_name(e.kind)) + " " + e.post.id);
        return Status::ok();
      },
      &stop);
  ASSERT_TRUE(st.is_ok()) << st.to_string();
  EXPECT_EQ(got,
            (std::vector<std::string>{"post mastodon:1", "delete mastodon:1", "post mastodon:2"}));
  EXPECT_EQ(source.stats().connects, 2u);
  EXPECT_EQ(source.stats().failures, 3u);  // end of stream 1, the 401, end of stream 3
  EXPECT_EQ(source.stats().dead_lettered, 1u);
  ASSERT_EQ(server.requests.size(), 3u);
  EXPECT_EQ(server.requests[0].rfind("GET /api/v1/streaming/public HTTP/1.1\r\n", 0), 0u);
  EXPECT_NE(server.requests[0].find("Authorization: Bearer secret\r\n"), std::string::npos);
}

TEST(HttpStreamSource, XFilteredStreamLines) {
  std::string tweet = R"({"data":{"id":"5","text":"hello","created_at":"2024-03-01T12:00:00Z",)"
                      R"("author_id":"u"},"includes":{"users":[{"id":"u","username":"al"}]}})";
  std::string body =
      tweet + "\r\n\r\n" + R"({"errors":[{"title":"operational-disconnect"}]})" + "\r\n";
  FakeHttpServer server({"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n" + body});
  HttpStreamSourceOptions o;
  o.url = server.url("/2/tweets/search/stream");
  o.max_connects = 1;
  HttpStreamSource source(Env::posix(), o, std::make_unique<Xv2Decoder>());
  std::vector<Post> posts;
  std::atomic<bool> stop{false};
  ASSERT_TRUE(source
                  .run(
                      nullptr,
                      [&](std::vector<StreamEvent>& b) {
                        for (auto& e : b) posts.push_back(e.post);
                        return Status::ok();
                      },
                      &stop)
                  .is_ok());
  ASSERT_EQ(posts.size(), 1u);
  EXPECT_EQ(posts[0].id, "x:5");
  EXPECT_EQ(posts[0].author.handle, "al");
  EXPECT_EQ(source.stats().dead_lettered, 1u);
}

TEST(ChunkedDecoder, DecodesAcrossPiecesAndRejectsBadSizes) {
  std::string body = "hello, chunked world";
  std::string enc = chunked(body, 6);
  for (size_t piece : {1, 5, 1000}) {
    net::ChunkedDecoder d;
    std::string out;
    for (size_t i = 0; i < enc.size(); i += piece)
      ASSERT_TRUE(d.feed(std::string_view(enc).substr(i, piece), &out).is_ok());
    EXPECT_EQ(out, body);
    EXPECT_TRUE(d.done());
  }
  net::ChunkedDecoder bad;
  std::string out;
  EXPECT_FALSE(bad.feed("zz\r\nabc", &out).is_ok());
}

}  // namespace
}  // namespace chorus::stream
