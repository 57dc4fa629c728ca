// load_vocab() on GGUF bytes written by GgufWriter: defaults, overrides and errors naming the key.
#include "model/tokenizer/vocab.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "model/gguf/gguf.h"
#include "model/tokenizer/tokenizer.h"

namespace chorus::model {
namespace {

using ::testing::HasSubstr;

// A minimal SPM vocabulary: <unk> <s> </s> ▁a a.
GgufWriter spm_writer() {
  GgufWriter w;
  w.add_string("tokenizer.ggml.model", "llama");
  w.add_string_array("tokenizer.ggml.tokens", {"<unk>", "<s>", "</s>", "▁a", "a"});
  w.add_float32_array("tokenizer.ggml.scores", {0, 0, 0, -1, -2});
  w.add_int32_array("tokenizer.ggml.token_type", {2, 3, 3, 1, 1});
  return w;
}

Result<Vocab> load_from(const GgufWriter& w, std::string* storage) {
  *storage = w.serialize();
  const auto* p = reinterpret_cast<const uint8_t*>(storage->data());
  CHORUS_ASSIGN_OR_RETURN(auto file, GgufFile::parse({p, storage->size()}));
  return load_vocab(*file);
}

TEST(VocabTest, SpmDefaults) {
  std::string bytes;
  auto v = load_from(spm_writer(), &bytes);
  ASSERT_TRUE(v.is_ok()) << v.status().to_string();
  EXPECT_EQ(v->kind, VocabKind::kSpm);
  EXPECT_EQ(v->size(), 5);
  EXPECT_EQ(v->bos, 1);
  EXPECT_EQ(v->eos, 2);
  EXPECT_EQ(v->unk, 0);
  EXPECT_TRUE(v->add_bos);
  EXPECT_FALSE(v->add_eos);
  EXPECT_TRUE(v->add_space_prefix);
  EXPECT_EQ(v->types[0], TokenType::kUnknown);
  EXPECT_FLOAT_EQ(v->scores[4], -2.0f);
}

TEST(VocabTest, MetadataOverridesDefaults) {
  GgufWriter w = spm_writer();
  w.add_uint32("tokenizer.ggml.bos_token_id", 2);
  w.add_uint32("tokenizer.ggml.eos_token_id", 1);
  w.add_bool("tokenizer.ggml.add_bos_token", false);
  w.add_bool("tokenizer.ggml.add_eos_token", true);
  w.add_bool("tokenizer.ggml.add_space_prefix", false);
  w.add_string("general.name", "Phi-3 Mini");
  std::string bytes;
  auto v = load_from(w, &bytes);
  ASSERT_TRUE(v.is_ok()) << v.status().to_string();
  EXPECT_EQ(v->bos, 2);
  EXPECT_EQ(v->eos, 1);
  EXPECT_FALSE(v->add_bos);
  EXPECT_TRUE(v->add_eos);
  EXPECT_FALSE(v->add_space_prefix);
  EXPECT_EQ(v->name, "phi-3 mini");
  auto tok = Tokenizer::from_vocab(*v);
  ASSERT_TRUE(tok.is_ok());
  EXPECT_EQ(tok->encode("a", true, false), (std::vector<int32_t>{4, 1}));
}

TEST(VocabTest, MissingRequiredKeysAreNamed) {
  GgufWriter w;
  w.add_string("tokenizer.ggml.model", "llama");
  std::string bytes;
  auto v = load_from(w, &bytes);
  ASSERT_FALSE(v.is_ok());
  EXPECT_THAT(v.status().message(), HasSubstr("tokenizer.ggml.tokens"));

  GgufWriter none;
  none.add_string_array("tokenizer.ggml.tokens", {"a"});
  v = load_from(none, &bytes);
  ASSERT_FALSE(v.is_ok());
  EXPECT_THAT(v.status().message(), HasSubstr("tokenizer.ggml.model"));

  GgufWriter bpe;
  bpe.add_string("tokenizer.ggml.model", "gpt2");
  bpe.add_string_array("tokenizer.ggml.tokens", {"a", "b", "ab"});
  v = load_from(bpe, &bytes);
  ASSERT_FALSE(v.is_ok());
  EXPECT_THAT(v.status().message(), HasSubstr("tokenizer.ggml.merges"));
}

TEST(VocabTest, WrongTypesAreNamed) {
  GgufWriter w;
  w.add_string("tokenizer.ggml.model", "llama");
  w.add_uint32("tokenizer.ggml.tokens", 7);
  std::string bytes;
  auto v = load_from(w, &bytes);
  ASSERT_FALSE(v.is_ok());
  EXPECT_THAT(v.status().message(), HasSubstr("tokenizer.ggml.tokens"));

  GgufWriter w2 = spm_writer();
  w2.add_string("tokenizer.ggml.bos_token_id", "one");
  v = load_from(w2, &bytes);
  ASSERT_FALSE(v.is_ok());
  EXPECT_THAT(v.status().message(), HasSubstr("tokenizer.ggml.bos_token_id"));

  GgufWriter w3 = spm_writer();
  w3.add_uint32("tokenizer.ggml.add_bos_token", 1);
  v = load_from(w3, &bytes);
  ASSERT_FALSE(v.is_ok());
  EXPECT_THAT(v.status().message(), HasSubstr("tokenizer.ggml.add_bos_token"));
}

TEST(VocabTest, BadValuesAreNamed) {
  GgufWriter w;
  w.add_string("tokenizer.ggml.model", "llama");
  w.add_string_array("tokenizer.ggml.tokens", {"<unk>", "<s>", "</s>"});
  w.add_float32_array("tokenizer.ggml.scores", {0, 0});
  std::string bytes;
  auto v = load_from(w, &bytes);
  ASSERT_FALSE(v.is_ok());
  EXPECT_THAT(v.status().message(), HasSubstr("tokenizer.ggml.scores"));

  // An id outside the vocabulary (often 0xFFFFFFFF for "none") is ignored, as llama.cpp does.
  GgufWriter w2 = spm_writer();
  w2.add_uint32("tokenizer.ggml.eos_token_id", 99);
  w2.add_uint32("tokenizer.ggml.padding_token_id", 0xFFFFFFFFu);
  v = load_from(w2, &bytes);
  ASSERT_TRUE(v.is_ok()) << v.status().to_string();
  EXPECT_EQ(v->eos, 2);
  EXPECT_EQ(v->pad, kNoToken);

  GgufWriter w3;
  w3.add_string("tokenizer.ggml.model", "llama");
  w3.add_string_array("tokenizer.ggml.tokens", {"a", "b"});
  w3.add_int32_array("tokenizer.ggml.token_type", {1, 42});
  v = load_from(w3, &bytes);
  ASSERT_FALSE(v.is_ok());
  EXPECT_THAT(v.status().message(), HasSubstr("tokenizer.ggml.token_type"));

  GgufWriter w4;
  w4.add_string("tokenizer.ggml.model", "rwkv");
  w4.add_string_array("tokenizer.ggml.tokens", {"a"});
  v = load_from(w4, &bytes);
  ASSERT_FALSE(v.is_ok());
  EXPECT_EQ(v.status().code(), StatusCode::kUnimplemented);
}

TEST(VocabTest, UnknownPreTokenizerIsRefusedByTheTokenizer) {
  GgufWriter w;
  w.add_string("tokenizer.ggml.model", "gpt2");
  w.add_string("tokenizer.ggml.pre", "mystery");
  w.add_string_array("tokenizer.ggml.tokens", {"a", "b", "ab"});
  w.add_string_array("tokenizer.ggml.merges", {"a b"});
  std::string bytes = w.serialize();
  auto file = GgufFile::parse({reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()});
  ASSERT_TRUE(file.is_ok()) << file.status().to_string();
  auto tok = Tokenizer::from_gguf(**file);
  ASSERT_FALSE(tok.is_ok());
  EXPECT_THAT(tok.status().message(), HasSubstr("tokenizer.ggml.pre"));
}

}  // namespace
}  // namespace chorus::model
