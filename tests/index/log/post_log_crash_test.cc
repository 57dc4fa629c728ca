// kill -9: a child process appends in a loop and reports every acknowledged seq through a pipe;
// the parent kills it at a random moment, reopens the same directory and checks that every
// acknowledged record is present exactly once with its payload. Rounds alternate kAlways and
// kInterval and continue the same log.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <set>

#include "base/random.h"
#include "index/log/log_test_util.h"
#include "index/post_log.h"
#include "support/temp_dir.h"

namespace chorus::index {
namespace {

using testing::payload_for;

LogOptions crash_options(LogOptions::Sync sync) {
  LogOptions o;
  o.sync = sync;
  o.sync_interval_ms = 3;
  o.file_bytes = 8192;  // several rolls per round
  return o;
}

bool write_all(int fd, const void* data, size_t n) {
  const char* p = static_cast<const char*>(data);
  while (n > 0) {
    ssize_t w = ::write(fd, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    p += w;
    n -= static_cast<size_t>(w);
  }
  return true;
}

// Runs in the child: appends payload_for(seq) forever; reports seqs once acknowledged.
// Exit codes: 2 open failed, 3 append failed or returned an unexpected seq, 4 pipe failed.
[[noreturn]] void child_main(const std::string& dir, LogOptions::Sync sync, int fd, uint64_t seed) {
  auto log = PostLog::open(Env::posix(), dir, crash_options(sync), {}, nullptr);
  if (!log.is_ok()) ::_exit(2);
  Rng rng(seed);
  std::vector<uint64_t> pending;
  for (;;) {
    uint64_t expected = (*log)->last_seq() + 1;
    auto a = (*log)->append(payload_for(expected));
    if (!a.is_ok() || a->seq != expected) ::_exit(3);
    pending.push_back(a->seq);
    if (sync == LogOptions::Sync::kInterval) {
      if (!rng.chance(0.2)) continue;  // acknowledge in groups
      if (!(*log)->wait_durable(a->seq).is_ok()) ::_exit(3);
    }
    if (!write_all(fd, pending.data(), pending.size() * sizeof(uint64_t))) ::_exit(4);
    pending.clear();
  }
}

// Reads whole u64s from the pipe until `want` arrived (0: until EOF).
void read_acks(int fd, size_t want, std::vector<uint64_t>* out) {
  uint64_t v = 0;
  size_t have = 0;
  while (want == 0 || out->size() < want) {
    ssize_t r = ::read(fd, reinterpret_cast<char*>(&v) + have, sizeof(v) - have);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return;
    have += static_cast<size_t>(r);
    if (have == sizeof(v)) {
      out->push_back(v);
      have = 0;
    }
  }
}

// One round: start a child, let it acknowledge a random number of records, kill it.
void run_round(const std::string& dir, LogOptions::Sync sync, Rng& rng, std::set<uint64_t>* acked) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  uint64_t seed = rng.next();
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::close(fds[0]);
    child_main(dir, sync, fds[1], seed);
  }
  ::close(fds[1]);
  std::vector<uint64_t> got;
  read_acks(fds[0], 1 + rng.below(150), &got);
  ::kill(pid, SIGKILL);
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  read_acks(fds[0], 0, &got);  // what it acknowledged before dying
  ::close(fds[0]);
  ASSERT_TRUE(WIFSIGNALED(status)) << "child exited with code " << WEXITSTATUS(status);
  for (uint64_t s : got) EXPECT_TRUE(acked->insert(s).second) << "seq acknowledged twice: " << s;
}

// Reopens the log and checks that it holds 1..last exactly once, with every acked seq.
void verify(const std::string& dir, const std::set<uint64_t>& acked) {
  auto r = testing::reopen(Env::posix(), dir, crash_options(LogOptions::Sync::kNone));
  ASSERT_TRUE(r.status.is_ok()) << r.status.to_string();
  EXPECT_EQ(r.report.skipped_records, 0u);
  for (size_t i = 0; i < r.records.size(); ++i) {
    ASSERT_EQ(r.records[i].seq, i + 1);
    ASSERT_EQ(r.records[i].payload, payload_for(i + 1)) << "seq " << i + 1;
  }
  if (!acked.empty()) {
    ASSERT_GE(r.records.size(), *acked.rbegin());
  }
}

TEST(PostLogCrash, Kill9KeepsEveryAcknowledgedRecord) {
  chorus::testing::TempDir dir;
  Rng rng(20240611);
  std::set<uint64_t> acked;
  for (int round = 0; round < 20; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    auto sync = round % 2 == 0 ? LogOptions::Sync::kAlways : LogOptions::Sync::kInterval;
    run_round(dir.path(), sync, rng, &acked);
    ASSERT_FALSE(HasFatalFailure());
    verify(dir.path(), acked);
    ASSERT_FALSE(HasFatalFailure());
  }
  EXPECT_GT(acked.size(), 20u);
}

}  // namespace
}  // namespace chorus::index
