// Training-file readers: TweetEval folders, the Davidson CSV, label,text CSV; their errors name
// the file and line (unknown labels, mismatched line counts, bad headers).
#include "trust/moderation/dataset.h"

#include <gtest/gtest.h>

#include "support/temp_dir.h"

namespace chorus::trust {
namespace {

class DatasetTest : public ::testing::Test {
 protected:
  void write(const std::string& name, const std::string& data) {
    ASSERT_TRUE(env_->write_file_atomic(dir_.file(name), data).is_ok());
  }
  Env* env_ = Env::posix();
  chorus::testing::TempDir dir_;
};

TEST_F(DatasetTest, TweetEvalReadsSplitsAndNamesLabelsByMapping) {
  write("mapping.txt", "0\tnot-hate\n1\thate");  // no final newline, as in the real file
  write("train_text.txt", "first text \nsecond, with comma\n\n");
  write("train_labels.txt", "0\n1\n0\n");
  write("val_text.txt", "only one\n");
  write("val_labels.txt", "1\n");
  Result<Dataset> d = load_tweeteval(env_, dir_.path(), "train");
  ASSERT_TRUE(d.is_ok()) << d.status().to_string();
  EXPECT_EQ(d->labels, (std::vector<std::string>{"not-hate", "hate"}));
  ASSERT_EQ(d->size(), 3u);
  EXPECT_EQ(d->texts[1], "second, with comma");
  EXPECT_EQ(d->texts[2], "");  // an empty text is an example too
  EXPECT_EQ(d->y, (std::vector<int>{0, 1, 0}));
  Result<Dataset> val = load_tweeteval(env_, dir_.path(), "val");
  ASSERT_TRUE(val.is_ok());
  EXPECT_EQ(val->size(), 1u);
}

TEST_F(DatasetTest, TweetEvalUnknownLabelNamesFileAndLine) {
  write("mapping.txt", "0\tno\n1\tyes\n");
  write("train_text.txt", "a\nb\nc\n");
  write("train_labels.txt", "0\n1\n2\n");
  Result<Dataset> d = load_tweeteval(env_, dir_.path(), "train");
  ASSERT_FALSE(d.is_ok());
  EXPECT_NE(d.status().message().find("train_labels.txt:3"), std::string::npos)
      << d.status().message();
  EXPECT_NE(d.status().message().find("not in mapping"), std::string::npos);
}

TEST_F(DatasetTest, TweetEvalMismatchedLineCountsIsAnError) {
  write("mapping.txt", "0\tno\n1\tyes\n");
  write("train_text.txt", "a\nb\nc\n");
  write("train_labels.txt", "0\n1\n");
  Result<Dataset> d = load_tweeteval(env_, dir_.path(), "train");
  ASSERT_FALSE(d.is_ok());
  EXPECT_NE(d.status().message().find("3 lines"), std::string::npos) << d.status().message();
  EXPECT_NE(d.status().message().find("has 2"), std::string::npos);
}

TEST_F(DatasetTest, TweetEvalMissingSplitIsAnError) {
  write("mapping.txt", "0\tno\n1\tyes\n");
  EXPECT_FALSE(load_tweeteval(env_, dir_.path(), "test").is_ok());
}

TEST_F(DatasetTest, DavidsonReadsClassAndTweetColumns) {
  write("d.csv",
        ",count,hate_speech,offensive_language,neither,class,tweet\n"
        "0,3,0,0,3,2,\"plain, with comma\"\n"
        "1,3,0,3,0,1,\"two\nlines \"\"quoted\"\"\"\n"
        "2,3,3,0,0,0,short\n");
  Result<Dataset> d = load_davidson(env_, dir_.file("d.csv"));
  ASSERT_TRUE(d.is_ok()) << d.status().to_string();
  EXPECT_EQ(d->labels, (std::vector<std::string>{"hate", "offensive", "neither"}));
  ASSERT_EQ(d->size(), 3u);
  EXPECT_EQ(d->texts[0], "plain, with comma");
  EXPECT_EQ(d->texts[1], "two\nlines \"quoted\"");
  EXPECT_EQ(d->y, (std::vector<int>{2, 1, 0}));
}

TEST_F(DatasetTest, DavidsonBadClassNamesLine) {
  write("d.csv", "class,tweet\n1,ok\n\"x\ny\",z\n7,bad\n");
  Result<Dataset> d = load_davidson(env_, dir_.file("d.csv"));
  ASSERT_FALSE(d.is_ok());
  EXPECT_NE(d.status().message().find("d.csv:3"), std::string::npos) << d.status().message();
  write("d.csv", "class,tweet\n1,ok\n5,bad\n");
  d = load_davidson(env_, dir_.file("d.csv"));
  ASSERT_FALSE(d.is_ok());
  EXPECT_NE(d.status().message().find("d.csv:3"), std::string::npos) << d.status().message();
  EXPECT_NE(d.status().message().find("not 0, 1 or 2"), std::string::npos);
}

TEST_F(DatasetTest, DavidsonMissingColumnsOrUnterminatedQuote) {
  write("d.csv", "label,text\n1,x\n");
  EXPECT_FALSE(load_davidson(env_, dir_.file("d.csv")).is_ok());
  write("d.csv", "class,tweet\n1,\"open\n");
  Result<Dataset> d = load_davidson(env_, dir_.file("d.csv"));
  ASSERT_FALSE(d.is_ok());
  EXPECT_NE(d.status().message().find("not terminated"), std::string::npos);
}

TEST_F(DatasetTest, LabelCsvWithAndWithoutHeader) {
  write("a.csv", "label,text\nspam,buy now, cheap\nok,hello\n");
  Result<Dataset> d = load_label_csv(env_, dir_.file("a.csv"));
  ASSERT_TRUE(d.is_ok()) << d.status().to_string();
  EXPECT_EQ(d->labels, (std::vector<std::string>{"ok", "spam"}));  // sorted
  ASSERT_EQ(d->size(), 2u);
  EXPECT_EQ(d->texts[0], "buy now, cheap");
  EXPECT_EQ(d->y, (std::vector<int>{1, 0}));
  write("b.csv", "spam,buy\nok,\"quoted, text\"\n");
  d = load_label_csv(env_, dir_.file("b.csv"));
  ASSERT_TRUE(d.is_ok());
  EXPECT_EQ(d->texts[1], "quoted, text");
}

TEST_F(DatasetTest, LabelCsvErrors) {
  write("a.csv", "spam,x\njustone\n");
  Result<Dataset> d = load_label_csv(env_, dir_.file("a.csv"));
  ASSERT_FALSE(d.is_ok());
  EXPECT_NE(d.status().message().find("a.csv:2"), std::string::npos) << d.status().message();
  write("b.csv", "spam,x\nspam,y\n");
  EXPECT_FALSE(load_label_csv(env_, dir_.file("b.csv")).is_ok());  // one label only
  EXPECT_FALSE(load_dataset(env_, "xml", dir_.file("b.csv"), "train").is_ok());
}

TEST(SplitDataset, StratifiedAndDeterministic) {
  Dataset all;
  all.labels = {"a", "b"};
  for (int i = 0; i < 100; ++i) all.add("t" + std::to_string(i), i < 80 ? 0 : 1);
  Dataset tr1, te1, tr2, te2;
  split_dataset(all, 0.2, 5, &tr1, &te1);
  split_dataset(all, 0.2, 5, &tr2, &te2);
  EXPECT_EQ(te1.texts, te2.texts);
  EXPECT_EQ(te1.size(), 20u);
  EXPECT_EQ(tr1.size(), 80u);
  EXPECT_EQ(std::count(te1.y.begin(), te1.y.end(), 1), 4);
}

}  // namespace
}  // namespace chorus::trust
