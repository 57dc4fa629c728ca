// kill -9: clients post batches while the server process is killed at random moments and
// restarted on the same data dir; every post the server acknowledged is found afterwards.
// The server runs in a forked child (this binary holds no other test, so the parent has no
// threads at fork time).
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <random>
#include <thread>

#include "index/index.h"
#include "server/server_test_util.h"

namespace chorus::server {
namespace {

using nlohmann::json;

// Starts a server in a child process; returns its pid and writes its port to *port.
pid_t start_child(const std::string& data_dir, int* port) {
  int fds[2];
  if (pipe(fds) != 0) return -1;
  pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    ServeConfig c;
    c.port = 0;
    c.data_dir = data_dir;
    c.source = "none";
    c.http_threads = 8;
    auto s = Server::create(c, Env::posix());
    if (!s.is_ok() || !(*s)->start().is_ok()) _exit(3);
    int p = (*s)->port();
    if (write(fds[1], &p, sizeof p) != sizeof p) _exit(4);
    for (;;) pause();
  }
  close(fds[1]);
  ssize_t n = read(fds[0], port, sizeof *port);
  close(fds[0]);
  return n == sizeof *port ? pid : -1;
}

TEST(ServerKill9, AcknowledgedPostsSurviveKill9) {
  chorus::testing::TempDir dir;
  const std::string data = dir.file("data");
  std::mt19937 rng(12345);
  std::mutex mu;
  std::vector<std::string> acked;
  std::atomic<uint64_t> next_id{0};
  const int64_t t0 = 1'700'000'000'000;
  for (int round = 0; round < 4; ++round) {
    int port = 0;
    pid_t pid = start_child(data, &port);
    ASSERT_GT(pid, 0) << "child server did not start";
    std::atomic<bool> stop{false};
    std::vector<std::thread> clients;
    for (int c = 0; c < 3; ++c) {
      clients.emplace_back([&] {
        httplib::Client cli("127.0.0.1", port);
        cli.set_read_timeout(5);
        while (!stop.load()) {
          json batch = json::array();
          std::vector<std::string> ids;
          for (int i = 0; i < 20; ++i) {
            std::string id = "k9-" + std::to_string(next_id.fetch_add(1));
            ids.push_back(id);
            batch.push_back(testing::make_post(id, "kill nine durability check " + id, t0 + i));
          }
          auto r = cli.Post("/api/posts", batch.dump(), "application/json");
          if (!r) break;  // the server died
          if (r->status != 200) continue;
          json j = json::parse(r->body, nullptr, false);
          std::lock_guard<std::mutex> lock(mu);
          for (const json& item : j["results"])
            if (item["status"] == "indexed" || item["status"] == "duplicate")
              acked.push_back(item["id"]);
        }
      });
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(150 + rng() % 500));
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    stop = true;
    for (auto& t : clients) t.join();
  }
  ASSERT_GT(acked.size(), 100u) << "too few acknowledged posts to mean anything";
  auto idx = index::Index::open(Env::posix(), join_path(data, "index"), index::IndexOptions{});
  ASSERT_TRUE(idx.is_ok()) << idx.status().to_string();
  size_t missing = 0;
  for (const std::string& id : acked)
    if (!(*idx)->get(id).is_ok()) ++missing;
  EXPECT_EQ(missing, 0u) << "of " << acked.size() << " acknowledged posts";
  EXPECT_TRUE((*idx)->close().is_ok());
}

}  // namespace
}  // namespace chorus::server
