// Regression tests of the listening socket. The soak's transport:Read chat errors (issue #5):
// Debian's compiled libcpp-httplib listens with a backlog of 5 whatever CPPHTTPLIB_LISTEN_BACKLOG
// says, so a burst of new connections (64 chat clients starting, keep-alive connections renewed)
// overflowed the accept queue; the kernel dropped handshakes and first requests, and clients
// failed with a read error or stalled for the 1 s retransmit. The server must listen with its
// own backlog.
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "server_test_util.h"

namespace chorus::server {
namespace {

// The accept-queue limit the kernel holds for the IPv4 TCP socket listening on `port`, read
// through NETLINK_SOCK_DIAG as `ss -lt` does (idiag_wqueue of a listening socket). -1 when no
// such socket is listed, -2 when the netlink query itself is not available.
int listen_backlog(int port) {
  const int fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
  if (fd < 0) return -2;
  struct {
    nlmsghdr header;
    inet_diag_req_v2 request;
  } message{};
  message.header.nlmsg_len = sizeof message;
  message.header.nlmsg_type = SOCK_DIAG_BY_FAMILY;
  message.header.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  message.request.sdiag_family = AF_INET;
  message.request.sdiag_protocol = IPPROTO_TCP;
  message.request.idiag_states = 1u << TCP_LISTEN;
  sockaddr_nl kernel{};
  kernel.nl_family = AF_NETLINK;
  if (sendto(fd, &message, sizeof message, 0, reinterpret_cast<sockaddr*>(&kernel), sizeof kernel) <
      0) {
    close(fd);
    return -2;
  }
  int backlog = -1;
  alignas(nlmsghdr) char buf[32768];
  for (bool done = false; !done;) {
    const ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    const auto size = static_cast<size_t>(n);
    for (size_t at = 0; at + sizeof(nlmsghdr) <= size;) {
      const auto* h = reinterpret_cast<const nlmsghdr*>(buf + at);
      if (h->nlmsg_len < sizeof(nlmsghdr) || at + h->nlmsg_len > size ||
          h->nlmsg_type == NLMSG_DONE || h->nlmsg_type == NLMSG_ERROR) {
        done = true;
        break;
      }
      const auto* d = reinterpret_cast<const inet_diag_msg*>(buf + at + NLMSG_HDRLEN);
      if (ntohs(d->id.idiag_sport) == port) backlog = static_cast<int>(d->idiag_wqueue);
      at += NLMSG_ALIGN(h->nlmsg_len);
    }
  }
  close(fd);
  return backlog;
}

TEST(ServerListen, BacklogIsTheServersNotHttplibsFive) {
  testing::TestServer ts({}, /*with_model=*/false);
  const int backlog = listen_backlog(ts.port());
  if (backlog == -2) GTEST_SKIP() << "NETLINK_SOCK_DIAG is not available here";
  ASSERT_NE(backlog, -1) << "no listening socket on port " << ts.port();
  int somaxconn = 4096;  // the kernel caps a backlog at net.core.somaxconn
  std::ifstream("/proc/sys/net/core/somaxconn") >> somaxconn;
  EXPECT_EQ(backlog, std::min(1024, somaxconn));
}

// httplib's default socket options set SO_REUSEPORT: a second server then bound the same port
// and silently took half of the new connections, over its own data directory.
TEST(ServerListen, ASecondServerOnTheSamePortIsRefused) {
  testing::TestServer first({}, /*with_model=*/false);
  chorus::testing::TempDir dir;
  ServeConfig c;
  c.port = first.port();
  c.data_dir = dir.file("data");
  c.source = "none";
  c.log_level = "warn";
  auto second = Server::create(c, Env::posix());
  ASSERT_TRUE(second.is_ok()) << second.status().to_string();
  const Status st = (*second)->start();
  EXPECT_FALSE(st.is_ok());
  EXPECT_NE(st.to_string().find(std::to_string(first.port())), std::string::npos) << st.to_string();
  if (st.is_ok()) (*second)->shutdown();
}

// A shutdown right after start() used to hang now and then: httplib's stop() is a no-op until
// the listener thread runs, which then blocked in accept() while shutdown() joined it.
TEST(ServerListen, ShutdownRightAfterStartReturns) {
  for (int i = 0; i < 20; ++i) {
    testing::TestServer ts({}, /*with_model=*/false);
    ts.server().shutdown();
  }
}

}  // namespace
}  // namespace chorus::server
