// ModerationPolicy parsing, the lexicon rule set (tiny test lexicon + the shipped placeholder
// lexicon when present), and Moderator::assess decisions with their reasons.
#include <gtest/gtest.h>

#include "support/temp_dir.h"
#include "trust/moderation/moderator.h"
#include "trust/moderation/trainer.h"

namespace chorus::trust {
namespace {

TEST(ModerationPolicy, ParsesEntriesCommentsAndSections) {
  Result<ModerationPolicy> p = ModerationPolicy::parse(
      "[moderation]\n"
      "hate = exclude, spam=drop  # spam never enters\n"
      "violence=\"label\"\n"
      "default=off\n"
      "threshold=0.7\n");
  ASSERT_TRUE(p.is_ok()) << p.status().to_string();
  EXPECT_EQ(p->action_for("hate"), ModerationAction::kExclude);
  EXPECT_EQ(p->action_for("spam"), ModerationAction::kDrop);
  EXPECT_EQ(p->action_for("violence"), ModerationAction::kLabel);
  EXPECT_EQ(p->action_for("sexual"), ModerationAction::kOff);
  EXPECT_FLOAT_EQ(p->threshold, 0.7f);
  Result<ModerationPolicy> again = ModerationPolicy::parse(p->to_string());
  ASSERT_TRUE(again.is_ok());
  EXPECT_EQ(again->actions, p->actions);
  EXPECT_EQ(again->default_action, p->default_action);
  EXPECT_EQ(again->threshold, p->threshold);
}

TEST(ModerationPolicy, DefaultsAndEmptyConfig) {
  Result<ModerationPolicy> p = ModerationPolicy::parse("");
  ASSERT_TRUE(p.is_ok());
  EXPECT_EQ(p->action_for("hate"), ModerationAction::kLabel);
  EXPECT_FLOAT_EQ(p->threshold, 0.5f);
}

TEST(ModerationPolicy, ErrorsNameLineAndKey) {
  Result<ModerationPolicy> p = ModerationPolicy::parse("hate=exclude\nspam=delete");
  ASSERT_FALSE(p.is_ok());
  EXPECT_NE(p.status().message().find("line 2"), std::string::npos) << p.status().message();
  EXPECT_NE(p.status().message().find("delete"), std::string::npos);
  EXPECT_FALSE(ModerationPolicy::parse("hate").is_ok());
  EXPECT_FALSE(ModerationPolicy::parse("Hate Speech=drop").is_ok());
  EXPECT_FALSE(ModerationPolicy::parse("hate=drop,hate=label").is_ok());
  EXPECT_FALSE(ModerationPolicy::parse("threshold=1.5").is_ok());
  EXPECT_FALSE(ModerationPolicy::parse("threshold=abc").is_ok());
}

Lexicon test_lexicon() {
  Result<Lexicon> lex = Lexicon::load(
      Env::posix(), std::string(CHORUS_SOURCE_DIR) + "/tests/trust/moderation/test_lexicon.tsv");
  EXPECT_TRUE(lex.is_ok()) << lex.status().to_string();
  return std::move(lex).value();
}

TEST(Lexicon, MatchesPhrasesCaseAndPluralVariants) {
  Lexicon lex = test_lexicon();
  EXPECT_EQ(lex.size(), 5u);
  std::vector<LexiconHit> hits = lex.match("The [slur-hate-1] and ZORGLINGS, zorgling!", "");
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0].category, "hate");
  EXPECT_EQ(hits[0].term, "[slur-hate-1]");
  EXPECT_EQ(hits[1].count, 2u);
  EXPECT_TRUE(lex.match("go away, loser", "").size() == 1);
  EXPECT_TRUE(lex.match("go far away loser", "").empty());  // a phrase needs adjacent words
  EXPECT_TRUE(lex.match("", "").empty());
}

TEST(Lexicon, LanguageTaggedEntriesOnlyMatchThatLanguage) {
  Lexicon lex = test_lexicon();
  EXPECT_EQ(lex.match("ائتمرن", "ar").size(), 1u);
  EXPECT_EQ(lex.match("ائتمرن", "").size(), 1u);
  EXPECT_TRUE(lex.match("ائتمرن", "en").empty());
}

