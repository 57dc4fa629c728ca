// `chorus model run` through the binary: the --repack modes on a small random model.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "support/cli_run.h"
#include "support/temp_dir.h"

namespace chorus {
namespace {

using testing::run_chorus;

std::vector<int> ids_of(const std::string& line) {
  std::vector<int> ids;
  std::istringstream in(line);
  for (int id; in >> id;) ids.push_back(id);
  return ids;
}

TEST(ModelRunCli, EveryRepackModeGeneratesAndAtLoadIsReproducible) {
  testing::TempDir dir;
  const std::string model = dir.file("tiny.gguf");
  ASSERT_EQ(run_chorus("model make-random --dim 64 --layers 2 --heads 4 --kv-heads 2 --ffn 128 "
                       "--type Q8_0 --out " +
                       model)
                .code,
            0);
  const std::string run = "model run " + model + " -p 'hello world' -n 8 --ids --repack ";
  const testing::CliRun at_load = run_chorus(run + "at-load");
  ASSERT_EQ(at_load.code, 0) << at_load.out;
  EXPECT_EQ(ids_of(at_load.out).size(), 8u) << at_load.out;
  EXPECT_EQ(run_chorus(run + "at-load").out, at_load.out);
  for (const char* mode : {"background", "off"}) {
    const testing::CliRun r = run_chorus(run + mode);
    ASSERT_EQ(r.code, 0) << mode << ": " << r.out;
    EXPECT_EQ(ids_of(r.out).size(), 8u) << mode << ": " << r.out;
  }
  const testing::CliRun bad = run_chorus(run + "sometimes");
  EXPECT_NE(bad.code, 0);
  EXPECT_NE(bad.out.find("--repack"), std::string::npos) << bad.out;
}

}  // namespace
}  // namespace chorus
