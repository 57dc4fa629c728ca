// TempDir: a fresh directory under $TMPDIR removed (recursively) when the object dies.
#pragma once

#include <string>

namespace chorus::testing {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// The shared fixtures folder (../shared next to the checkout), or "" when absent. Tests that need
// it call GTEST_SKIP() with a message when this is empty.
std::string shared_dir();

}  // namespace chorus::testing
