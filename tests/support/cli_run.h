// Runs the `chorus` binary of the build (CHORUS_BIN, a compile definition of the test target)
// with a command line and collects its exit code and output.
#pragma once

#include <sys/wait.h>

#include <cstdio>
#include <string>

namespace chorus::testing {

struct CliRun {
  int code = -1;
  std::string out;  // stdout and stderr
};

// `args` is appended to the binary's path and run by the shell.
inline CliRun run_chorus(const std::string& args) {
  CliRun r;
  FILE* p = popen((std::string(CHORUS_BIN) + " " + args + " 2>&1").c_str(), "r");
  if (!p) return r;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  const int status = pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

}  // namespace chorus::testing
