#include "stream/jsonl_decoder.h"

#include <gtest/gtest.h>

#include "stream/decoder.h"

namespace chorus::stream {
namespace {

TEST(JsonlDecoder, DecodesCanonicalPost) {
  JsonlDecoder d;
  DecodeOutput out;
  ASSERT_TRUE(d.decode(R"({"id":"p1","text":"hi #x","created_at":1709294400123})", &out).is_ok());
  ASSERT_EQ(out.events.size(), 1u);
  EXPECT_EQ(out.events[0].kind, EventKind::kPost);
  EXPECT_EQ(out.events[0].post.id, "p1");
  EXPECT_EQ(out.events[0].post.source, "jsonl");
}

TEST(JsonlDecoder, KeepsGivenSource) {
  JsonlDecoder d;
  DecodeOutput out;
  ASSERT_TRUE(d.decode(R"({"id":"p1","created_at":5,"source":"simulator"})", &out).is_ok());
  EXPECT_EQ(out.events.at(0).post.source, "simulator");
}

TEST(JsonlDecoder, RejectsWithReasonAndAppendsNothing) {
  JsonlDecoder d;
  DecodeOutput out;
  Status st = d.decode(R"({"id":"p1","created_at":5,"metrics":{"likes":"many"}})", &out);
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(st.message().find("metrics.likes"), std::string::npos) << st.message();
  EXPECT_TRUE(out.events.empty());
  st = d.decode(R"({"id":"p1","created_at":5,"text":"trunc)", &out);
  EXPECT_FALSE(st.is_ok());
  EXPECT_TRUE(out.events.empty());
}

TEST(JsonlDecoder, NamesTheFieldOfStringErrors) {
  JsonlDecoder d;
  DecodeOutput out;
  Status st = d.decode("{\"id\":\"p1\",\"created_at\":5,\"text\":\"bad \xff\"}", &out);
  EXPECT_EQ(st.message(), "text: invalid UTF-8 at byte 38");
  st = d.decode("{\"id\":\"p1\",\"author\":{\"handle\":\"a\\qb\"},\"created_at\":5}", &out);
  EXPECT_EQ(st.message(), "handle: malformed string at byte 32");
  st = d.decode("{\"id\":\"p1\",\"created_at\":5,\"text\":\"tab\there\"}", &out);
  EXPECT_EQ(st.message(), "text: malformed string at byte 37");
  EXPECT_TRUE(out.events.empty());
}

TEST(Decoders, FactoryKnowsEveryFormatAndRejectsOthers) {
  for (const auto& f : decoder_formats()) {
    auto d = make_decoder(f);
    ASSERT_TRUE(d.is_ok()) << f;
    EXPECT_EQ((*d)->format(), f);
  }
  auto bad = make_decoder("csv");
  ASSERT_FALSE(bad.is_ok());
  EXPECT_NE(bad.status().message().find("jsonl"), std::string::npos);
}

}  // namespace
}  // namespace chorus::stream
