// Tokenizer behaviour on hand-made vocabularies: SPM merging by score and byte fallback, BPE
// merging by rank, special tokens, BOS/EOS, decoding and streaming.
#include "model/tokenizer/tokenizer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test_vocabs.h"

namespace chorus::model {
namespace {

using testing::BpeVocabBuilder;
using ::testing::ElementsAre;
using testing::make_spm_vocab;

Tokenizer must_build(Vocab v) {
  auto t = Tokenizer::from_vocab(std::move(v));
  EXPECT_TRUE(t.is_ok()) << t.status().to_string();
  return std::move(t).value();
}

int32_t byte_id(int b) {
  return 3 + b;
}  // in make_spm_vocab()

class SpmTest : public ::testing::Test {
 protected:
  int32_t id(std::string_view text) const {
    const auto& tokens = tok_.vocab().tokens;
    auto it = std::find(tokens.begin(), tokens.end(), text);
    EXPECT_NE(it, tokens.end()) << text;
    return static_cast<int32_t>(it - tokens.begin());
  }
  Tokenizer tok_ = must_build(make_spm_vocab());
};

TEST_F(SpmTest, MergesHighestScoreFirst) {
  EXPECT_THAT(tok_.encode("hello world", false, false), ElementsAre(id("▁hello"), id("▁world")));
}

TEST_F(SpmTest, ByteFallbackForUnknownCharacters) {
  // "▁hi▁é": 'i' and 'é' are not pieces.
  EXPECT_THAT(tok_.encode("hi é", false, false),
              ElementsAre(id("▁h"), byte_id('i'), id("▁"), byte_id(0xC3), byte_id(0xA9)));
}

TEST_F(SpmTest, BosAndEosFollowTheVocabulary) {
  EXPECT_THAT(tok_.encode("hello", true, false), ElementsAre(1, id("▁hello")));
  EXPECT_THAT(tok_.encode("", true, false), ElementsAre(1));
  EXPECT_TRUE(tok_.encode("", false, false).empty());
  Vocab v = make_spm_vocab();
  v.add_bos = false;
  v.add_eos = true;
  EXPECT_THAT(must_build(v).encode("hello", true, false), ElementsAre(id("▁hello"), 2));
}

TEST_F(SpmTest, NoSpacePrefixWhenDisabled) {
  Vocab v = make_spm_vocab();
  v.add_space_prefix = false;
  EXPECT_THAT(must_build(v).encode("hello", false, false),
              ElementsAre(byte_id('h'), byte_id('e'), id("llo")));
}

TEST_F(SpmTest, ParseSpecialSplitsOnControlTokens) {
  const int32_t im_end = *tok_.find_special("<|im_end|>");
  EXPECT_THAT(tok_.encode("hello<|im_end|>world", false, true),
              ElementsAre(id("▁hello"), im_end, id("▁world")));
  // Without parse_special the text is tokenized as text.
  const auto plain = tok_.encode("hello<|im_end|>world", false, false);
  EXPECT_EQ(std::count(plain.begin(), plain.end(), im_end), 0);
  EXPECT_EQ(tok_.decode(plain), "hello<|im_end|>world");
}

TEST_F(SpmTest, UserDefinedTokensAreAlwaysWhole) {
  const int32_t tool = *tok_.find_special("<tool>");
  EXPECT_THAT(tok_.encode("<tool>hello", false, false), ElementsAre(tool, id("▁hello")));
}

TEST_F(SpmTest, SpecialTokensAndEndOfGeneration) {
  EXPECT_EQ(tok_.bos(), 1);
  EXPECT_EQ(tok_.eos(), 2);
  EXPECT_EQ(tok_.n_vocab(), 3 + 256 + 13 + 2);
  EXPECT_TRUE(tok_.is_eog(2));
  EXPECT_TRUE(tok_.is_eog(*tok_.find_special("<|im_end|>")));
  EXPECT_FALSE(tok_.is_eog(1));
  EXPECT_FALSE(tok_.is_eog(id("▁hello")));
  EXPECT_FALSE(tok_.is_eog(-1));
  EXPECT_FALSE(tok_.find_special("▁hello").has_value());
  EXPECT_FALSE(tok_.find_special("nope").has_value());
}

TEST_F(SpmTest, Pieces) {
  EXPECT_EQ(tok_.token_to_piece(id("▁hello")), " hello");
  EXPECT_EQ(tok_.token_to_piece(byte_id(0xC3)), "\xC3");
  EXPECT_EQ(tok_.token_to_piece(1), "<s>");
  EXPECT_EQ(tok_.token_to_piece(-5), "");
  EXPECT_EQ(tok_.token_to_piece(tok_.n_vocab()), "");
}

TEST_F(SpmTest, DecodeUndoesSpacePrefixAndHidesControlTokens) {
  EXPECT_EQ(tok_.decode(tok_.encode("hello world", true, false)), "hello world");
  EXPECT_EQ(tok_.decode(tok_.encode("hello<|im_end|>world", false, true)), "helloworld");
  EXPECT_EQ(tok_.decode(tok_.encode("hello<|im_end|>world", false, true), true),
            "hello<|im_end|>world");
}

TEST_F(SpmTest, RoundTripThroughByteFallback) {
  for (std::string text : {"hello world", " leading", "two  spaces ", "مرحبا بالعالم", "你好，世界",
                           "🦙 llamas 😶‍🌫️!", "tab\tnew\nline", ""}) {
    EXPECT_EQ(tok_.decode(tok_.encode(text, false, false)), text);
    EXPECT_EQ(tok_.decode(tok_.encode(text, true, false)), text);
  }
}

TEST_F(SpmTest, DetokenizerStreamsWholeCharactersOnly) {
  const auto ids = tok_.encode("🦙", false, false);  // "▁" then four byte tokens
  ASSERT_THAT(ids,
              ElementsAre(id("▁"), byte_id(0xF0), byte_id(0x9F), byte_id(0xA6), byte_id(0x99)));
  Detokenizer d(tok_);
  EXPECT_EQ(d.push(ids[0]), " ");
  EXPECT_EQ(d.push(ids[1]), "");
  EXPECT_EQ(d.push(ids[2]), "");
  EXPECT_EQ(d.push(ids[3]), "");
  EXPECT_EQ(d.pending(), 3u);
  EXPECT_EQ(d.push(ids[4]), "🦙");
  EXPECT_EQ(d.pending(), 0u);
  EXPECT_EQ(d.finish(), "");
}

TEST_F(SpmTest, DetokenizerReplacesBrokenSequences) {
  Detokenizer d(tok_);
  EXPECT_EQ(d.push(byte_id(0xF0)), "");
  EXPECT_EQ(d.push(byte_id(0x9F)), "");
  EXPECT_EQ(d.finish(), "\xEF\xBF\xBD\xEF\xBF\xBD");
  // An interrupted sequence followed by ASCII comes out as U+FFFD then the ASCII.
  EXPECT_EQ(d.push(byte_id(0xE2)), "");
  EXPECT_EQ(d.push(byte_id('a')),
            "\xEF\xBF\xBD"
            "a");
}

TEST_F(SpmTest, LongInputRoundTrips) {
  std::string text;
  for (int i = 0; i < 5000; ++i) text += "hello world ";
  const auto ids = tok_.encode(text, false, false);
  EXPECT_EQ(ids.size(), 10001u);  // ▁hello ▁world per repetition, then the final ▁
  EXPECT_EQ(tok_.decode(ids), text);
}

TEST(BpeTest, MergesByRank) {
  BpeVocabBuilder b("gpt-2");
  b.word("Hello").word(" world");
  const Tokenizer tok = must_build(b.build());
  EXPECT_THAT(tok.encode("Hello world", false, false), ElementsAre(b.id("Hello"), b.id(" world")));
  // "Hell" is a prefix token; "Help" stops after "Hel".
  EXPECT_THAT(tok.encode("Help", false, false), ElementsAre(b.id("Hel"), b.id("p")));
}

TEST(BpeTest, LowerRankWinsOverPosition) {
  BpeVocabBuilder b("gpt-2");
  b.word("bc").word("ab");  // "b c" ranks before "a b"
  const Tokenizer tok = must_build(b.build());
  EXPECT_THAT(tok.encode("abc", false, false), ElementsAre(b.id("a"), b.id("bc")));
}

TEST(BpeTest, IgnoreMergesEmitsWholeWordTokens) {
  BpeVocabBuilder b("llama-bpe");
  Vocab v = b.build();
  v.tokens.push_back(byte_level::encode("hello"));  // a token no merge builds
  v.types.push_back(TokenType::kNormal);
  v.ignore_merges = true;
  const auto hello = static_cast<int32_t>(v.tokens.size() - 1);
  EXPECT_THAT(must_build(v).encode("hello", false, false), ElementsAre(hello));
  v.ignore_merges = false;
  EXPECT_EQ(must_build(v).encode("hello", false, false).size(), 5u);
}

TEST(BpeTest, SpecialTokensAndRoundTrip) {
  BpeVocabBuilder b("qwen2");
  b.word("Hello")
      .special("<|im_end|>", TokenType::kControl)
      .special("<|endoftext|>", TokenType::kControl);
  Vocab v = b.build();
  v.eos = static_cast<int32_t>(v.tokens.size() - 1);
  v.bos = v.eos;
  const Tokenizer tok = must_build(v);
  const int32_t im_end = *tok.find_special("<|im_end|>");
  EXPECT_THAT(tok.encode("Hello<|im_end|>", false, true), ElementsAre(b.id("Hello"), im_end));
  EXPECT_TRUE(tok.is_eog(im_end));
  EXPECT_TRUE(tok.is_eog(v.eos));
  EXPECT_EQ(tok.encode("x", true, false).size(), 1u);  // add_bos is off for BPE by default
  for (std::string text : {"Hello", "  spaces\n\n\tand tabs ", "مرحبا بالعالم", "東京は晴れ 2024年",
                           "emoji 👩‍👩‍👧 ✅", "don't STOP'S"}) {
    EXPECT_EQ(tok.decode(tok.encode(text, false, false)), text);
  }
}

// For each held-back pre-tokenizer family: a vocabulary holding the expected pieces and "trap"
// tokens that only a wrong split could produce; the ids must be exactly the pieces'.
struct FamilyCase {
  const char* pre;
  const char* text;
  std::vector<std::string> pieces;
  std::vector<std::string> traps;
};

class PreTokenizerFamilyTest : public ::testing::TestWithParam<FamilyCase> {};

TEST_P(PreTokenizerFamilyTest, EncodesToTheExpectedPieces) {
  const FamilyCase& c = GetParam();
  BpeVocabBuilder b(c.pre);
  for (const auto& t : c.traps) b.word(t);
  for (const auto& p : c.pieces) b.word(p);
  const Tokenizer tok = must_build(b.build());
  std::vector<int32_t> want;
  for (const auto& p : c.pieces) want.push_back(b.id(p));
  EXPECT_EQ(tok.encode(c.text, false, false), want);
  EXPECT_EQ(tok.decode(want), c.text);
}

INSTANTIATE_TEST_SUITE_P(
    Families, PreTokenizerFamilyTest,
    ::testing::Values(
        FamilyCase{"deepseek-llm",
                   "Hello 世界 123!!\n  ",
                   {"Hello", " ", "世界", " ", "123", "!!", "\n", "  "},
                   {" 1", "3!", "o ", "!\n"}},
        FamilyCase{"deepseek-coder",
                   "def f(x):\n  return 42",
                   {"def", " f", "(", "x", "):", "\n", " ", " return", " ", "4", "2"},
                   {"42", "f(", ":\n", "  r", " 4"}},
        FamilyCase{"falcon",
                   "a+=b 1234567 ok!",
                   {"a", "+=", "b", " ", "123", "456", "7", " ok", "!"},
                   {"a+", "b ", " 1", "4567", "k!"}},
        FamilyCase{"mpt",
                   "Hello world's 123  test\n",
                   {"Hello", " world", "'s", " 123", " ", " test", "\n"},
                   {"  ", "s ", "t\n"}},
        FamilyCase{"starcoder", "x=12+3", {"x", "=", "1", "2", "+", "3"}, {"12", "x=", "+3"}},
        FamilyCase{"refact", "v 42a", {"v", " ", "4", "2", "a"}, {"v ", "42", "2a", " 4"}}),
    [](const ::testing::TestParamInfo<FamilyCase>& info) {
      std::string name = info.param.pre;
      std::replace(name.begin(), name.end(), '-', '_');
      return name;
    });

TEST(TokenizerTest, RejectsBadVocabularies) {
  Vocab v = make_spm_vocab();
  v.types.pop_back();
  EXPECT_FALSE(Tokenizer::from_vocab(v).is_ok());
  v = make_spm_vocab();
  v.bos = 100000;
  auto r = Tokenizer::from_vocab(v);
  ASSERT_FALSE(r.is_ok());
  EXPECT_THAT(r.status().message(), ::testing::HasSubstr("bos"));
  BpeVocabBuilder b("unheard-of");
  r = Tokenizer::from_vocab(b.build());
  ASSERT_FALSE(r.is_ok());
  EXPECT_THAT(r.status().message(), ::testing::HasSubstr("unheard-of"));
  Vocab bad_merge = BpeVocabBuilder("gpt-2").build();
  bad_merge.merges.push_back("nospace");
  r = Tokenizer::from_vocab(bad_merge);
  ASSERT_FALSE(r.is_ok());
  EXPECT_THAT(r.status().message(), ::testing::HasSubstr("tokenizer.ggml.merges"));
}

}  // namespace
}  // namespace chorus::model

