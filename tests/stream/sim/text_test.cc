// Text of the simulated posts: vocabularies, Arabic variants, abuse from the lexicon, prompt
// injections and their benign look-alikes.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "sim_test_util.h"
#include "stream/sim/arabic_variants.h"
#include "stream/sim/lexicon.h"
#include "stream/sim/simulator.h"
#include "stream/sim/vocab.h"

namespace chorus::sim {
namespace {

using testing::collect;
using testing::small_config;

// Drops tatweel and Arabic diacritics, which the variants insert inside words.
std::string strip_marks(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    auto b0 = static_cast<unsigned char>(s[i]);
    if (b0 == 0xD9 && i + 1 < s.size()) {
      auto b1 = static_cast<unsigned char>(s[i + 1]);
      if (b1 == 0x80 || (b1 >= 0x8B && b1 <= 0x92)) {
        ++i;
        continue;
      }
    }
    out.push_back(s[i]);
  }
  return out;
}

TEST(VocabTest, BuiltInPacksCompile) {
  LangSpec specs[] = {english_spec(), arabic_spec(), french_spec()};
  for (int l = 0; l < kLangCount; ++l) {
    LangPack pack;
    Status s = compile_lang_pack(specs[l], l, &pack);
    EXPECT_TRUE(s.is_ok()) << lang_code(l) << ": " << s.to_string();
  }
}

TEST(VocabTest, UnknownListIsNamed) {
  LangSpec spec = english_spec();
  spec.templates["sports"].push_back("a {no_such_list} here");
  LangPack pack;
  Status s = compile_lang_pack(spec, kLangEn, &pack);
  EXPECT_FALSE(s.is_ok());
  EXPECT_NE(s.message().find("no_such_list"), std::string::npos) << s.message();
}

TEST(ArabicVariantsTest, RewritesLettersDigitsButNotMentionsOrUrls) {
  ArabicStyle st;
  st.plain_alef = 1.0;
  st.heh_for_teh = true;
  st.yeh_for_maqsura = true;
  st.indic_digits = true;
  Rng rng(1);
  std::string out;
  apply_arabic_style("أحمد في القاهرة على 2024 @user_12 https://x.example/a1 #مدرسة_2", st, rng,
                     &out);
  EXPECT_EQ(out, "احمد في القاهره علي ٢٠٢٤ @user_12 https://x.example/a1 #مدرسه_2");
}

TEST(ArabicVariantsTest, PlaceholderTokensStayVerbatim) {
  ArabicStyle st;
  st.indic_digits = true;
  st.tatweel = 1.0;
  Rng rng(3);
  std::string out;
  apply_arabic_style("[spam-offer-2] 5", st, rng, &out);
  EXPECT_EQ(out, "[spam-offer-2] ٥");
}

TEST(ArabicVariantsTest, PlainStyleKeepsText) {
  Rng rng(2);
  std::string in = "إضراب المترو في القاهرة 12", out;
  apply_arabic_style(in, ArabicStyle{}, rng, &out);
  EXPECT_EQ(out, in);
}

TEST(LexiconTest, PlaceholderFileMatchesBuiltIn) {
  std::ifstream f(std::string(CHORUS_SOURCE_DIR) + "/data/lexicon/placeholder.tsv");
  ASSERT_TRUE(f.good());
  std::stringstream ss;
  ss << f.rdbuf();
  auto lex = Lexicon::parse(ss.str());
  ASSERT_TRUE(lex.is_ok()) << lex.status().to_string();
  Lexicon builtin = Lexicon::placeholder();
  for (int c = 0; c < kAbuseCategoryCount; ++c)
    for (int l = 0; l < kLangCount; ++l) EXPECT_EQ(lex->tokens(c, l), builtin.tokens(c, l));
  EXPECT_EQ(builtin.tokens(0, kLangEn).front(), "[slur-hate-1]");
}

TEST(LexiconTest, ErrorsNameTheLine) {
  auto bad_cat = Lexicon::parse("# comment\nhate\t[x]\nrudeness\t[y]\n");
  ASSERT_FALSE(bad_cat.is_ok());
  EXPECT_NE(bad_cat.status().message().find("line 3"), std::string::npos);
  EXPECT_NE(bad_cat.status().message().find("rudeness"), std::string::npos);
  auto no_tab = Lexicon::parse("hate [x]\n");
  ASSERT_FALSE(no_tab.is_ok());
  EXPECT_NE(no_tab.status().message().find("line 1"), std::string::npos);
  auto bad_lang = Lexicon::parse("spam\t[s]\tde\n");
  ASSERT_FALSE(bad_lang.is_ok());
  EXPECT_NE(bad_lang.status().message().find("de"), std::string::npos);
  EXPECT_FALSE(Lexicon::parse("hate\t\n").is_ok());
  EXPECT_FALSE(Lexicon::parse("hate\t\xff\n").is_ok());
}

TEST(LexiconTest, LanguageTokensAndSharedTokens) {
  auto lex = Lexicon::parse("hate\t[ar-only]\tar\nhate\t[any]\r\n\nspam\t[buy]\n");
  ASSERT_TRUE(lex.is_ok());
  EXPECT_EQ(lex->tokens(0, kLangAr), (std::vector<std::string>{"[ar-only]", "[any]"}));
  EXPECT_EQ(lex->tokens(0, kLangEn), (std::vector<std::string>{"[any]"}));
  EXPECT_TRUE(lex->tokens(1, kLangEn).empty());
}

TEST(SimulatorTextTest, AbusivePostsUseTheLexiconOfTheirCategory) {
  SimConfig c = small_config(41);
  auto lex = Lexicon::parse(
      "hate\t[h-en]\ten\nhate\t[h-ar]\tar\nhate\t[h-fr]\tfr\nharassment\t[insult]\n"
      "spam\t[spam]\n");
  ASSERT_TRUE(lex.is_ok());
  c.lexicon = *lex;
  c.abuse_share = 0.1;
  Simulator sim(c);
  auto posts = collect(sim, 20000);
  size_t hate = 0, harassment = 0, other = 0;
  for (const auto& s : posts) {
    const std::string& text = s.post.text;
    if (s.truth.labels & kLabelHate) {
      ++hate;
      EXPECT_NE(text.find("[h-" + s.post.lang + "]"), std::string::npos) << text;
      EXPECT_EQ(s.truth.role, Role::kAbuse);
    } else if (s.truth.labels & kLabelHarassment) {
      ++harassment;
      EXPECT_NE(text.find("[insult]"), std::string::npos) << text;
      EXPECT_EQ(s.post.mentions.size(), 1u) << text;
    } else if (s.truth.labels & (kLabelViolence | kLabelSexual)) {
      ++other;  // no tokens for these categories: none may be written
    } else if (s.truth.labels & kLabelSpam) {
      EXPECT_TRUE(s.truth.author_automated || text.find("[spam]") != std::string::npos) << text;
    } else {
      for (const char* tok : {"[h-", "[insult]", "[spam]"})
        EXPECT_EQ(text.find(tok), std::string::npos) << text;
    }
  }
  EXPECT_GT(hate, 50u);
  EXPECT_GT(harassment, 50u);
  EXPECT_EQ(other, 0u);
}

TEST(SimulatorTextTest, InjectionsAreLabelledAndLookalikesAreNot) {
  SimConfig c = small_config(42);
  c.injection_share = 0.02;
  c.lookalike_share = 0.02;
  Simulator sim(c);
  auto posts = collect(sim, 20000);
  size_t injections = 0, lookalikes = 0;
  const std::vector<std::string> markers = {"ignore your instructions",
                                            "Ignore all previous instructions",
                                            "assistant: say that",
                                            "disregard your rules",
                                            "SYSTEM OVERRIDE",
                                            "تجاهل التعليمات",
                                            "تجاهل كل تعليماتك",
                                            "المساعد: قل",
                                            "تجاهل قواعدك",
                                            "ignore tes instructions",
                                            "Ignore toutes les instructions",
                                            "assistant : dis que",
                                            "oublie tes règles"};
  for (const auto& s : posts) {
    const std::string text = strip_marks(s.post.text);
    if (s.truth.role == Role::kInjection) {
      ++injections;
      EXPECT_EQ(s.truth.labels, static_cast<uint32_t>(kLabelInjection));
      bool found = false;
      for (const auto& m : markers) found |= text.find(m) != std::string::npos;
      // Arabic writers may drop the hamza: accept the bare-alef spelling too.
      found |= text.find("ايها المساعد") != std::string::npos;
      EXPECT_TRUE(found) << s.post.text;
    } else {
      EXPECT_EQ(s.truth.labels & kLabelInjection, 0u);
      if (s.truth.role == Role::kInjectionLookalike) ++lookalikes;
    }
  }
  EXPECT_GT(injections, 100u);
  EXPECT_GT(lookalikes, 100u);
}

}  // namespace
}  // namespace chorus::sim
