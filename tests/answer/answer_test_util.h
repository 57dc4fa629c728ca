// Helpers for the answer tests: crafted posts in a real Index under a fake clock.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "index/index.h"
#include "support/fault_env.h"
#include "support/temp_dir.h"

namespace chorus::answer::testing {

inline constexpr int64_t kNow = 1'717'000'000'000;  // 2024-05-29
inline constexpr int64_t kMin = 60'000;
inline constexpr int64_t kHourMs = 60 * kMin;
inline constexpr int64_t kYear = 365LL * 24 * kHourMs;

inline bool has(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// A post by `handle` at kNow - age_ms; accounts are years old unless `created` is given.
inline Post make_post(const std::string& id, const std::string& handle, const std::string& text,
                      int64_t age_ms = 0, float credibility = 0.8f, int64_t created = 0) {
  Post p;
  p.id = id;
  p.author.id = "acct-" + handle;
  p.author.handle = handle;
  // Default account ages are spread over years, so organic authors never look created together.
  const int64_t spread = static_cast<int64_t>(std::hash<std::string>{}(handle) % 3000);
  p.author.created_at_ms = created != 0 ? created : kNow - kYear - spread * 24 * kHourMs;
  p.author.followers = 1000;
  p.text = text;
  p.created_at_ms = kNow - age_ms;
  p.lang = "en";
  p.credibility = credibility;
  p.metrics.likes = 3;
  return p;
}

class IndexFixture : public ::testing::Test {
 protected:
  IndexFixture() {
    env_.set_now_ms(kNow);
    index::IndexOptions o;
    o.log.sync = index::LogOptions::Sync::kNone;
    auto r = index::Index::open(&env_, dir_.file("idx"), o);
    EXPECT_TRUE(r.is_ok()) << r.status().to_string();
    if (r.is_ok()) index_ = std::move(r).value();
  }
  void add(const Post& p) {
    auto r = index_->ingest(p);
    ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  }

  chorus::testing::FaultEnv env_;
  chorus::testing::TempDir dir_;
  std::unique_ptr<index::Index> index_;
};

}  // namespace chorus::answer::testing
