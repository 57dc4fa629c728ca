// llama.cpp's golden tokenizer files (/work/shared/fixtures/tokenizer): every .gguf with a
// .inp/.out pair must reproduce the .out ids exactly (add_special=false, parse_special=false).
// WordPiece (bert-bge) lowercases and drops accents, so only its ids are compared, and its decoded
// text against the normalized input.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "model/gguf/gguf.h"
#include "model/tokenizer/tokenizer.h"
#include "support/temp_dir.h"

namespace chorus::model {
namespace {

namespace fs = std::filesystem;

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The .inp convention: inputs separated by "\n__ggml_vocab_test__\n", which also ends the file.
std::vector<std::string> split_inputs(const std::string& inp) {
  static const std::string kSep = "\n__ggml_vocab_test__\n";
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t pos; (pos = inp.find(kSep, start)) != std::string::npos; start = pos + kSep.size()) {
    out.push_back(inp.substr(start, pos - start));
  }
  return out;
}

std::vector<std::vector<int32_t>> parse_outputs(const std::string& out) {
  std::vector<std::vector<int32_t>> lines;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) {
    std::istringstream ls(line);
    auto& ids = lines.emplace_back();
    for (int32_t id; ls >> id;) ids.push_back(id);
  }
  return lines;
}

std::string fixture_dir(const std::string& sub) {
  const std::string shared = chorus::testing::shared_dir();
  return shared.empty() ? "" : shared + "/fixtures/tokenizer" + sub;
}

Result<Tokenizer> load(const fs::path& gguf) {
  CHORUS_ASSIGN_OR_RETURN(auto file, GgufFile::open(gguf.string()));
  return Tokenizer::from_gguf(*file);
}

class GoldenTest : public ::testing::TestWithParam<std::string> {};

TEST_P(GoldenTest, ReproducesLlamaCppIds) {
  const std::string dir = fixture_dir("");
  if (dir.empty()) GTEST_SKIP() << "shared fixtures not found (set CHORUS_SHARED_DIR)";
  const fs::path gguf = fs::path(dir) / GetParam();
  ASSERT_TRUE(fs::exists(gguf)) << gguf;
  auto tok = load(gguf);
  ASSERT_TRUE(tok.is_ok()) << tok.status().to_string();
  const auto inputs = split_inputs(read_all(gguf.string() + ".inp"));
  const auto outputs = parse_outputs(read_all(gguf.string() + ".out"));
  ASSERT_EQ(inputs.size(), outputs.size());
  ASSERT_GT(inputs.size(), 40u);
  for (size_t i = 0; i < inputs.size(); ++i) {
    EXPECT_EQ(tok->encode(inputs[i], false, false), outputs[i])
        << "input " << i << ": '" << inputs[i] << "'";
  }
  if (tok->vocab().kind == VocabKind::kWpm) return;  // lossy normalization: no round trip
  // Decoding gives the text back for every input.
  for (const auto& text : inputs) {
    EXPECT_EQ(tok->decode(tok->encode(text, false, false)), text) << "'" << text << "'";
  }
}

INSTANTIATE_TEST_SUITE_P(Vocabs, GoldenTest,
                         ::testing::Values("ggml-vocab-llama-spm.gguf", "ggml-vocab-phi-3.gguf",
                                           "ggml-vocab-gpt-2.gguf", "ggml-vocab-bert-bge.gguf",
                                           "rebuilt/ggml-vocab-llama-bpe.gguf",
                                           "rebuilt/ggml-vocab-qwen2.gguf"),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string n = fs::path(info.param).stem().string();
                           for (char& c : n) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return n;
                         });

// Every vocabulary with golden files loads (and is covered above).
TEST(GoldenFilesTest, AllPairsAreCovered) {
  const std::string dir = fixture_dir("");
  if (dir.empty()) GTEST_SKIP() << "shared fixtures not found (set CHORUS_SHARED_DIR)";
  int n = 0;
  for (const char* sub : {"", "/rebuilt"}) {
    for (const auto& e : fs::directory_iterator(dir + sub)) {
      if (e.path().extension() != ".gguf" || !fs::exists(e.path().string() + ".out")) continue;
      ++n;
      auto tok = load(e.path());
      EXPECT_TRUE(tok.is_ok()) << e.path() << ": " << tok.status().to_string();
    }
  }
  EXPECT_EQ(n, 6);
}

TEST(GoldenFilesTest, MetadataOfKnownVocabs) {
  const std::string dir = fixture_dir("");
  if (dir.empty()) GTEST_SKIP() << "shared fixtures not found (set CHORUS_SHARED_DIR)";
  auto llama3 = load(fs::path(dir) / "rebuilt/ggml-vocab-llama-bpe.gguf");
  ASSERT_TRUE(llama3.is_ok()) << llama3.status().to_string();
  EXPECT_EQ(llama3->bos(), 128000);
  EXPECT_EQ(llama3->eos(), 128001);
  EXPECT_EQ(llama3->n_vocab(), 128256);
  EXPECT_EQ(llama3->find_special("<|eot_id|>"), 128009);
  EXPECT_TRUE(llama3->is_eog(128009));
  EXPECT_TRUE(llama3->is_eog(128001));
  EXPECT_FALSE(llama3->is_eog(128006));
  EXPECT_EQ(llama3->encode("Hi", true, false).front(), 128000);
  EXPECT_EQ(llama3->encode("<|start_header_id|>user<|end_header_id|>", false, true),
            (std::vector<int32_t>{128006, 882, 128007}));

  auto qwen = load(fs::path(dir) / "rebuilt/ggml-vocab-qwen2.gguf");
  ASSERT_TRUE(qwen.is_ok()) << qwen.status().to_string();
  EXPECT_TRUE(qwen->is_eog(151645));                      // <|im_end|>
  EXPECT_EQ(qwen->encode("Hi", true, false).size(), 1u);  // no BOS for Qwen2
}

TEST(GoldenFilesTest, GptTwoEmojiStreamsWhole) {
  const std::string dir = fixture_dir("");
  if (dir.empty()) GTEST_SKIP() << "shared fixtures not found (set CHORUS_SHARED_DIR)";
  auto tok = load(fs::path(dir) / "ggml-vocab-gpt-2.gguf");
  ASSERT_TRUE(tok.is_ok()) << tok.status().to_string();
  // " 🦙" is three byte-level tokens in GPT-2: 12520 99 247.
  Detokenizer d(*tok);
  EXPECT_EQ(d.push(12520), " ");
  EXPECT_EQ(d.push(99), "");
  EXPECT_EQ(d.push(247), "🦙");
}

TEST(GoldenFilesTest, Stories260KPrompt) {
  const std::string shared = chorus::testing::shared_dir();
  if (shared.empty()) GTEST_SKIP() << "shared fixtures not found (set CHORUS_SHARED_DIR)";
  auto tok = load(shared + "/fixtures/models/stories260K/stories260K.gguf");
  ASSERT_TRUE(tok.is_ok()) << tok.status().to_string();
  EXPECT_EQ(tok->encode("Once upon a time", true, false),
            (std::vector<int32_t>{1, 403, 407, 261, 378}));
}

}  // namespace
}  // namespace chorus::model
