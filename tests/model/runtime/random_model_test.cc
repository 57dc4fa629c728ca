// Random GGUF models: deterministic for a seed whatever the thread count, standard metadata,
// llama.cpp's type mixes and fallbacks, and clear errors for bad shapes.
#include "model/runtime/random_model.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "model/quant/ggml_types.h"
#include "support/temp_dir.h"

namespace chorus::model {
namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

RandomModelSpec small(const std::string& type) {
  RandomModelSpec s;
  s.dim = 256;
  s.heads = 4;
  s.kv_heads = 2;
  s.ffn = 288;  // not a multiple of 256: ffn_down falls back from K types
  s.layers = 8;
  s.type = type;
  return s;
}

uint32_t type_of(const GgufFile& f, const std::string& name) {
  return f.tensor(name)->type;
}

TEST(RandomModelTest, SameSeedSameBytesForAnyThreadCount) {
  chorus::testing::TempDir dir;
  RandomModelSpec a = small("Q4_0");
  a.layers = 2;
  a.threads = 1;
  RandomModelSpec b = a;
  b.threads = 3;
  ASSERT_TRUE(write_random_model(a, dir.file("a.gguf")).is_ok());
  ASSERT_TRUE(write_random_model(b, dir.file("b.gguf")).is_ok());
  EXPECT_EQ(slurp(dir.file("a.gguf")), slurp(dir.file("b.gguf")));
  RandomModelSpec c = a;
  c.seed = 2;
  ASSERT_TRUE(write_random_model(c, dir.file("c.gguf")).is_ok());
  EXPECT_NE(slurp(dir.file("a.gguf")), slurp(dir.file("c.gguf")));
}

TEST(RandomModelTest, WritesStandardMetadata) {
  chorus::testing::TempDir dir;
  ASSERT_TRUE(write_random_model(small("F16"), dir.file("m.gguf")).is_ok());
  auto f = GgufFile::open(dir.file("m.gguf"));
  ASSERT_TRUE(f.is_ok());
  for (const char* key :
       {"general.architecture", "general.file_type", "llama.context_length",
        "llama.embedding_length", "llama.block_count", "llama.feed_forward_length",
        "llama.attention.head_count", "llama.attention.head_count_kv", "llama.rope.dimension_count",
        "llama.rope.freq_base", "llama.attention.layer_norm_rms_epsilon", "tokenizer.ggml.model",
        "tokenizer.ggml.tokens", "tokenizer.ggml.bos_token_id"})
    EXPECT_NE((*f)->find(key), nullptr) << key;
  EXPECT_EQ((*f)->get_uint("general.file_type").value(), 1u);
  EXPECT_EQ((*f)->tensor("token_embd.weight")->dims, (std::vector<int64_t>{256, 259}));
  EXPECT_EQ(type_of(**f, "blk.0.attn_q.weight"), static_cast<uint32_t>(GgmlType::F16));
  EXPECT_EQ(type_of(**f, "blk.0.attn_norm.weight"), static_cast<uint32_t>(GgmlType::F32));
}

TEST(RandomModelTest, Q4KMMixUsesQ6KWhereLlamaCppDoes) {
  chorus::testing::TempDir dir;
  RandomModelSpec s = small("Q4_K_M");
  s.ffn = 512;
  ASSERT_TRUE(write_random_model(s, dir.file("m.gguf")).is_ok());
  auto f = GgufFile::open(dir.file("m.gguf"));
  ASSERT_TRUE(f.is_ok());
  const auto q4k = static_cast<uint32_t>(GgmlType::Q4_K),
             q6k = static_cast<uint32_t>(GgmlType::Q6_K);
  EXPECT_EQ(type_of(**f, "output.weight"), q6k);
  EXPECT_EQ(type_of(**f, "blk.0.attn_v.weight"), q6k);  // first eighth
  EXPECT_EQ(type_of(**f, "blk.1.attn_v.weight"), q4k);
  EXPECT_EQ(type_of(**f, "blk.3.ffn_down.weight"), q6k);  // (3 - 1) % 3 == 2
  EXPECT_EQ(type_of(**f, "blk.7.ffn_down.weight"), q6k);  // last eighth
  EXPECT_EQ(type_of(**f, "blk.2.attn_q.weight"), q4k);
  EXPECT_EQ((*f)->get_uint("general.file_type").value(), 15u);
}

TEST(RandomModelTest, KTypesFallBackWhenRowsDoNotFit) {
  chorus::testing::TempDir dir;
  ASSERT_TRUE(write_random_model(small("Q4_K"), dir.file("m.gguf")).is_ok());
  auto f = GgufFile::open(dir.file("m.gguf"));
  ASSERT_TRUE(f.is_ok());
  EXPECT_EQ(type_of(**f, "blk.0.ffn_down.weight"), static_cast<uint32_t>(GgmlType::Q5_0));
  EXPECT_EQ(type_of(**f, "blk.0.ffn_up.weight"), static_cast<uint32_t>(GgmlType::Q4_K));
}

TEST(RandomModelTest, BadSpecsAreNamed) {
  chorus::testing::TempDir dir;
  RandomModelSpec s = small("Q4_0");
  s.kv_heads = 3;
  EXPECT_NE(write_random_model(s, dir.file("m.gguf")).message().find("kv-heads"),
            std::string::npos);
  s = small("Q3_K");
  EXPECT_NE(write_random_model(s, dir.file("m.gguf")).message().find("type"), std::string::npos);
  s = small("F32");
  s.arch = "gpt2";
  EXPECT_NE(write_random_model(s, dir.file("m.gguf")).message().find("arch"), std::string::npos);
}

}  // namespace
}  // namespace chorus::model
