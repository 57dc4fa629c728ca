#include "stream/ingest_pipeline.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>

#include "stream/jsonl_decoder.h"
#include "support/temp_dir.h"

namespace chorus::stream {
namespace {

std::string post_line(int i) {
  return R"({"id":"p)" + std::to_string(i) + R"(","text":"t","created_at":1000})";
}

class IngestPipelineTest : public ::testing::TestWithParam<bool> {};

TEST_P(IngestPipelineTest, DeliversAllPostsAndDeadLettersBadLines) {
  testing::TempDir dir;
  std::string input;
  for (int i = 0; i < 5000; ++i) {
    input += post_line(i) + "\n";
    if (i % 1000 == 7) input += "{\"id\":\"bad\"}\n\n";
  }
  ASSERT_TRUE(Env::posix()->write_file_atomic(dir.file("in"), input).is_ok());
  LineReader reader(std::make_unique<FileByteSource>(Env::posix(), dir.file("in")));
  JsonlDecoder decoder;
  DeadLetterSink dead(Env::posix(), dir.file("dl.jsonl"));
  PipelineOptions opt;
  opt.threaded = GetParam();
  opt.batch_size = 100;
  IngestPipeline pipeline(Env::posix(), &reader, &decoder, &dead, opt);
  std::vector<std::string> ids;
  Status st = pipeline.run([&](std::vector<StreamEvent>& batch) {
    EXPECT_LE(batch.size(), 100u);
    for (auto& e : batch) ids.push_back(e.post.id);
    return Status::ok();
  });
  ASSERT_TRUE(st.is_ok()) << st.to_string();
  ASSERT_EQ(ids.size(), 5000u);
  for (int i = 0; i < 5000; ++i) ASSERT_EQ(ids[i], "p" + std::to_string(i));
  auto s = pipeline.stats();
  EXPECT_EQ(s.records, 5005u);
  EXPECT_EQ(s.posts, 5000u);
  EXPECT_EQ(s.dead_lettered, 5u);
  EXPECT_EQ(dead.count(), 5u);
  auto dl = Env::posix()->read_file(dir.file("dl.jsonl"));
  ASSERT_TRUE(dl.is_ok());
  // Line 9 is the first bad line: 8 posts, then it.
  EXPECT_NE(dl->find("\"line\":9,\"reason\":\"created_at: missing"), std::string::npos) << *dl;
}

TEST_P(IngestPipelineTest, ConsumerErrorStopsThePipeline) {
  testing::TempDir dir;
  std::string input;
  for (int i = 0; i < 10000; ++i) input += post_line(i) + "\n";
  ASSERT_TRUE(Env::posix()->write_file_atomic(dir.file("in"), input).is_ok());
  LineReader reader(std::make_unique<FileByteSource>(Env::posix(), dir.file("in")));
  JsonlDecoder decoder;
  PipelineOptions opt;
  opt.threaded = GetParam();
  opt.batch_size = 10;
  IngestPipeline pipeline(Env::posix(), &reader, &decoder, nullptr, opt);
  int batches = 0;
  Status st = pipeline.run([&](std::vector<StreamEvent>&) {
    return ++batches == 3 ? io_error("disk gone") : Status::ok();
  });
  EXPECT_EQ(st.code(), StatusCode::kIOError);
  EXPECT_EQ(batches, 3);
}

TEST_P(IngestPipelineTest, ReaderErrorIsReturned) {
  LineReader reader(std::make_unique<FileByteSource>(Env::posix(), "/nonexistent/x"));
  JsonlDecoder decoder;
  PipelineOptions opt;
  opt.threaded = GetParam();
  IngestPipeline pipeline(Env::posix(), &reader, &decoder, nullptr, opt);
  Status st = pipeline.run([&](std::vector<StreamEvent>&) { return Status::ok(); });
  EXPECT_EQ(st.code(), StatusCode::kNotFound) << st.to_string();
}

// A followed file that stops growing hands on its partial batch: posts are not held until a
// batch fills.
TEST_P(IngestPipelineTest, FollowedFileHandsOnPartialBatchesWhenItPauses) {
  testing::TempDir dir;
  ASSERT_TRUE(Env::posix()
                  ->write_file_atomic(dir.file("in"), post_line(0) + "\n" + post_line(1) + "\n")
                  .is_ok());
  std::atomic<bool> stop{false};
  LineReader reader(std::make_unique<FileByteSource>(Env::posix(), dir.file("in"),
                                                     FollowOptions{true, 5, &stop}));
  JsonlDecoder decoder;
  PipelineOptions opt;
  opt.threaded = GetParam();
  opt.batch_size = 1024;
  IngestPipeline pipeline(Env::posix(), &reader, &decoder, nullptr, opt);
  std::vector<std::string> ids;
  Status st = pipeline.run([&](std::vector<StreamEvent>& batch) {
    for (auto& e : batch) ids.push_back(e.post.id);
    if (ids.size() == 2) {  // the file grows only after the first two arrived
      std::string more = post_line(0) + "\n" + post_line(1) + "\n" + post_line(2) + "\n";
      EXPECT_TRUE(Env::posix()->write_file_atomic(dir.file("in"), more).is_ok());
    }
    if (ids.size() >= 3) stop.store(true);
    return Status::ok();
  });
  ASSERT_TRUE(st.is_ok()) << st.to_string();
  EXPECT_EQ(ids, (std::vector<std::string>{"p0", "p1", "p2"}));
}

// The same for a pipe (stdin): what was written is handed on while the writer is quiet.
TEST_P(IngestPipelineTest, PipeHandsOnPartialBatchesWhileTheWriterIsQuiet) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  const std::string first = post_line(0) + "\n" + post_line(1) + "\n";
  ASSERT_EQ(::write(fds[1], first.data(), first.size()), static_cast<ssize_t>(first.size()));
  LineReader reader(std::make_unique<FdByteSource>(fds[0]));
  JsonlDecoder decoder;
  PipelineOptions opt;
  opt.threaded = GetParam();
  opt.batch_size = 1024;
  IngestPipeline pipeline(Env::posix(), &reader, &decoder, nullptr, opt);
  std::vector<std::string> ids;
  Status st = pipeline.run([&](std::vector<StreamEvent>& batch) {
    for (auto& e : batch) ids.push_back(e.post.id);
    if (ids.size() == 2 && fds[1] >= 0) {  // then one more post and the end of input
      const std::string last = post_line(2) + "\n";
      EXPECT_EQ(::write(fds[1], last.data(), last.size()), static_cast<ssize_t>(last.size()));
      ::close(fds[1]);
      fds[1] = -1;
    }
    return Status::ok();
  });
  ::close(fds[0]);
  ASSERT_TRUE(st.is_ok()) << st.to_string();
  EXPECT_EQ(ids, (std::vector<std::string>{"p0", "p1", "p2"}));
}

INSTANTIATE_TEST_SUITE_P(Threads, IngestPipelineTest, ::testing::Bool());

}  // namespace
}  // namespace chorus::stream
