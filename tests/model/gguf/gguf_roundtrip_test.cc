// GgufWriter -> GgufFile round trips: every value type, arrays, tensors, alignment.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>

#include "model/gguf/gguf.h"
#include "model/gguf/gguf_test_bytes.h"
#include "model/quant/ggml_types.h"
#include "support/temp_dir.h"

namespace chorus::model {
namespace {

using testing::as_span;
using testing::GgufBytes;

// The file points into `bytes`, so temporaries are refused.
std::unique_ptr<GgufFile> parse_ok(std::string&&) = delete;
std::unique_ptr<GgufFile> parse_ok(const std::string& bytes) {
  auto f = GgufFile::parse(as_span(bytes));
  EXPECT_TRUE(f.is_ok()) << f.status().to_string();
  return f.is_ok() ? std::move(f).value() : nullptr;
}

std::string pattern(size_t n, uint8_t seed) {
  std::string s(n, '\0');
  for (size_t i = 0; i < n; ++i) s[i] = static_cast<char>(seed + i * 7);
  return s;
}

TEST(GgufRoundTrip, WriterValueTypes) {
  GgufWriter w;
  w.add_uint32("u32", 4000000000u);
  w.add_int32("i32", -7);
  w.add_uint64("u64", 1ull << 40);
  w.add_float32("f32", 0.25f);
  w.add_bool("yes", true);
  w.add_bool("no", false);
  w.add_string("s", "h\xc3\xa9llo\nworld");
  w.add_string("empty", "");
  w.add_string_array("tokens", {"<unk>", "", "\xe2\x96\x81the"});
  w.add_float32_array("scores", {-1.5f, 0.0f, 3.25f});
  w.add_int32_array("types", {1, -2, 3});
  w.add_int32_array("none", {});
  ASSERT_TRUE(w.status().is_ok());
  std::string bytes = w.serialize();
  auto f = parse_ok(bytes);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->version(), 3u);
  EXPECT_EQ(f->metadata().size(), 12u);
  EXPECT_EQ(*f->get_uint("u32"), 4000000000u);
  EXPECT_EQ(*f->get_int("u32"), 4000000000);
  EXPECT_EQ(*f->get_int("i32"), -7);
  EXPECT_FALSE(f->get_uint("i32").is_ok());
  EXPECT_EQ(*f->get_uint("u64"), 1ull << 40);
  EXPECT_EQ(*f->get_float("f32"), 0.25);
  EXPECT_TRUE(*f->get_bool("yes"));
  EXPECT_FALSE(*f->get_bool("no"));
  EXPECT_EQ(*f->get_string("s"), "h\xc3\xa9llo\nworld");
  EXPECT_EQ(*f->get_string("empty"), "");
  EXPECT_EQ(*f->get_string_array("tokens"),
            (std::vector<std::string_view>{"<unk>", "", "\xe2\x96\x81the"}));
  EXPECT_EQ(*f->get_float_array("scores"), (std::vector<float>{-1.5f, 0.0f, 3.25f}));
  EXPECT_EQ(*f->get_int_array("types"), (std::vector<int64_t>{1, -2, 3}));
  EXPECT_TRUE(f->get_int_array("none")->empty());
  EXPECT_EQ(f->find("tokens")->count, 3u);
  EXPECT_EQ(f->find("tokens")->elem_type, GgufValueType::kString);
  // Keys keep their order.
  EXPECT_EQ(f->metadata()[0].key, "u32");
  EXPECT_EQ(f->metadata()[11].key, "none");
  EXPECT_EQ(f->value_to_string(*f->find("s")), "\"h\xc3\xa9llo\\nworld\"");
  EXPECT_EQ(f->value_to_string(*f->find("tokens")), "[\"<unk>\", \"\", \"\xe2\x96\x81the\"]");
  EXPECT_EQ(f->value_to_string(*f->find("tokens"), 1), "[\"<unk>\", ...] (3 x string)");
  EXPECT_EQ(f->value_to_string(*f->find("scores")), "[-1.5, 0, 3.25]");
  EXPECT_EQ(f->value_to_string(*f->find("i32")), "-7");
  EXPECT_EQ(f->value_to_string(*f->find("yes")), "true");
}

// A raw file holding every GGUF value type as a scalar and as an array, including the types the
// writer has no add_ method for; add_copy must carry each over byte for byte.
std::string every_type_file() {
  GgufBytes b;
  b.header(3, 0, 23);
  b.key("u8", 0).put<uint8_t>(200);
  b.key("i8", 1).put<int8_t>(-100);
  b.key("u16", 2).put<uint16_t>(60000);
  b.key("i16", 3).put<int16_t>(-30000);
  b.key("u32", 4).put<uint32_t>(4000000000u);
  b.key("i32", 5).put<int32_t>(-2000000000);
  b.key("f32", 6).put<float>(1.5f);
  b.key("bool", 7).put<uint8_t>(1);
  b.key("str", 8).str("text");
  b.key("u64", 10).put<uint64_t>(~uint64_t{0});
  b.key("i64", 11).put<int64_t>(std::numeric_limits<int64_t>::min());
  b.key("f64", 12).put<double>(-2.5e300);
  b.key("a_u8", 9).u32(0).u64(2).put<uint8_t>(1).put<uint8_t>(255);
  b.key("a_i8", 9).u32(1).u64(1).put<int8_t>(-1);
  b.key("a_u16", 9).u32(2).u64(1).put<uint16_t>(65535);
  b.key("a_i16", 9).u32(3).u64(1).put<int16_t>(-2);
  b.key("a_u32", 9).u32(4).u64(1).put<uint32_t>(7);
  b.key("a_i32", 9).u32(5).u64(1).put<int32_t>(-8);
  b.key("a_f32", 9).u32(6).u64(1).put<float>(0.5f);
  b.key("a_bool", 9).u32(7).u64(2).put<uint8_t>(0).put<uint8_t>(1);
  b.key("a_str", 9).u32(8).u64(2).str("x").str("yz");
  b.key("a_u64", 9).u32(10).u64(1).put<uint64_t>(~uint64_t{0});
  b.key("a_f64", 9).u32(12).u64(2).put<double>(0.125).put<double>(-4);
  return b.str();
}

TEST(GgufRoundTrip, EveryValueTypeThroughAddCopy) {
  const std::string raw = every_type_file();
  auto src = parse_ok(raw);
  ASSERT_TRUE(src);
  EXPECT_EQ(*src->get_uint("u8"), 200u);
  EXPECT_EQ(*src->get_int("i8"), -100);
  EXPECT_EQ(*src->get_uint("u16"), 60000u);
  EXPECT_EQ(*src->get_int("i16"), -30000);
  EXPECT_EQ(*src->get_int("i32"), -2000000000);
  EXPECT_EQ(*src->get_uint("u64"), ~uint64_t{0});
  EXPECT_FALSE(src->get_int("u64").is_ok());  // does not fit int64
  EXPECT_EQ(*src->get_int("i64"), std::numeric_limits<int64_t>::min());
  EXPECT_EQ(*src->get_float("f64"), -2.5e300);
  EXPECT_EQ(*src->get_int_array("a_u8"), (std::vector<int64_t>{1, 255}));
  EXPECT_EQ(*src->get_int_array("a_i16"), (std::vector<int64_t>{-2}));
  EXPECT_FALSE(src->get_int_array("a_u64").is_ok());
  EXPECT_EQ(*src->get_float_array("a_f64"), (std::vector<float>{0.125f, -4.0f}));
  EXPECT_EQ(src->value_to_string(*src->find("a_bool")), "[false, true]");
  EXPECT_EQ(src->value_to_string(*src->find("i64")), "-9223372036854775808");

  GgufWriter w;
  for (const GgufKV& kv : src->metadata()) w.add_copy(*src, kv);
  ASSERT_TRUE(w.status().is_ok());
  const std::string copy = w.serialize();
  auto dst = parse_ok(copy);
  ASSERT_TRUE(dst);
  ASSERT_EQ(dst->metadata().size(), src->metadata().size());
  for (size_t i = 0; i < src->metadata().size(); ++i) {
    const GgufKV& a = src->metadata()[i];
    const GgufKV& b = dst->metadata()[i];
    SCOPED_TRACE(a.key);
    EXPECT_EQ(a.key, b.key);
    EXPECT_EQ(a.type, b.type);
    EXPECT_EQ(a.count, b.count);
    if (a.type == GgufValueType::kArray) {
      EXPECT_EQ(a.elem_type, b.elem_type);
    }
    ASSERT_EQ(a.size, b.size);
    EXPECT_EQ(std::memcmp(a.data, b.data, a.size), 0);
    EXPECT_EQ(src->value_to_string(a), dst->value_to_string(b));
  }
  // The header and key-values are identical; the copy only adds padding for the data section.
  EXPECT_EQ(copy.substr(0, raw.size()), raw);
}

TEST(GgufRoundTrip, AddCopyRefusesEntryOfAnotherFile) {
  const std::string raw_a = every_type_file(), raw_b = every_type_file();
  auto a = parse_ok(raw_a);
  auto b = parse_ok(raw_b);
  GgufWriter w;
  w.add_copy(*a, *b->find("u8"));
  EXPECT_FALSE(w.status().is_ok());
}

TEST(GgufRoundTrip, TensorsAndAlignment) {
  for (uint32_t alignment : {32u, 64u, 1u, 4096u}) {
    SCOPED_TRACE(alignment);
    GgufWriter w(alignment);
    w.add_string("general.architecture", "llama");
    const std::string q = pattern(34 * 2 * 3, 1);  // Q8_0 64x3: 2 blocks per row
    const std::string e = pattern(4 * 10, 2);      // F32 10
    const std::string h = pattern(2 * 6 * 2 * 1 * 2, 3);
    ASSERT_TRUE(w.add_tensor("q", static_cast<uint32_t>(GgmlType::Q8_0), {64, 3}, q).is_ok());
    ASSERT_TRUE(w.add_tensor("e", static_cast<uint32_t>(GgmlType::F32), {10}, e).is_ok());
    ASSERT_TRUE(w.add_tensor("h", static_cast<uint32_t>(GgmlType::F16), {6, 2, 1, 2}, h).is_ok());
    const std::string bytes = w.serialize();
    auto f = parse_ok(bytes);
    ASSERT_TRUE(f);
    EXPECT_EQ(f->alignment(), alignment);
    EXPECT_EQ(f->data_offset() % alignment, 0u);
    EXPECT_EQ(f->find("general.alignment") != nullptr, alignment != 32);
    ASSERT_EQ(f->tensors().size(), 3u);
    const std::string* want[] = {&q, &e, &h};
    for (size_t i = 0; i < 3; ++i) {
      const GgufTensor& t = f->tensors()[i];
      EXPECT_EQ(t.offset % alignment, 0u);
      EXPECT_EQ(t.nbytes, want[i]->size());
      EXPECT_EQ(std::string(reinterpret_cast<const char*>(t.data), t.nbytes), *want[i]);
    }
    EXPECT_EQ(f->tensor("h")->dims, (std::vector<int64_t>{6, 2, 1, 2}));
    EXPECT_EQ(f->tensor("q")->rows(), 3);
    EXPECT_EQ(f->tensor("q")->elements(), 192);
    EXPECT_EQ(bytes.size() % alignment, 0u);
  }
}

TEST(GgufRoundTrip, AddTensorValidates) {
  GgufWriter w;
  const uint32_t f32 = static_cast<uint32_t>(GgmlType::F32);
  const uint32_t q4 = static_cast<uint32_t>(GgmlType::Q4_0);
  EXPECT_FALSE(w.add_tensor("a", f32, {4}, std::string(15, 'x')).is_ok());
  EXPECT_FALSE(w.add_tensor("a", f32, {}, "").is_ok());
  EXPECT_FALSE(w.add_tensor("a", f32, {1, 1, 1, 1, 1}, "xxxx").is_ok());
  EXPECT_FALSE(w.add_tensor("a", f32, {0}, "").is_ok());
  EXPECT_FALSE(w.add_tensor("a", 99, {4}, std::string(16, 'x')).is_ok());
  EXPECT_FALSE(w.add_tensor("a", q4, {16}, std::string(9, 'x')).is_ok());
  EXPECT_FALSE(w.add_tensor("a", f32, {1ll << 62, 1ll << 62}, "").is_ok());
  EXPECT_TRUE(w.add_tensor("a", f32, {4}, std::string(16, 'x')).is_ok());
  Status dup = w.add_tensor("a", f32, {4}, std::string(16, 'x'));
  EXPECT_NE(dup.message().find("tensor 'a': added twice"), std::string::npos) << dup.message();
}

TEST(GgufRoundTrip, WriterRefusesDuplicateKeysAndBadAlignment) {
  chorus::testing::TempDir dir;
  GgufWriter w;
  w.add_uint32("k", 1);
  w.add_string("k", "again");
  EXPECT_NE(w.status().message().find("'k' added twice"), std::string::npos);
  EXPECT_FALSE(w.write(dir.file("dup.gguf")).is_ok());
  GgufWriter bad(24);
  EXPECT_NE(bad.status().message().find("alignment 24"), std::string::npos);
  EXPECT_TRUE(GgufFile::parse(as_span(bad.serialize())).is_ok());  // falls back to 32
}

TEST(GgufRoundTrip, WriteThenOpen) {
  chorus::testing::TempDir dir;
  GgufWriter w(64);
  w.add_string("general.name", "tiny");
  ASSERT_TRUE(w.add_tensor("x", 0, {3}, pattern(12, 9)).is_ok());
  ASSERT_TRUE(w.write(dir.file("tiny.gguf")).is_ok());
  auto f = GgufFile::open(dir.file("tiny.gguf"));
  ASSERT_TRUE(f.is_ok()) << f.status().to_string();
  EXPECT_EQ(*(*f)->get_string("general.name"), "tiny");
  EXPECT_EQ((*f)->alignment(), 64u);
  EXPECT_EQ(std::string(reinterpret_cast<const char*>((*f)->tensor("x")->data), 12),
            pattern(12, 9));
}

TEST(GgufRoundTrip, CopiesARealVocabulary) {
  std::string shared = chorus::testing::shared_dir();
  if (shared.empty()) GTEST_SKIP() << "no /work/shared fixtures";
  auto src = GgufFile::open(shared + "/fixtures/tokenizer/ggml-vocab-gpt-2.gguf");
  ASSERT_TRUE(src.is_ok()) << src.status().to_string();
  GgufWriter w;
  for (const GgufKV& kv : (*src)->metadata()) w.add_copy(**src, kv);
  const std::string bytes = w.serialize();  // outlives dst, which points into it
  auto dst = parse_ok(bytes);
  ASSERT_TRUE(dst);
  for (const char* key : {"tokenizer.ggml.tokens", "tokenizer.ggml.merges"})
    EXPECT_EQ(*dst->get_string_array(key), *(*src)->get_string_array(key)) << key;
  EXPECT_EQ(*dst->get_string("tokenizer.ggml.model"), "gpt2");
}

}  // namespace
}  // namespace chorus::model

