#include "post/post_binary.h"

#include <gtest/gtest.h>

namespace chorus {
namespace {

Post sample() {
  Post p;
  p.id = "at://did:plc:abc/app.bsky.feed.post/3k";
  p.author = {"did:plc:abc", "alice.bsky.social", "Alice ✨", 1577836800000, 1200, 30, true};
  p.text = "خبر عاجل: حريق في الميناء #عاجل";
  p.created_at_ms = 1709294400123;
  p.lang = "ar";
  p.reply_to = "r";
  p.hashtags = {"عاجل"};
  p.mentions = {"bob"};
  p.urls = {"https://example.org/x"};
  p.metrics = {5, 2, 1, 0, -1};
  p.source = "jetstream";
  p.credibility = 0.25f;
  return p;
}

TEST(PostBinary, RoundTrips) {
  std::string buf;
  Post p = sample();
  encode_post(p, &buf);
  Post back;
  ASSERT_TRUE(decode_post(buf, &back).is_ok());
  EXPECT_EQ(back, p);
}

TEST(PostBinary, EveryTruncationIsCorruption) {
  std::string buf;
  encode_post(sample(), &buf);
  for (size_t n = 0; n < buf.size(); ++n) {
    Post back;
    Status s = decode_post(std::string_view(buf).substr(0, n), &back);
    EXPECT_EQ(s.code(), StatusCode::kCorruption) << n;
  }
}

TEST(PostBinary, Varints) {
  for (uint64_t v : {0ull, 1ull, 127ull, 128ull, 300ull, ~0ull}) {
    std::string s;
    put_varint(v, &s);
    size_t pos = 0;
    uint64_t back = 0;
    ASSERT_TRUE(get_varint(s, &pos, &back));
    EXPECT_EQ(back, v);
    EXPECT_EQ(pos, s.size());
  }
}

}  // namespace
}  // namespace chorus
