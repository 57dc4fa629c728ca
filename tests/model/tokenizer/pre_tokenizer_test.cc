// Splits of every pre-tokenizer, with expectations worked out by hand from the regexes listed in
// src/model/tokenizer/pre_tokenizer.h.
#include "model/tokenizer/pre_tokenizer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace chorus::model {
namespace {

using ::testing::ElementsAre;

std::vector<std::string> split(std::string_view pre, std::string_view text) {
  auto kind = pre_tokenizer_for(pre);
  EXPECT_TRUE(kind.is_ok()) << kind.status().to_string();
  return kind.is_ok() ? pre_tokenize(*kind, text) : std::vector<std::string>{};
}

TEST(PreTokenizerTest, NamesAndAliases) {
  EXPECT_EQ(*pre_tokenizer_for("gpt-2"), PreTokenizer::kGpt2);
  EXPECT_EQ(*pre_tokenizer_for("mpt"), PreTokenizer::kGpt2);
  EXPECT_EQ(*pre_tokenizer_for("llama-bpe"), PreTokenizer::kLlama3);
  EXPECT_EQ(*pre_tokenizer_for("qwen2"), PreTokenizer::kQwen2);
  EXPECT_EQ(*pre_tokenizer_for("refact"), PreTokenizer::kStarcoder);
  EXPECT_EQ(*pre_tokenizer_for("starcoder"), PreTokenizer::kStarcoder);
  EXPECT_EQ(*pre_tokenizer_for("falcon"), PreTokenizer::kFalcon);
  EXPECT_EQ(*pre_tokenizer_for("deepseek-llm"), PreTokenizer::kDeepseekLlm);
  EXPECT_EQ(*pre_tokenizer_for("deepseek-coder"), PreTokenizer::kDeepseekCoder);
  EXPECT_EQ(*pre_tokenizer_for("default"), PreTokenizer::kDefault);
  auto bad = pre_tokenizer_for("no-such-pre");
  ASSERT_FALSE(bad.is_ok());
  EXPECT_THAT(bad.status().message(), ::testing::HasSubstr("tokenizer.ggml.pre"));
  EXPECT_THAT(bad.status().message(), ::testing::HasSubstr("no-such-pre"));
}

TEST(PreTokenizerTest, EmptyText) {
  EXPECT_TRUE(split("gpt-2", "").empty());
}

TEST(PreTokenizerTest, Gpt2) {
  EXPECT_THAT(split("gpt-2", "Hello world's 123  test\n"),
              ElementsAre("Hello", " world", "'s", " 123", " ", " test", "\n"));
  // Contractions are case-sensitive; a lone space before a non-space is its own piece.
  EXPECT_THAT(split("gpt-2", "I'M ok\t!"), ElementsAre("I", "'", "M", " ok", "\t", "!"));
  EXPECT_THAT(split("mpt", "a  b   "), ElementsAre("a", " ", " b", "   "));
  EXPECT_THAT(split("gpt-2", "нещо на 🦙.cpp"),
              ElementsAre("нещо", " на", " 🦙.", "cpp"));
}

TEST(PreTokenizerTest, Llama3) {
  EXPECT_THAT(split("llama-bpe", "Hello WORLD'S 12345 ...\n\n  x"),
              ElementsAre("Hello", " WORLD", "'S", " ", "123", "45", " ...\n\n", " ", " x"));
  EXPECT_THAT(split("llama-bpe", "a\n \nb\t\tc"), ElementsAre("a", "\n \n", "b", "\t", "\tc"));
  EXPECT_THAT(split("llama3", "(x)"), ElementsAre("(x", ")"));
}

TEST(PreTokenizerTest, Qwen2SplitsEveryDigit) {
  EXPECT_THAT(split("qwen2", "abc 2024年～"),
              ElementsAre("abc", " ", "2", "0", "2", "4", "年", "～"));
  EXPECT_THAT(split("qwen2", "我想在apple工作"), ElementsAre("我想在apple工作"));
}

TEST(PreTokenizerTest, StarcoderAndRefactSplitDigitsFirst) {
  EXPECT_THAT(split("starcoder", "x=12+3"), ElementsAre("x", "=", "1", "2", "+", "3"));
  EXPECT_THAT(split("refact", "v 42a"), ElementsAre("v", " ", "4", "2", "a"));
}

TEST(PreTokenizerTest, Falcon) {
  EXPECT_THAT(split("falcon", "a+=b 1234567 ok!"),
              ElementsAre("a", "+=", "b", " ", "123", "456", "7", " ok", "!"));
  // The backtick is in Falcon's symbol class, not in the default one.
  EXPECT_THAT(split("falcon", "x`y"), ElementsAre("x", "`", "y"));
  EXPECT_THAT(split("default", "x`y"), ElementsAre("x", "`", "y"));
}

TEST(PreTokenizerTest, Default) {
  EXPECT_THAT(split("default", "Hi, you 12345!"),
              ElementsAre("Hi", ",", " you", " ", "123", "45", "!"));
}

TEST(PreTokenizerTest, DeepseekCoder) {
  EXPECT_THAT(split("deepseek-coder", "def f(x):\n  return 42"),
              ElementsAre("def", " f", "(", "x", "):", "\n", " ", " return", " ", "4", "2"));
  // \s?\p{L}+ keeps "中文abc" together; the later CJK rule splits it again.
  EXPECT_THAT(split("deepseek-coder", "中文abc"), ElementsAre("中文", "abc"));
  EXPECT_THAT(split("deepseek-coder", "1中文"), ElementsAre("1", "中文"));
}

TEST(PreTokenizerTest, DeepseekLlm) {
  EXPECT_THAT(split("deepseek-llm", "Hello 世界 123!!\n  "),
              ElementsAre("Hello", " ", "世界", " ", "123", "!!", "\n", "  "));
  // Greek, Cyrillic and full-width Latin are in its letter class, Arabic is not; the later
  // punctuation class [!-/:-~...] also holds ASCII and full-width letters, so it re-splits
  // "Ωmega" after the Omega.
  EXPECT_THAT(split("deepseek-llm", "Ωmega Ｈｉ мир سلام"),
              ElementsAre("Ω", "mega", " Ｈｉ", " мир", " سلام"));
  // Full-width punctuation belongs to the punctuation class, with one optional leading space.
  EXPECT_THAT(split("deepseek-llm", "好。 ！x"), ElementsAre("好", "。", " ！", "x"));
}

// Regression: \s+$ used to rescan a long inner whitespace run from every position (quadratic).
TEST(PreTokenizerTest, LongInnerWhitespaceRun) {
  const std::string spaces(200000, ' ');
  EXPECT_THAT(split("deepseek-llm", "中" + spaces + "中"), ElementsAre("中", spaces, "中"));
  EXPECT_THAT(split("deepseek-llm", "中" + spaces), ElementsAre("中", spaces));
}

TEST(PreTokenizerTest, ConcatenationGivesBackTheText) {
  const std::string text =
      "Mixed: مرحبا بالعالم, 你好世界 😶‍🌫️ 3.14159\r\n\tend  ";
  for (std::string_view pre : {"default", "gpt-2", "llama-bpe", "qwen2", "deepseek-llm",
                               "deepseek-coder", "falcon", "mpt", "starcoder", "refact"}) {
    std::string joined;
    for (const auto& w : split(pre, text)) {
      EXPECT_FALSE(w.empty()) << pre;
      joined += w;
    }
    EXPECT_EQ(joined, text) << pre;
  }
}

TEST(PreTokenizerTest, IllFormedBytesBecomeReplacementCharacters) {
  EXPECT_THAT(split("gpt-2", "a\xff"), ElementsAre("a", "\xEF\xBF\xBD"));
}

}  // namespace
}  // namespace chorus::model
