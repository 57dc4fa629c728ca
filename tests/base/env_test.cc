#include "base/env.h"

#include <gtest/gtest.h>

#include "base/mapped_file.h"
#include "support/fault_env.h"
#include "support/temp_dir.h"

namespace chorus {
namespace {

TEST(Env, AppendSyncReadBack) {
  testing::TempDir dir;
  Env* env = Env::posix();
  std::string path = dir.file("a/b/log");
  ASSERT_TRUE(env->create_dirs(dir.file("a/b")).is_ok());
  auto f = env->open_append(path);
  ASSERT_TRUE(f.is_ok());
  ASSERT_TRUE((*f)->append("hello ").is_ok());
  ASSERT_TRUE((*f)->append("world").is_ok());
  ASSERT_TRUE((*f)->sync().is_ok());
  EXPECT_EQ((*f)->size(), 11u);
  ASSERT_TRUE((*f)->close().is_ok());
  EXPECT_EQ(*env->read_file(path), "hello world");
  EXPECT_EQ(*env->read_at(path, 6, 100), "world");
  ASSERT_TRUE(env->truncate_file(path, 5).is_ok());
  EXPECT_EQ(*env->file_size(path), 5u);
  auto names = env->list_dir(dir.file("a/b"));
  ASSERT_TRUE(names.is_ok());
  EXPECT_EQ(names->size(), 1u);
  auto m = MappedFile::open(path);
  ASSERT_TRUE(m.is_ok());
  EXPECT_EQ(std::string(reinterpret_cast<const char*>((*m)->data()), (*m)->size()), "hello");
}

TEST(Env, MissingFileIsNotFound) {
  auto r = Env::posix()->read_file("/nonexistent/chorus/file");
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
}

TEST(Env, AtomicWriteReplaces) {
  testing::TempDir dir;
  Env* env = Env::posix();
  ASSERT_TRUE(env->write_file_atomic(dir.file("m"), "one").is_ok());
  ASSERT_TRUE(env->write_file_atomic(dir.file("m"), "two").is_ok());
  EXPECT_EQ(*env->read_file(dir.file("m")), "two");
  EXPECT_FALSE(env->exists(dir.file("m.tmp")));
}

TEST(FaultEnv, DiskBudgetAndFakeClock) {
  testing::TempDir dir;
  testing::FaultEnv env;
  env.set_now_ms(1000);
  EXPECT_EQ(env.now_ms(), 1000);
  env.advance_ms(5);
  EXPECT_EQ(env.now_ms(), 1005);
  env.set_disk_budget(4);
  auto f = env.open_append(dir.file("x"));
  ASSERT_TRUE(f.is_ok());
  EXPECT_TRUE((*f)->append("abc").is_ok());
  Status s = (*f)->append("de");
  EXPECT_EQ(s.code(), StatusCode::kNoSpace);
  EXPECT_EQ((*f)->size(), 3u);
}

}  // namespace
}  // namespace chorus
