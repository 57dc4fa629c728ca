// FaultEnv: an Env for tests with a settable clock and injectable write faults.
//
// - Time: now_ms() returns the fake clock when one is set (set_now_ms), else the real one.
// - Space: set_disk_budget(n) lets only n more bytes be appended across all files; an append
//   beyond it fails with kNoSpace and writes nothing.
// - Sync: fail_syncs(true) makes every sync() fail with kIOError.
// Thread-safe.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>

#include "base/env.h"

namespace chorus::testing {

class FaultEnv : public EnvWrapper {
 public:
  FaultEnv() : EnvWrapper(Env::posix()) {}

  void set_now_ms(int64_t ms) { fake_now_.store(ms); }
  void advance_ms(int64_t ms) { fake_now_.fetch_add(ms); }
  int64_t now_ms() override {
    int64_t f = fake_now_.load();
    return f >= 0 ? f : EnvWrapper::now_ms();
  }

  // -1 means unlimited.
  void set_disk_budget(int64_t bytes) { budget_.store(bytes); }
  void fail_syncs(bool on) { fail_syncs_.store(on); }
  int64_t bytes_appended() const { return appended_.load(); }

  Result<std::unique_ptr<WritableFile>> open_append(const std::string& path) override;

  // Used by the wrapped files.
  Status charge(size_t n);
  bool syncs_fail() const { return fail_syncs_.load(); }

 private:
  std::atomic<int64_t> fake_now_{-1};
  std::atomic<int64_t> budget_{-1};
  std::atomic<int64_t> appended_{0};
  std::atomic<bool> fail_syncs_{false};
  std::mutex mu_;
};

}  // namespace chorus::testing
