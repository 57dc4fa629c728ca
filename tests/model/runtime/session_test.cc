// Sessions on a small random model: batched prompts equal token-by-token decoding, cached
// prefixes are reused without changing results, sequences are independent, and bad input is
// an error rather than a crash.
#include "model/runtime/session.h"

#include <gtest/gtest.h>

#include <cmath>

#include "model/runtime/model.h"
#include "model/runtime/random_model.h"
#include "runtime_test_util.h"
#include "support/temp_dir.h"

namespace chorus::model {
namespace {

class SessionTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new chorus::testing::TempDir();
    RandomModelSpec spec;
    spec.dim = 64;
    spec.heads = 4;
    spec.kv_heads = 2;
    spec.ffn = 96;
    spec.layers = 2;
    spec.threads = 1;
    ASSERT_TRUE(write_random_model(spec, dir_->file("llama.gguf")).is_ok());
    spec.tied_output = true;
    spec.arch = "qwen2";
    ASSERT_TRUE(write_random_model(spec, dir_->file("qwen2_tied.gguf")).is_ok());
  }
  static void TearDownTestSuite() { delete dir_; }

  static std::unique_ptr<Model> load(const std::string& name, int threads = 1,
                                     int64_t max_batch = 512) {
    ModelOptions o;
    o.threads = threads;
    o.kv_type = KvType::kF32;
    o.max_batch = max_batch;
    auto m = Model::load(dir_->file(name), o);
    EXPECT_TRUE(m.is_ok()) << m.status().to_string();
    return m.is_ok() ? std::move(m).value() : nullptr;
  }

  static inline chorus::testing::TempDir* dir_ = nullptr;
};

void expect_close(std::span<const float> a, std::span<const float> b, float tol = 1e-5f) {
  ASSERT_EQ(a.size(), b.size());
  float max = 0;
  for (size_t i = 0; i < a.size(); ++i) max = std::max(max, std::abs(a[i] - b[i]));
  EXPECT_LE(max, tol);
}

const std::vector<int32_t> kPrompt = {1, 40, 41, 42, 43, 44, 45, 46, 47, 48};

TEST_F(SessionTest, BatchedPromptEqualsTokenByToken) {
  auto model = load("llama.gguf");
  auto batched = model->new_session(64).value();
  auto stepped = model->new_session(64).value();
  std::vector<float> a(batched->prefill(kPrompt).value().begin(),
                       batched->prefill(kPrompt).value().end());
  std::span<const float> b;
  for (int32_t t : kPrompt) b = stepped->decode(t).value();
  expect_close(a, b);
  EXPECT_EQ(stepped->tokens(), kPrompt);
}

TEST_F(SessionTest, PromptsLongerThanTheBatchAreSplit) {
  auto whole = load("llama.gguf");
  auto split = load("llama.gguf", 1, 3);
  auto s1 = whole->new_session(64).value();
  auto s2 = split->new_session(64).value();
  std::vector<float> a(s1->prefill(kPrompt).value().begin(), s1->prefill(kPrompt).value().end());
  expect_close(a, s2->prefill(kPrompt).value());
}

TEST_F(SessionTest, ReusesLongestCommonPrefix) {
  auto model = load("llama.gguf");
  auto s = model->new_session(64).value();
  ASSERT_TRUE(s->prefill(kPrompt).is_ok());
  std::vector<int32_t> second(kPrompt.begin(), kPrompt.begin() + 8);
  second.push_back(99);
  second.push_back(100);
  std::vector<float> reused(s->prefill(second).value().begin(), s->prefill(second).value().end());
  // The second call of prefill(second) found everything cached but the last token.
  EXPECT_EQ(s->reused_tokens(), 9);
  auto fresh = model->new_session(64).value();
  expect_close(reused, fresh->prefill(second).value());
  EXPECT_EQ(s->tokens(), second);
}

TEST_F(SessionTest, FirstPrefillAfterDivergenceReportsSharedPrefix) {
  auto model = load("llama.gguf");
  auto s = model->new_session(64).value();
  ASSERT_TRUE(s->prefill(kPrompt).is_ok());
  std::vector<int32_t> other = {1, 40, 41, 7, 7};
  ASSERT_TRUE(s->prefill(other).is_ok());
  EXPECT_EQ(s->reused_tokens(), 3);
}

