#include "support/temp_dir.h"

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

namespace chorus::testing {

TempDir::TempDir() {
  const char* base = std::getenv("TMPDIR");
  std::string tmpl = std::string(base && *base ? base : "/tmp") + "/chorus-test-XXXXXX";
  if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string shared_dir() {
  if (const char* env = std::getenv("CHORUS_SHARED_DIR"); env && *env) return env;
#ifdef CHORUS_SHARED_DIR
  std::error_code ec;
  if (std::filesystem::is_directory(CHORUS_SHARED_DIR, ec))
    return std::filesystem::canonical(CHORUS_SHARED_DIR, ec).string();
#endif
  return "";
}

}  // namespace chorus::testing