namespace chorus::model {
namespace {

// stories260K.gguf was written by llama.cpp's converter; rewriting it through GgufWriter must
// give the same bytes, which shows our layout (header, padding, offsets) is the one other GGUF
// runtimes write and read.
TEST(GgufRoundTrip, RewritesAReferenceFileByteForByte) {
  std::string shared = chorus::testing::shared_dir();
  if (shared.empty()) GTEST_SKIP() << "no /work/shared fixtures";
  auto src = GgufFile::open(shared + "/fixtures/models/stories260K/stories260K.gguf");
  ASSERT_TRUE(src.is_ok()) << src.status().to_string();
  const GgufFile& g = **src;
  GgufWriter w(g.alignment());
  for (const GgufKV& kv : g.metadata()) w.add_copy(g, kv);
  for (const GgufTensor& t : g.tensors())
    ASSERT_TRUE(w.add_tensor(t.name, t.type, t.dims,
                             std::string(reinterpret_cast<const char*>(t.data), t.nbytes))
                    .is_ok());
  const std::string bytes = w.serialize();
  ASSERT_EQ(bytes.size(), g.file_size());
  const uint8_t* orig = g.tensors().front().data - g.data_offset() - g.tensors().front().offset;
  EXPECT_EQ(std::memcmp(bytes.data(), orig, bytes.size()), 0);
}

}  // namespace
}  // namespace chorus::model
