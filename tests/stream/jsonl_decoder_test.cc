#include "stream/jsonl_decoder.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

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

// decode_padded parses in place and finds "op" with a vector scan: the same events and errors
// as decode() for records that carry "op" at every offset and records that only look alike.
TEST(JsonlDecoder, PaddedDecodeAgreesWithDecode) {
  std::vector<std::string> records = {
      R"({"id":"p1","created_at":5,"text":"an \"op\" quoted inside"})",
      R"({"id":"p1","created_at":5,"text":"shop top op opp \"o\"p"})",
      R"({"id":"p1","created_at":5,"text":"bad","op":7})",
      R"({"id":"p1","created_at":5,"op":"undo"})",
      R"({"op":"delete","id":"gone"})",
      R"({"op":"delete"})",
      "{\"id\":\"p1\",\"created_at\":5,\"text\":\"bad \xff\"}",
      R"({"op":"edit","id":"p1","created_at":5,"text":"bad \q"})",
      R"("op")",
      R"(op)",
  };
  for (size_t pad = 0; pad < 40; ++pad) {
    const std::string text(pad, 'o');
    records.push_back(R"({"id":"p","created_at":5,"text":")" + text + R"(p"})");
    records.push_back(R"({"id":"d","op":"delete","text":")" + text + R"("})");
    records.push_back(std::string(pad, ' ') + R"({"id":"p","created_at":5,"op":"post"})");
    records.push_back(R"({"text":")" + text + R"(","op":"edit","id":"e","created_at":5})");
  }
  JsonlDecoder plain, padded;
  for (const std::string& r : records) {
    DecodeOutput want, got;
    const Status a = plain.decode(r, &want);
    std::string buf = r + std::string(Decoder::kRecordPadding, '}');
    const Status b = padded.decode_padded(std::string_view(buf.data(), r.size()), &got);
    EXPECT_EQ(a.to_string(), b.to_string()) << r;
    ASSERT_EQ(want.events.size(), got.events.size()) << r;
    for (size_t i = 0; i < want.events.size(); ++i) {
      EXPECT_EQ(want.events[i].kind, got.events[i].kind) << r;
      EXPECT_EQ(want.events[i].post, got.events[i].post) << r;
    }
  }
  DecodeOutput out;
  ASSERT_TRUE(plain.decode(records.back(), &out).is_ok());
  EXPECT_EQ(out.events.at(0).kind, EventKind::kEdit);  // a late "op" is found
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
