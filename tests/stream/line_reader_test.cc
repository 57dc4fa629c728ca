#include "stream/line_reader.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "support/temp_dir.h"

namespace chorus::stream {
namespace {

// Delivers its content in pieces of at most `piece` bytes, to exercise refills.
class StringSource : public ByteSource {
 public:
  StringSource(std::string data, size_t piece) : data_(std::move(data)), piece_(piece) {}
  Result<size_t> read(char* buf, size_t n) override {
    size_t k = std::min({n, piece_, data_.size() - pos_});
    std::copy_n(data_.data() + pos_, k, buf);
    pos_ += k;
    return k;
  }

 private:
  std::string data_;
  size_t piece_;
  size_t pos_ = 0;
};

std::vector<Line> read_all(LineReader& r, std::vector<std::string>* texts) {
  std::vector<Line> lines;
  Line line;
  while (true) {
    auto more = r.next(&line);
    EXPECT_TRUE(more.is_ok());
    if (!more.is_ok() || !*more) break;
    lines.push_back(line);
    texts->emplace_back(line.text);
  }
  return lines;
}

TEST(LineReader, SplitsNumbersAndHandlesCrlfAndMissingFinalNewline) {
  for (size_t piece : {1, 3, 1000}) {
    LineReader r(std::make_unique<StringSource>("a\r\n\nbcd\nlast", piece));
    std::vector<std::string> texts;
    auto lines = read_all(r, &texts);
    ASSERT_EQ(texts, (std::vector<std::string>{"a", "", "bcd", "last"})) << piece;
    EXPECT_EQ(lines[2].number, 3);
    EXPECT_EQ(lines[3].number, 4);
  }
}

TEST(LineReader, OversizeLineIsFlaggedAndSkipped) {
  std::string big(10000, 'x');
  LineReader r(std::make_unique<StringSource>("ok\n" + big + "\nafter\n" + big, 777), 5000);
  std::vector<std::string> texts;
  auto lines = read_all(r, &texts);
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_FALSE(lines[0].oversize);
  EXPECT_TRUE(lines[1].oversize);
  EXPECT_EQ(lines[1].bytes, 10000u);
  EXPECT_EQ(texts[1].size(), LineReader::kOversizePrefixBytes);
  EXPECT_EQ(texts[2], "after");
  EXPECT_EQ(lines[2].number, 3);
  EXPECT_TRUE(lines[3].oversize);
  EXPECT_EQ(lines[3].bytes, 10000u);
}

// Every line that is not oversize is followed by kPadding readable bytes (a sanitizer build
// flags a read past the buffer), whatever the refill pattern.
TEST(LineReader, LinesAreFollowedByPadding) {
  std::string data;
  for (int i = 0; i < 300; ++i) data += std::string(static_cast<size_t>(i * 37 % 200), 'a') + "\n";
  data += "last";
  for (size_t piece : {1, 63, 64, 65, 4096}) {
    LineReader r(std::make_unique<StringSource>(data, piece));
    Line line;
    int lines = 0;
    unsigned sum = 0;
    while (*r.next(&line)) {
      ++lines;
      for (size_t i = 0; i < LineReader::kPadding; ++i)
        sum += static_cast<unsigned char>(line.text.data()[line.text.size() + i]);
    }
    EXPECT_EQ(lines, 301) << piece;
    EXPECT_GT(sum, 0u);
  }
}

TEST(FileByteSource, ReadsFileAndFollowsGrowthUntilStopped) {
  testing::TempDir dir;
  std::string path = dir.file("in.jsonl");
  ASSERT_TRUE(Env::posix()->write_file_atomic(path, "one\ntw").is_ok());
  std::atomic<bool> stop{false};
  FollowOptions follow{true, 5, &stop};
  LineReader r(std::make_unique<FileByteSource>(Env::posix(), path, follow));
  Line line;
  ASSERT_TRUE(*r.next(&line));
  EXPECT_EQ(line.text, "one");
  std::thread writer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    auto f = Env::posix()->open_append(path);
    ASSERT_TRUE(f.is_ok());
    ASSERT_TRUE((*f)->append("o\nthree\n").is_ok());
    ASSERT_TRUE((*f)->close().is_ok());
  });
  ASSERT_TRUE(*r.next(&line));
  EXPECT_EQ(line.text, "two");  // the partial line waited for its end
  ASSERT_TRUE(*r.next(&line));
  EXPECT_EQ(line.text, "three");
  writer.join();
  std::thread stopper([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    stop.store(true);
  });
  auto more = r.next(&line);
  ASSERT_TRUE(more.is_ok());
  EXPECT_FALSE(*more);
  stopper.join();
}

TEST(FileByteSource, MissingFileIsAnError) {
  LineReader r(std::make_unique<FileByteSource>(Env::posix(), "/nonexistent/chorus/in.jsonl"));
  Line line;
  auto more = r.next(&line);
  ASSERT_FALSE(more.is_ok());
  EXPECT_NE(more.status().message().find("/nonexistent/chorus/in.jsonl"), std::string::npos);
}

}  // namespace
}  // namespace chorus::stream