namespace chorus::model {
namespace {

// WordPiece vocabulary: [PAD] [UNK] [CLS] [SEP], word starts with '▁', continuations bare.
Vocab make_wpm_vocab() {
  Vocab v;
  v.kind = VocabKind::kWpm;
  v.model = "bert";
  for (const char* t : {"[PAD]", "[UNK]", "[CLS]", "[SEP]"}) {
    v.tokens.push_back(t);
    v.types.push_back(TokenType::kControl);
  }
  v.types[1] = TokenType::kUnknown;
  for (const char* t : {"▁play", "ing", "▁the", "▁fuhrer", "▁,", "▁!", "▁中", "▁国", "▁a", "b"}) {
    v.tokens.push_back(t);
    v.types.push_back(TokenType::kNormal);
  }
  v.pad = 0;
  v.unk = 1;
  v.bos = 2;
  v.sep = 3;
  v.add_bos = true;
  return v;
}

TEST(WpmTest, LongestMatchesLowercaseNoAccentsAndPunctuationSplits) {
  auto tok = Tokenizer::from_vocab(make_wpm_vocab());
  ASSERT_TRUE(tok.is_ok()) << tok.status().to_string();
  // "Playing" -> ▁play + ing; "Führer" -> fuhrer (NFD base, lowercase); "," and "!" alone.
  EXPECT_EQ(tok->encode("Playing, the Führer!", false, false),
            (std::vector<int32_t>{4, 5, 8, 6, 7, 9}));
  // CJK ideographs are words of their own; a word that cannot be covered is one [UNK];
  // control characters vanish.
  EXPECT_EQ(tok->encode("中国 zzz a\x01"
                        "b",
                        false, false),
            (std::vector<int32_t>{10, 11, 1, 12, 13}));
  EXPECT_EQ(tok->encode("the", true, false), (std::vector<int32_t>{2, 6}));
  EXPECT_EQ(tok->decode(tok->encode("Playing the", false, false)), "playing the");
}

}  // namespace
}  // namespace chorus::model
