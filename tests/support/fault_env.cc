#include "support/fault_env.h"

namespace chorus::testing {
namespace {

class FaultFile final : public WritableFile {
 public:
  FaultFile(FaultEnv* env, std::unique_ptr<WritableFile> base) : env_(env), base_(std::move(base)) {}
  Status append(std::string_view data) override {
    CHORUS_RETURN_IF_ERROR(env_->charge(data.size()));
    return base_->append(data);
  }
  Status sync() override {
    if (env_->syncs_fail()) return io_error("injected sync failure");
    return base_->sync();
  }
  Status close() override { return base_->close(); }
  uint64_t size() const override { return base_->size(); }

 private:
  FaultEnv* env_;
  std::unique_ptr<WritableFile> base_;
};

}  // namespace

Result<std::unique_ptr<WritableFile>> FaultEnv::open_append(const std::string& path) {
  auto f = EnvWrapper::open_append(path);
  if (!f) return f.status();
  return std::unique_ptr<WritableFile>(new FaultFile(this, std::move(f).value()));
}

Status FaultEnv::charge(size_t n) {
  std::lock_guard<std::mutex> lock(mu_);
  int64_t b = budget_.load();
  if (b >= 0) {
    if (static_cast<int64_t>(n) > b) return {StatusCode::kNoSpace, "injected: no space left on device"};
    budget_.store(b - static_cast<int64_t>(n));
  }
  appended_.fetch_add(static_cast<int64_t>(n));
  return Status::ok();
}

}  // namespace chorus::testing
