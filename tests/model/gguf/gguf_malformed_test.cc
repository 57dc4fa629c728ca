// Malformed GGUF files: each is refused with a message naming the field (and offset) at fault,
// never a crash or an allocation in proportion to a bogus count. Run under ASan in CI.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <functional>
#include <limits>
#include <new>

#include "model/gguf/gguf.h"
#include "model/gguf/gguf_test_bytes.h"

// The largest single allocation made through operator new, so tests can check that parsing a
// file claiming huge counts allocates nothing huge.
static std::atomic<size_t> g_largest_alloc{0};

void* operator new(size_t n) {
  size_t prev = g_largest_alloc.load(std::memory_order_relaxed);
  while (n > prev && !g_largest_alloc.compare_exchange_weak(prev, n)) {
  }
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
// GCC cannot see that these pair with the replacement operator new above.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, size_t) noexcept {
  std::free(p);
}
#pragma GCC diagnostic pop

namespace chorus::model {
namespace {

using testing::as_span;
using testing::GgufBytes;
using Piece = std::function<void(GgufBytes&)>;

constexpr uint32_t kString = 8, kArray = 9, kU32 = 4, kF32Type = 0, kQ8_0 = 8;
constexpr uint64_t kHuge = uint64_t{1} << 62;

void default_kvs(GgufBytes& b) {
  b.key("general.architecture", kString).str("llama");
  b.key("llama.context_length", kU32).u32(128);
  b.key("tokenizer.ggml.tokens", kArray).u32(kString).u64(2).str("a").str("bc");
}

// "a": Q8_0 32x2 = 68 bytes at 0; "b": F32 8 = 32 bytes at 96; the data ends at 128, on the
// alignment, so every truncation of the file removes needed bytes.
void default_infos(GgufBytes& b) {
  b.tensor("a", {32, 2}, kQ8_0, 0);
  b.tensor("b", {8}, kF32Type, 96);
}

struct Parts {
  uint32_t version = 3;
  uint64_t tensor_count = 2;
  uint64_t kv_count = 3;
  Piece kvs = default_kvs;
  Piece infos = default_infos;
  size_t data_bytes = 128;
};

std::string build(const Parts& p) {
  GgufBytes b;
  b.header(p.version, p.tensor_count, p.kv_count);
  p.kvs(b);
  p.infos(b);
  b.pad(32).fill(p.data_bytes, '\x11');
  return b.str();
}

Parts with_kvs(uint64_t count, Piece kvs) {
  Parts p;
  p.kv_count = count;
  p.kvs = std::move(kvs);
  return p;
}

Parts with_infos(uint64_t count, Piece infos) {
  Parts p;
  p.tensor_count = count;
  p.infos = std::move(infos);
  return p;
}

Parts one_tensor(std::vector<uint64_t> dims, uint32_t type, uint64_t offset) {
  return with_infos(1, [=](GgufBytes& b) { b.tensor("t", dims, type, offset); });
}

struct Case {
  const char* name;
  std::string bytes;
  std::string expected;  // a substring of the error message
};

std::vector<Case> cases() {
  std::vector<Case> c;
  Parts p;
  c.push_back({"valid", build(p), ""});
  c.push_back({"empty", "", "magic at offset 0"});
  std::string bad_magic = build(p);
  bad_magic[0] = 'X';
  c.push_back({"bad_magic", bad_magic, "magic at offset 0: expected \"GGUF\""});
  p.version = 1;
  c.push_back({"v1", build(p), "version at offset 4: GGUF v1 is not supported"});
  p.version = 7;
  c.push_back({"v7", build(p), "version at offset 4: unknown GGUF version 7"});
  p = Parts{};
  p.tensor_count = kHuge;
  c.push_back({"huge_tensor_count", build(p), "tensor_count at offset 8"});
  p = Parts{};
  p.kv_count = kHuge;
  c.push_back({"huge_kv_count", build(p), "kv_count at offset 16"});
  p = Parts{};
  p.tensor_count = 3;
  c.push_back({"tensor_count_too_big", build(p), "tensor 2"});
  c.push_back({"huge_key_length", build(with_kvs(1, [](GgufBytes& b) { b.u64(kHuge).u32(4); })),
               "metadata 0: key at offset 24: length 4611686018427387904 extends past end"});
  c.push_back({"unknown_value_type",
               build(with_kvs(1, [](GgufBytes& b) { b.key("k", 13).u32(0); })),
               "metadata 0 'k': value type at offset 33 is 13, not a known GGUF value type"});
  c.push_back({"nested_array",
               build(with_kvs(1, [](GgufBytes& b) { b.key("k", kArray).u32(kArray).u64(0); })),
               "metadata 0 'k': array element type at offset 37: nested arrays"});
  c.push_back({"unknown_elem_type",
               build(with_kvs(1, [](GgufBytes& b) { b.key("k", kArray).u32(99).u64(0); })),
               "array element type at offset 37 is 99"});
  c.push_back({"huge_array_count",
               build(with_kvs(1, [](GgufBytes& b) { b.key("k", kArray).u32(kU32).u64(kHuge); })),
               "metadata 0 'k': array count at offset 41: 4611686018427387904 elements of uint32"});
  c.push_back({"huge_string_array_count",
               build(with_kvs(1, [](GgufBytes& b) { b.key("k", kArray).u32(kString).u64(kHuge); })),
               "array count at offset 41"});
  c.push_back(
      {"string_element_past_end",
       build(with_kvs(
           1, [](GgufBytes& b) { b.key("k", kArray).u32(kString).u64(2).str("x").u64(kHuge); })),
       "metadata 0 'k': element 1: string at offset 58: length"});
  c.push_back({"string_value_past_end",
               build(with_kvs(1, [](GgufBytes& b) { b.key("k", kString).u64(kHuge); })),
               "metadata 0 'k': string value at offset 37: length"});
  c.push_back({"duplicate_key",
               build(with_kvs(2,
                              [](GgufBytes& b) {
                                b.key("k", kU32).u32(1);
                                b.key("k", kU32).u32(2);
                              })),
               "metadata 1 'k' at offset 41: duplicate key (first at offset 37)"});
  c.push_back(
      {"alignment_is_string",
       build(with_kvs(1, [](GgufBytes& b) { b.key("general.alignment", kString).str("32"); })),
       "metadata 'general.alignment' at offset 53 is string, expected an integer"});
  c.push_back({"alignment_not_power_of_two",
               build(with_kvs(1, [](GgufBytes& b) { b.key("general.alignment", kU32).u32(24); })),
               "metadata 'general.alignment' at offset 53 is 24, expected a power of two"});
  c.push_back({"n_dims_0", build(one_tensor({}, kF32Type, 0)), "tensor 0 't': n_dims at offset"});
  c.push_back({"n_dims_5", build(one_tensor({1, 1, 1, 1, 1}, kF32Type, 0)),
               "n_dims at offset 178 is 5, expected 1 to 4"});
  c.push_back({"dim_zero", build(one_tensor({4, 0}, kF32Type, 0)),
               "tensor 0 't': dims[1] at offset 190 is 0"});
  c.push_back({"dim_above_int64", build(one_tensor({~uint64_t{0}}, kF32Type, 0)),
               "tensor 0 't': dims[0] at offset 182 is 18446744073709551615"});
  c.push_back({"elements_overflow", build(one_tensor({1ull << 32, 1ull << 32}, kF32Type, 0)),
               "dims[1] at offset 190 is 4294967296: the element count overflows int64"});
  c.push_back({"bytes_overflow", build(one_tensor({1ull << 31, 1ull << 31}, kF32Type, 0)),
               "tensor 0 't': data size overflows 64 bits"});
  c.push_back({"unknown_ggml_type", build(one_tensor({4}, 99, 0)),
               "tensor 0 't': type at offset 190 is 99, not a known ggml type"});
  c.push_back({"removed_ggml_type_4", build(one_tensor({32}, 4, 0)), "is 4, not a known ggml"});
  c.push_back({"row_not_block_multiple", build(one_tensor({33}, kQ8_0, 0)),
               "dims[0] at offset 182 is 33, not a multiple of the Q8_0 block size 32"});
  c.push_back({"misaligned_offset", build(one_tensor({4}, kF32Type, 4)),
               "tensor 0 't': offset at offset 194 is 4, not a multiple of the alignment 32"});
  c.push_back({"offset_past_end", build(one_tensor({8}, kF32Type, 4096)),
               "tensor 0 't': data [offset 4320, 32 bytes) extends past end of file (size 352)"});
  c.push_back(
      {"offset_overflows", build(one_tensor({8}, kF32Type, ~uint64_t{31})), "overflows 64 bits"});
  c.push_back({"tensor_too_big_for_file", build(one_tensor({64, 64}, kF32Type, 0)),
               "data [offset 224, 16384 bytes) extends past end of file"});
  c.push_back({"overlap",
               build(with_infos(2,
                                [](GgufBytes& b) {
                                  b.tensor("a", {32, 2}, kQ8_0, 32);
                                  b.tensor("b", {8}, kF32Type, 64);
                                })),
               "tensor 1 'b': data [offset 320, 32 bytes) overlaps tensor 0 'a'"});
  c.push_back({"duplicate_tensor",
               build(with_infos(2,
                                [](GgufBytes& b) {
                                  b.tensor("a", {8}, kF32Type, 0);
                                  b.tensor("a", {8}, kF32Type, 32);
                                })),
               "tensor 1 'a' at offset 202: duplicate tensor name (first is tensor 0)"});
  c.push_back({"huge_name", build(with_infos(1, [](GgufBytes& b) { b.u64(kHuge); })),
               "tensor 0: name at offset"});
  return c;
}

TEST(GgufMalformed, EachCaseRefusedNamingTheField) {
  for (const Case& c : cases()) {
    SCOPED_TRACE(c.name);
    g_largest_alloc = 0;
    auto f = GgufFile::parse(as_span(c.bytes));
    EXPECT_LT(g_largest_alloc.load(), size_t{1} << 16) << "allocation grew with a bogus count";
    if (c.expected.empty()) {
      EXPECT_TRUE(f.is_ok()) << f.status().to_string();
      continue;
    }
    ASSERT_FALSE(f.is_ok());
    EXPECT_EQ(f.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(f.status().message().find(c.expected), std::string::npos)
        << "message: " << f.status().message() << "\nexpected to contain: " << c.expected;
  }
}

TEST(GgufMalformed, ValidBaseFileReadsBack) {
  const std::string bytes = build(Parts{});
  auto f = GgufFile::parse(as_span(bytes));
  ASSERT_TRUE(f.is_ok()) << f.status().to_string();
  EXPECT_EQ((*f)->tensors().size(), 2u);
  EXPECT_EQ((*f)->tensor("a")->nbytes, 68u);
  EXPECT_EQ((*f)->tensor("b")->data, (*f)->tensor("a")->data + 96);
  EXPECT_EQ((*f)->data_offset() + 128, bytes.size());
  EXPECT_EQ(*(*f)->get_uint("llama.context_length"), 128u);
}

TEST(GgufMalformed, EveryTruncationIsRefused) {
  const std::string bytes = build(Parts{});
  for (size_t n = 0; n < bytes.size(); ++n) {
    std::string prefix = bytes.substr(0, n);  // its own allocation, so ASan sees overreads
    auto f = GgufFile::parse(as_span(prefix));
    ASSERT_FALSE(f.is_ok()) << "prefix of " << n << " bytes was accepted";
    EXPECT_EQ(f.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(f.status().message().find("offset"), std::string::npos) << f.status().message();
  }
}

TEST(GgufMalformed, WrongMetadataTypes) {
  const std::string bytes = build(Parts{});
  auto f = GgufFile::parse(as_span(bytes));
  ASSERT_TRUE(f.is_ok());
  const GgufFile& g = **f;
  auto expect = [](const Status& s, const std::string& msg) {
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(s.message(), msg);
  };
  expect(g.get_uint("general.architecture").status(),
         "metadata 'general.architecture' at offset 56 is string, expected an integer");
  expect(g.get_float("llama.context_length").status(),
         "metadata 'llama.context_length' at offset 101 is uint32, expected a float");
  expect(g.get_string("llama.context_length").status(),
         "metadata 'llama.context_length' at offset 101 is uint32, expected a string");
  expect(g.get_bool("general.architecture").status(),
         "metadata 'general.architecture' at offset 56 is string, expected a bool");
  expect(g.get_float_array("tokenizer.ggml.tokens").status(),
         "metadata 'tokenizer.ggml.tokens' at offset 138 is array of string, expected an array "
         "of floats");
  expect(g.get_int_array("tokenizer.ggml.tokens").status(),
         "metadata 'tokenizer.ggml.tokens' at offset 138 is array of string, expected an array "
         "of integers");
  expect(g.get_string_array("general.architecture").status(),
         "metadata 'general.architecture' at offset 56 is string, expected an array of strings");
  EXPECT_EQ(g.get_uint_or("llama.missing", 7).value(), 7u);
  EXPECT_FALSE(g.get_uint_or("general.architecture", 7).is_ok());
  EXPECT_FALSE(g.get_float_or("general.architecture", 1.0).is_ok());
}

}  // namespace
}  // namespace chorus::model
