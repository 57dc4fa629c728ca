// gguf_info_text / gguf_info_json, the renderings behind `chorus model info`.
#include "model/gguf/gguf_info.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "model/gguf/gguf_test_bytes.h"
#include "model/quant/ggml_types.h"
#include "support/temp_dir.h"

namespace chorus::model {
namespace {

std::string sample_file() {
  GgufWriter w;
  w.add_string("general.architecture", "llama");
  w.add_uint32("llama.context_length", 128);
  w.add_int32("neg", -5);
  w.add_float32("eps", 0.5f);
  w.add_bool("flag", true);
  w.add_string("bad_utf8",
               "a\xff"
               "b");
  w.add_string_array("tokenizer.ggml.tokens", {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"});
  EXPECT_TRUE(
      w.add_tensor("w", static_cast<uint32_t>(GgmlType::Q8_0), {32, 3}, std::string(102, 'x'))
          .is_ok());
  EXPECT_TRUE(
      w.add_tensor("n", static_cast<uint32_t>(GgmlType::F32), {5}, std::string(20, 'y')).is_ok());
  return w.serialize();
}

TEST(GgufInfo, Json) {
  const std::string bytes = sample_file();
  auto f = GgufFile::parse(testing::as_span(bytes));
  ASSERT_TRUE(f.is_ok()) << f.status().to_string();
  nlohmann::json j = nlohmann::json::parse(gguf_info_json(**f));
  EXPECT_EQ(j["version"], 3);
  EXPECT_EQ(j["alignment"], 32);
  EXPECT_EQ(j["file_bytes"], bytes.size());
  const auto& m = j["metadata"];
  EXPECT_EQ(m["general.architecture"], "llama");
  EXPECT_EQ(m["llama.context_length"], 128);
  EXPECT_EQ(m["neg"], -5);
  EXPECT_EQ(m["eps"], 0.5);
  EXPECT_EQ(m["flag"], true);
  EXPECT_EQ(m["bad_utf8"],
            "a\xef\xbf\xbd"
            "b");  // U+FFFD
  EXPECT_EQ(m["tokenizer.ggml.tokens"],
            (nlohmann::json{{"type", "array"}, {"elem_type", "string"}, {"count", 10}}));
  ASSERT_EQ(j["tensors"].size(), 2u);
  EXPECT_EQ(
      j["tensors"][0],
      (nlohmann::json{
          {"name", "w"}, {"type", "Q8_0"}, {"dims", {32, 3}}, {"bytes", 102}, {"offset", 0}}));
  EXPECT_EQ(j["tensors"][1]["offset"], 128);
  EXPECT_EQ(j["parameters"], 96 + 5);
  EXPECT_EQ(j["bytes_by_type"], (nlohmann::json{{"F32", 20}, {"Q8_0", 102}}));
}

TEST(GgufInfo, Text) {
  const std::string bytes = sample_file();
  auto f = GgufFile::parse(testing::as_span(bytes));
  ASSERT_TRUE(f.is_ok());
  const std::string text = gguf_info_text(**f);
  EXPECT_NE(text.find("GGUF v3, alignment 32"), std::string::npos) << text;
  EXPECT_NE(text.find("metadata (7 keys):"), std::string::npos) << text;
  EXPECT_NE(text.find("\"llama\""), std::string::npos) << text;
  EXPECT_NE(text.find("string[10]"), std::string::npos) << text;
  EXPECT_NE(text.find("...] (10 x string)"), std::string::npos) << text;
  EXPECT_NE(text.find("[32, 3]"), std::string::npos) << text;
  EXPECT_NE(text.find("parameters: 101"), std::string::npos) << text;
  EXPECT_NE(text.find("bytes by type: F32 20 Q8_0 102"), std::string::npos) << text;
}

TEST(GgufInfo, Stories260K) {
  std::string shared = chorus::testing::shared_dir();
  if (shared.empty()) GTEST_SKIP() << "no /work/shared fixtures";
  auto f = GgufFile::open(shared + "/fixtures/models/stories260K/stories260K.gguf");
  ASSERT_TRUE(f.is_ok());
  nlohmann::json j = nlohmann::json::parse(gguf_info_json(**f));
  EXPECT_EQ(j["metadata"]["llama.embedding_length"], 64);
  uint64_t params = 0;
  for (const GgufTensor& t : (*f)->tensors()) params += static_cast<uint64_t>(t.elements());
  EXPECT_EQ(j["parameters"], params);
  EXPECT_GT(params, 200000u);
  EXPECT_LT(params, 300000u);
}

}  // namespace
}  // namespace chorus::model

namespace chorus::model {
namespace {

TEST(GgufInfo, Float32PrintsShortest) {
  GgufWriter w;
  w.add_float32("eps", 1e-5f);
  w.add_float32_array("a", {0.1f});
  const std::string bytes = w.serialize();
  auto f = GgufFile::parse(testing::as_span(bytes));
  ASSERT_TRUE(f.is_ok());
  EXPECT_EQ((*f)->value_to_string(*(*f)->find("eps")), "1e-05");
  EXPECT_EQ((*f)->value_to_string(*(*f)->find("a")), "[0.1]");
  nlohmann::json j = nlohmann::json::parse(gguf_info_json(**f));
  EXPECT_EQ(j["metadata"]["eps"], 1e-5);
}

}  // namespace
}  // namespace chorus::model