TEST_F(SessionTest, IndependentSequencesDoNotInterfere) {
  auto model = load("llama.gguf", 2);
  auto a = model->new_session(64).value();
  auto b = model->new_session(64).value();
  const std::vector<int32_t> other = {1, 200, 201, 202};
  ASSERT_TRUE(a->prefill(kPrompt).is_ok());
  ASSERT_TRUE(b->prefill(other).is_ok());
  std::vector<float> la(a->decode(5).value().begin(), a->decode(5).value().end());
  auto solo = model->new_session(64).value();
  ASSERT_TRUE(solo->prefill(kPrompt).is_ok());
  ASSERT_TRUE(solo->decode(5).is_ok());
  expect_close(la, solo->decode(5).value());
}

TEST_F(SessionTest, ThreadCountDoesNotChangeResults) {
  auto one = load("llama.gguf", 1);
  auto three = load("llama.gguf", 3);
  auto r1 = testing::run_greedy(*one, kPrompt, 8);
  auto r3 = testing::run_greedy(*three, kPrompt, 8);
  ASSERT_TRUE(r1.is_ok() && r3.is_ok());
  EXPECT_EQ(r1->ids, r3->ids);
  for (size_t i = 0; i < r1->logits.size(); ++i) expect_close(r1->logits[i], r3->logits[i]);
}

TEST_F(SessionTest, TiedOutputQwen2Runs) {
  auto model = load("qwen2_tied.gguf");
  EXPECT_TRUE(model->weights().tied_output);
  EXPECT_EQ(model->config().rope_style, RopeStyle::kNeox);
  EXPECT_NE(model->weights().layers[0].bq, nullptr);
  auto s = model->new_session(32).value();
  auto logits = s->prefill(kPrompt);
  ASSERT_TRUE(logits.is_ok());
  for (float v : *logits) ASSERT_TRUE(std::isfinite(v));
}

TEST_F(SessionTest, BadInputIsAnError) {
  auto model = load("llama.gguf");
  auto s = model->new_session(8).value();
  auto too_long = s->prefill(kPrompt);
  ASSERT_FALSE(too_long.is_ok());
  EXPECT_NE(too_long.status().message().find("exceeds the context"), std::string::npos);
  const std::vector<int32_t> bad = {1, 2, 100000};
  auto oov = s->prefill(bad);
  ASSERT_FALSE(oov.is_ok());
  EXPECT_NE(oov.status().message().find("token 2: id 100000"), std::string::npos);
  EXPECT_FALSE(s->prefill(std::vector<int32_t>{}).is_ok());
  const std::vector<int32_t> eight = {1, 2, 3, 4, 5, 6, 7, 8};
  ASSERT_TRUE(s->prefill(eight).is_ok());
  auto full = s->decode(9);
  ASSERT_FALSE(full.is_ok());
  EXPECT_EQ(full.status().code(), StatusCode::kResourceExhausted);
  EXPECT_FALSE(model->new_session(-1).is_ok());
}

TEST_F(SessionTest, MissingTensorIsNamed) {
  GgufWriter w;
  w.add_string("general.architecture", "llama");
  w.add_uint32("llama.embedding_length", 64);
  w.add_uint32("llama.block_count", 1);
  w.add_uint32("llama.attention.head_count", 4);
  w.add_uint32("llama.feed_forward_length", 96);
  std::vector<float> embd(64 * 10, 0.0f);
  ASSERT_TRUE(w.add_tensor("token_embd.weight", 0, {64, 10},
                           std::string(reinterpret_cast<const char*>(embd.data()), embd.size() * 4))
                  .is_ok());
  ASSERT_TRUE(w.write(dir_->file("broken.gguf")).is_ok());
  auto m = Model::load(dir_->file("broken.gguf"), ModelOptions{});
  ASSERT_FALSE(m.is_ok());
  EXPECT_NE(m.status().message().find("output_norm.weight"), std::string::npos)
      << m.status().to_string();
}

TEST_F(SessionTest, UnsupportedArchitectureIsNamed) {
  GgufWriter w;
  w.add_string("general.architecture", "gpt2");
  ASSERT_TRUE(w.write(dir_->file("gpt2.gguf")).is_ok());
  auto m = Model::load(dir_->file("gpt2.gguf"), ModelOptions{});
  ASSERT_FALSE(m.is_ok());
  EXPECT_NE(m.status().message().find("general.architecture"), std::string::npos);
}

}  // namespace
}  // namespace chorus::model
