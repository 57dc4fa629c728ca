// The real GGUF files under /work/shared/fixtures parse, with known keys and shapes.
#include <gtest/gtest.h>

#include "model/gguf/gguf.h"
#include "model/quant/ggml_types.h"
#include "support/temp_dir.h"

namespace chorus::model {
namespace {

std::string fixture(const std::string& rel) {
  std::string dir = chorus::testing::shared_dir();
  return dir.empty() ? "" : dir + "/fixtures/" + rel;
}

TEST(GgufFixtures, Stories260K) {
  std::string path = fixture("models/stories260K/stories260K.gguf");
  if (path.empty()) GTEST_SKIP() << "no /work/shared fixtures";
  auto f = GgufFile::open(path);
  ASSERT_TRUE(f.is_ok()) << f.status().to_string();
  const GgufFile& g = **f;
  EXPECT_EQ(g.version(), 3u);
  EXPECT_EQ(g.alignment(), 32u);
  EXPECT_EQ(*g.get_string("general.architecture"), "llama");
  EXPECT_EQ(*g.get_uint("llama.embedding_length"), 64u);
  EXPECT_EQ(*g.get_uint("llama.block_count"), 5u);
  EXPECT_EQ(*g.get_string("tokenizer.ggml.model"), "llama");
  auto tokens = g.get_string_array("tokenizer.ggml.tokens");
  ASSERT_TRUE(tokens.is_ok()) << tokens.status().to_string();
  EXPECT_EQ(tokens->size(), 512u);
  EXPECT_EQ((*tokens)[0], "<unk>");
  auto scores = g.get_float_array("tokenizer.ggml.scores");
  ASSERT_TRUE(scores.is_ok());
  EXPECT_EQ(scores->size(), 512u);
  auto types = g.get_int_array("tokenizer.ggml.token_type");
  ASSERT_TRUE(types.is_ok());
  EXPECT_EQ(types->size(), 512u);

  // token_embd + output_norm + output? + 9 per layer (attn q/k/v/o, norms, ffn gate/up/down).
  const GgufTensor* emb = g.tensor("token_embd.weight");
  ASSERT_NE(emb, nullptr);
  EXPECT_EQ(emb->dims, (std::vector<int64_t>{64, 512}));
  for (int l = 0; l < 5; ++l) {
    const GgufTensor* q = g.tensor("blk." + std::to_string(l) + ".attn_q.weight");
    ASSERT_NE(q, nullptr) << l;
    EXPECT_EQ(q->dims, (std::vector<int64_t>{64, 64}));
    EXPECT_EQ(q->elements(), 64 * 64);
    EXPECT_EQ(q->rows(), 64);
  }
  EXPECT_EQ(g.tensor("blk.5.attn_q.weight"), nullptr);
  uint64_t total = 0;
  for (const GgufTensor& t : g.tensors()) {
    EXPECT_EQ(t.offset % g.alignment(), 0u) << t.name;
    EXPECT_EQ(t.data, reinterpret_cast<const uint8_t*>(t.data));
    EXPECT_LE(g.data_offset() + t.offset + t.nbytes, g.file_size()) << t.name;
    EXPECT_EQ(t.nbytes, *ggml_row_bytes(t.type, t.dims[0]) * t.rows()) << t.name;
    total += t.nbytes;
  }
  EXPECT_GT(total, 0u);
  EXPECT_EQ(g.tensors().size(), 2u + 5u * 9u + (g.tensor("output.weight") ? 1u : 0u));
}

TEST(GgufFixtures, TokenizerVocabs) {
  std::string dir = fixture("tokenizer");
  if (dir.empty()) GTEST_SKIP() << "no /work/shared fixtures";
  const std::pair<const char*, const char*> files[] = {{"ggml-vocab-llama-spm.gguf", "llama"},
                                                       {"ggml-vocab-gpt-2.gguf", "gpt2"},
                                                       {"ggml-vocab-bert-bge.gguf", "bert"},
                                                       {"ggml-vocab-phi-3.gguf", "llama"}};
  for (const auto& [name, model] : files) {
    auto f = GgufFile::open(dir + "/" + name);
    ASSERT_TRUE(f.is_ok()) << name << ": " << f.status().to_string();
    EXPECT_EQ(*(*f)->get_string("tokenizer.ggml.model"), model) << name;
    auto tokens = (*f)->get_string_array("tokenizer.ggml.tokens");
    ASSERT_TRUE(tokens.is_ok()) << name;
    EXPECT_GT(tokens->size(), 1000u) << name;
    for (const GgufKV& kv : (*f)->metadata()) EXPECT_FALSE((*f)->value_to_string(kv).empty());
  }
}

TEST(GgufFixtures, WrongTypeNamesKeyTypeAndOffset) {
  std::string path = fixture("models/stories260K/stories260K.gguf");
  if (path.empty()) GTEST_SKIP() << "no /work/shared fixtures";
  auto f = GgufFile::open(path);
  ASSERT_TRUE(f.is_ok());
  auto r = (*f)->get_uint("general.architecture");
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  const uint64_t off = (*f)->find("general.architecture")->offset;
  EXPECT_EQ(r.status().message(), "metadata 'general.architecture' at offset " +
                                      std::to_string(off) + " is string, expected an integer");
  EXPECT_EQ((*f)->get_uint("no.such.key").status().code(), StatusCode::kNotFound);
}

TEST(GgufFixtures, MissingFileIsIOError) {
  auto f = GgufFile::open("/nonexistent/model.gguf");
  ASSERT_FALSE(f.is_ok());
  EXPECT_EQ(f.status().code(), StatusCode::kIOError);
}

}  // namespace
}  // namespace chorus::model
