#include "base/crc32c.h"

#include <gtest/gtest.h>

#include <string>

#include "base/random.h"

namespace chorus {
namespace {

TEST(Crc32c, KnownVectors) {
  // RFC 3720 test vectors.
  std::string zeros(32, '\0');
  EXPECT_EQ(crc32c::value(zeros), 0x8a9136aau);
  std::string ones(32, '\xff');
  EXPECT_EQ(crc32c::value(ones), 0x62a8ab43u);
  EXPECT_EQ(crc32c::value("123456789"), 0xe3069283u);
}

TEST(Crc32c, HardwareMatchesPortable) {
  Rng rng(7);
  for (int len = 0; len < 300; ++len) {
    std::string s(len, '\0');
    for (auto& c : s) c = static_cast<char>(rng.next());
    EXPECT_EQ(crc32c::extend(5, s.data(), s.size()), crc32c::extend_portable(5, s.data(), s.size()));
  }
}

TEST(Crc32c, ExtendIsConcatenation) {
  std::string a = "hello ", b = "world";
  EXPECT_EQ(crc32c::extend(crc32c::value(a), b.data(), b.size()), crc32c::value(a + b));
}

TEST(Crc32c, MaskRoundTrips) {
  uint32_t c = crc32c::value("abc");
  EXPECT_NE(crc32c::mask(c), c);
  EXPECT_EQ(crc32c::unmask(crc32c::mask(c)), c);
}

}  // namespace
}  // namespace chorus
