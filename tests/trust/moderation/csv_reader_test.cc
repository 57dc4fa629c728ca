// CsvReader edge cases: quoting, embedded separators and newlines, CRLF, BOM, blank lines, and
// the errors for unterminated quotes and text after a closing quote.
#include "trust/moderation/csv_reader.h"

#include <gtest/gtest.h>

namespace chorus::trust {
namespace {

std::vector<std::vector<std::string>> read_all(std::string_view data, Status* error = nullptr) {
  CsvReader r(data);
  std::vector<std::vector<std::string>> out;
  std::vector<std::string> rec;
  for (;;) {
    Result<bool> got = r.next(&rec);
    if (!got.is_ok()) {
      if (error) *error = got.status();
      break;
    }
    if (!*got) break;
    out.push_back(rec);
  }
  return out;
}

using Rows = std::vector<std::vector<std::string>>;

TEST(CsvReader, PlainFieldsAndEmptyFields) {
  EXPECT_EQ(read_all("a,b,c\n1,,3\n"), (Rows{{"a", "b", "c"}, {"1", "", "3"}}));
  EXPECT_EQ(read_all("x,\n"), (Rows{{"x", ""}}));
  EXPECT_EQ(read_all("last,line"), (Rows{{"last", "line"}}));
  EXPECT_TRUE(read_all("").empty());
}

TEST(CsvReader, QuotedFieldsKeepCommasQuotesAndNewlines) {
  EXPECT_EQ(read_all("1,\"hello, world\"\n"), (Rows{{"1", "hello, world"}}));
  EXPECT_EQ(read_all("\"say \"\"hi\"\"\",x\n"), (Rows{{"say \"hi\"", "x"}}));
  EXPECT_EQ(read_all("1,\"two\nlines\"\n2,b\n"), (Rows{{"1", "two\nlines"}, {"2", "b"}}));
  EXPECT_EQ(read_all("\"\",\"\"\n"), (Rows{{"", ""}}));
}

TEST(CsvReader, RecordLineCountsEmbeddedNewlines) {
  CsvReader r("h\n\"a\nb\nc\"\nnext\n");
  std::vector<std::string> rec;
  ASSERT_TRUE(*r.next(&rec));
  EXPECT_EQ(r.record_line(), 1u);
  ASSERT_TRUE(*r.next(&rec));
  EXPECT_EQ(r.record_line(), 2u);
  ASSERT_TRUE(*r.next(&rec));
  EXPECT_EQ(rec, (std::vector<std::string>{"next"}));
  EXPECT_EQ(r.record_line(), 5u);
  EXPECT_FALSE(*r.next(&rec));
}

TEST(CsvReader, CrlfBomAndBlankLines) {
  EXPECT_EQ(read_all("\xEF\xBB\xBF"
                     "a,b\r\n1,2\r\n"),
            (Rows{{"a", "b"}, {"1", "2"}}));
  EXPECT_EQ(read_all("a\n\nb\n"), (Rows{{"a"}, {""}, {"b"}}));
  EXPECT_EQ(read_all("\"q\"\r\n"), (Rows{{"q"}}));
}

TEST(CsvReader, BareQuoteInsideUnquotedFieldIsKept) {
  EXPECT_EQ(read_all("5'10\" tall,x\n"), (Rows{{"5'10\" tall", "x"}}));
}

TEST(CsvReader, UnterminatedQuoteIsAnErrorNamingItsLine) {
  Status error;
  Rows rows = read_all("a,b\nc,\"never closed\nmore\n", &error);
  EXPECT_EQ(rows.size(), 1u);
  EXPECT_EQ(error.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(error.message().find("line 2"), std::string::npos) << error.message();
  EXPECT_NE(error.message().find("not terminated"), std::string::npos) << error.message();
}

TEST(CsvReader, TextAfterClosingQuoteIsAnError) {
  Status error;
  read_all("\"abc\"def,1\n", &error);
  EXPECT_EQ(error.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(error.message().find("line 1, column 6"), std::string::npos) << error.message();
}

TEST(CsvReader, ReaderStaysAtEndAfterAnError) {
  CsvReader r("\"x\"y\nok\n");
  std::vector<std::string> rec;
  EXPECT_FALSE(r.next(&rec).is_ok());
  Result<bool> again = r.next(&rec);
  ASSERT_TRUE(again.is_ok());
  EXPECT_FALSE(*again);
}

}  // namespace
}  // namespace chorus::trust
