// generate() on the real stories260K model with its tokenizer: greedy text equals llama2.c's
// golden text, stop strings cut it, cancellation and max_tokens end it; plus the bandwidth probe.
#include "model/runtime/generate.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "model/runtime/memory_bandwidth.h"
#include "model/runtime/model.h"
#include "support/temp_dir.h"

namespace chorus::model {
namespace {

class GenerateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string shared = chorus::testing::shared_dir();
    if (shared.empty()) GTEST_SKIP() << "no /work/shared: stories260K fixture unavailable";
    dir_ = shared + "/fixtures/models/stories260K";
    auto m = Model::load(dir_ + "/stories260K.gguf", ModelOptions{});
    ASSERT_TRUE(m.is_ok()) << m.status().to_string();
    model_ = std::move(m).value();
    auto t = Tokenizer::from_gguf(model_->file());
    ASSERT_TRUE(t.is_ok()) << t.status().to_string();
    tok_ = std::make_unique<Tokenizer>(std::move(t).value());
    std::ifstream in(dir_ + "/golden_llama2c_run_t0_from_bos.txt");
    std::stringstream ss;
    ss << in.rdbuf();
    golden_ = ss.str();
  }

  Result<GenerateResult> run(const GenerateOptions& go,
                             const std::function<bool(std::string_view)>& on_text = nullptr) {
    SamplerParams greedy;
    greedy.temperature = 0;
    Sampler sampler(greedy);
    auto session = model_->new_session(256).value();
    const std::vector<int32_t> prompt = tok_->encode("Once upon a time", true, false);
    return generate(*session, sampler, *tok_, prompt, go, on_text);
  }

  std::string dir_;
  std::unique_ptr<Model> model_;
  std::unique_ptr<Tokenizer> tok_;
  std::string golden_;
};

TEST_F(GenerateTest, GreedyTextEqualsLlama2cGolden) {
  GenerateOptions go;
  go.max_tokens = 60;
  std::string streamed;
  auto r = run(go, [&](std::string_view t) {
    streamed += t;
    return true;
  });
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  EXPECT_EQ(r->finish_reason, "length");
  EXPECT_EQ(r->ids.size(), 60u);
  EXPECT_EQ(streamed, r->text);
  const std::string prefix = "Once upon a time";
  ASSERT_EQ(golden_.compare(0, prefix.size(), prefix), 0);
  EXPECT_EQ(r->text, golden_.substr(prefix.size(), r->text.size()));
  EXPECT_GT(r->text.size(), 150u);
}

TEST_F(GenerateTest, StopStringEndsTheTextBeforeIt) {
  GenerateOptions go;
  go.max_tokens = 100;
  go.stop = {"Lily."};
  auto r = run(go);
  ASSERT_TRUE(r.is_ok());
  EXPECT_EQ(r->finish_reason, "stop");
  EXPECT_EQ(r->text, ", there was a little girl named ");
}

TEST_F(GenerateTest, CallbackCancels) {
  GenerateOptions go;
  int calls = 0;
  auto r = run(go, [&](std::string_view) { return ++calls < 3; });
  ASSERT_TRUE(r.is_ok());
  EXPECT_EQ(r->finish_reason, "cancelled");
  EXPECT_EQ(calls, 3);
}

TEST(MemoryBandwidthTest, MeasuresAPositiveRate) {
  ComputePool pool(2);
  const double gbs = measure_read_bandwidth(pool, size_t{16} << 20, 2);
  EXPECT_GT(gbs, 0.01);
  EXPECT_LT(gbs, 10000.0);
}

}  // namespace
}  // namespace chorus::model