TEST(Lexicon, ErrorsNameSourceAndLine) {
  Result<Lexicon> l = Lexicon::parse("hate\tx\nbadcat\ty\n", "lex.tsv");
  ASSERT_FALSE(l.is_ok());
  EXPECT_NE(l.status().message().find("lex.tsv:2"), std::string::npos) << l.status().message();
  EXPECT_FALSE(Lexicon::parse("hate\n", "l").is_ok());
  EXPECT_FALSE(Lexicon::parse("hate\t!!!\n", "l").is_ok());
  EXPECT_FALSE(Lexicon::parse("hate\t\xff\n", "l").is_ok());
}

TEST(Lexicon, ShippedPlaceholderLexiconLoads) {
  const std::string path = std::string(CHORUS_SOURCE_DIR) + "/data/lexicon/placeholder.tsv";
  if (!Env::posix()->exists(path)) GTEST_SKIP() << "data/lexicon/placeholder.tsv not present";
  Result<Lexicon> lex = Lexicon::load(Env::posix(), path);
  ASSERT_TRUE(lex.is_ok()) << lex.status().to_string();
  EXPECT_GT(lex->size(), 5u);
  EXPECT_FALSE(lex->match("they posted [slur-hate-1] again", "").empty());
}

TEST(Moderator, LexiconRulesApplyPolicyAndExplain) {
  ModerationPolicy policy = *ModerationPolicy::parse("hate=exclude,spam=drop,harassment=off");
  Moderator m(policy, std::nullopt, test_lexicon());
  Post post;
  post.text = "free crypto giveaway!!! also zorglings";
  ModerationResult r = m.assess(post);
  EXPECT_EQ(r.action, ModerationAction::kDrop);  // the most severe action wins
  EXPECT_EQ(r.category, "spam");
  EXPECT_NEAR(r.score, 0.6f, 1e-6);
  EXPECT_NE(r.reason.find("free crypto giveaway"), std::string::npos) << r.reason;
  EXPECT_NE(r.reason.find("policy spam=drop"), std::string::npos) << r.reason;

  post.text = "go away loser";
  r = m.assess(post);
  EXPECT_EQ(r.category, "harassment");
  EXPECT_EQ(r.action, ModerationAction::kOff);

  post.text = "a calm post about the weather";
  r = m.assess(post);
  EXPECT_FALSE(r.flagged());
  EXPECT_EQ(r.action, ModerationAction::kOff);
  EXPECT_FALSE(r.reason.empty());
}

TEST(Moderator, ThresholdKeepsWeakSignalsUnflagged) {
  ModerationPolicy policy = *ModerationPolicy::parse("threshold=0.7");
  Moderator m(policy, std::nullopt, test_lexicon());
  ModerationResult one = m.assess_text("zorgling", "");
  EXPECT_FALSE(one.flagged());  // one hit scores 0.6
  EXPECT_NE(one.reason.find("< threshold"), std::string::npos) << one.reason;
  ModerationResult two = m.assess_text("zorgling zorgling", "");
  EXPECT_EQ(two.category, "hate");  // two hits score 0.84
}

TEST(Moderator, ModelLabelsBecomeCategoriesExceptBenignOnes) {
  EXPECT_TRUE(is_benign_label("not-hate"));
  EXPECT_TRUE(is_benign_label("neither"));
  EXPECT_FALSE(is_benign_label("offensive"));
  Dataset d;
  d.labels = {"neither", "spam"};
  for (int i = 0; i < 8; ++i) {
    d.add("nice day at the park number " + std::to_string(i), 0);
    d.add("buy cheap pills now click link " + std::to_string(i), 1);
  }
  TrainOptions o;
  o.features.hash_bits = 16;
  o.epochs = 20;
  Result<LinearModel> model = train_model(d, o);
  ASSERT_TRUE(model.is_ok());
  Moderator m(*ModerationPolicy::parse("spam=drop"), std::move(model).value(), std::nullopt);
  ModerationResult r = m.assess_text("buy cheap pills now", "");
  EXPECT_EQ(r.category, "spam");
  EXPECT_EQ(r.action, ModerationAction::kDrop);
  EXPECT_NE(r.reason.find("model: spam"), std::string::npos) << r.reason;
  EXPECT_FALSE(m.assess_text("nice day at the park", "").flagged());
  EXPECT_FALSE(m.assess_text("", "").flagged());
}

}  // namespace
}  // namespace chorus::trust
