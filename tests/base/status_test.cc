#include "base/status.h"

#include <gtest/gtest.h>

namespace chorus {
namespace {

Result<int> parse_positive(int v) {
  if (v <= 0) return invalid_argument("not positive: " + std::to_string(v));
  return v;
}

Status use(int v, int* out) {
  CHORUS_ASSIGN_OR_RETURN(int x, parse_positive(v));
  *out = x * 2;
  return Status::ok();
}

TEST(Status, OkAndError) {
  EXPECT_TRUE(Status::ok().is_ok());
  Status s = corruption("bad crc at offset 12");
  EXPECT_FALSE(s.is_ok());
  EXPECT_EQ(s.code(), StatusCode::kCorruption);
  EXPECT_EQ(s.to_string(), "corruption: bad crc at offset 12");
  EXPECT_EQ(s.with_context("log 3").message(), "log 3: bad crc at offset 12");
}

TEST(Result, PropagatesErrors) {
  int out = 0;
  EXPECT_TRUE(use(4, &out).is_ok());
  EXPECT_EQ(out, 8);
  Status s = use(-1, &out);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "not positive: -1");
}

}  // namespace
}  // namespace chorus
