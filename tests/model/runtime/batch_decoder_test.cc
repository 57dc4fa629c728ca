// BatchDecoder: greedy generations of several sequences decoded in one pass per step equal each
// sequence decoded alone, token for token and logit for logit, while sequences join and leave
// between steps; bad batches are errors that change no session.
#include "model/runtime/batch_decoder.h"

#include <gtest/gtest.h>

#include "model/runtime/model.h"
#include "model/runtime/random_model.h"
#include "model/runtime/session.h"
#include "runtime_test_util.h"
#include "support/temp_dir.h"

namespace chorus::model {
namespace {

const std::vector<std::vector<int32_t>> kPrompts = {
    {1, 40, 41, 42, 43, 44, 45, 46, 47, 48}, {1, 200, 201}, {1, 7}, {1, 90, 91, 92, 93, 94, 95}};

// One sequence of a batched run: joins at step `join`, leaves after `len` generated ids.
struct Seq {
  std::vector<int32_t> prompt;
  int join = 0;
  int len = 0;
  std::unique_ptr<Session> session;
  testing::GreedyRun run;
  std::vector<float> logits;  // that choose the next id
};

// Greedy generation of every sequence, each step of the active ones in one BatchDecoder pass.
Status run_batched(const Model& model, std::vector<Seq>& seqs, BatchDecoder& dec) {
  const size_t vocab = static_cast<size_t>(model.config().vocab_size);
  for (int step = 0;; ++step) {
    std::vector<SeqStep> steps;
    std::vector<Seq*> owners;
    bool pending = false;
    for (Seq& s : seqs) {
      if (step == s.join) {
        CHORUS_ASSIGN_OR_RETURN(s.session, model.new_session(64));
        CHORUS_ASSIGN_OR_RETURN(std::span<const float> l, s.session->prefill(s.prompt));
        s.logits.assign(l.begin(), l.end());
      }
      pending |= step < s.join;
      if (step < s.join || static_cast<int>(s.run.ids.size()) == s.len) continue;
      s.run.logits.push_back(s.logits);
      s.run.ids.push_back(testing::argmax(s.logits));
      steps.push_back({s.session.get(), s.run.ids.back()});
      owners.push_back(&s);
    }
    if (steps.empty() && !pending) return Status::ok();
    if (steps.empty()) continue;
    CHORUS_ASSIGN_OR_RETURN(std::span<const float> rows, dec.decode(steps));
    for (size_t i = 0; i < owners.size(); ++i)
      owners[i]->logits.assign(rows.begin() + static_cast<std::ptrdiff_t>(i * vocab),
                               rows.begin() + static_cast<std::ptrdiff_t>((i + 1) * vocab));
  }
}

// Runs seqs batched and each alone; expects equal ids and bitwise-equal logits.
void expect_batched_equals_solo(const Model& model, std::vector<Seq> seqs) {
  BatchDecoder dec(model);
  ASSERT_TRUE(run_batched(model, seqs, dec).is_ok());
  for (const Seq& s : seqs) {
    auto solo = testing::run_greedy(model, s.prompt, s.len);
    ASSERT_TRUE(solo.is_ok()) << solo.status().to_string();
    EXPECT_EQ(s.run.ids, solo->ids);
    ASSERT_EQ(s.run.logits.size(), solo->logits.size());
    for (size_t i = 0; i < s.run.logits.size(); ++i)
      ASSERT_EQ(s.run.logits[i], solo->logits[i]) << "step " << i;
    EXPECT_EQ(s.session->size(), static_cast<int64_t>(s.prompt.size()) + s.len);
  }
  EXPECT_GT(dec.rows(), dec.passes());
}

std::vector<Seq> together(int len) {
  std::vector<Seq> seqs;
  for (const auto& p : kPrompts) seqs.push_back({p, 0, len, nullptr, {}, {}});
  return seqs;
}

class BatchDecoderTest : public ::testing::TestWithParam<const char*> {
 protected:
  static void SetUpTestSuite() {
    dir_ = new chorus::testing::TempDir();
    RandomModelSpec spec;
    spec.kv_heads = 2;
    spec.ffn = 96;
    spec.threads = 1;
    spec.type = "Q8_0";  // Q8_0 and Q4_0 are repacked at load: the interleaved kernels batched
    ASSERT_TRUE(write_random_model(spec, dir_->file("llama.gguf")).is_ok());  // and alone
    spec.type = "Q4_0";
    ASSERT_TRUE(write_random_model(spec, dir_->file("llama_q4_0.gguf")).is_ok());
    RandomModelSpec k = spec;  // Q4_K and Q6_K, repacked: rows in multiples of 256
    k.type = "Q4_K_M", k.dim = 256, k.ffn = 256;
    ASSERT_TRUE(write_random_model(k, dir_->file("llama_q4_k_m.gguf")).is_ok());
    spec.arch = "qwen2";
    spec.type = "F32";
    spec.tied_output = true;
    ASSERT_TRUE(write_random_model(spec, dir_->file("qwen2.gguf")).is_ok());
  }
  static void TearDownTestSuite() { delete dir_; }

  static std::unique_ptr<Model> load(const std::string& path, KvType kv) {
    ModelOptions o;
    o.threads = 2;
    o.kv_type = kv;
    auto m = Model::load(path, o);
    EXPECT_TRUE(m.is_ok()) << m.status().to_string();
    if (!m.is_ok()) return nullptr;
    (*m)->wait_repacked();  // bitwise comparisons: every pass reads the same layouts
    return std::move(m).value();
  }

  static inline chorus::testing::TempDir* dir_ = nullptr;
};

TEST_P(BatchDecoderTest, GreedyBatchEqualsSolo) {
  for (KvType kv : {KvType::kF16, KvType::kF32}) {
    auto model = load(dir_->file(GetParam()), kv);
    ASSERT_NE(model, nullptr);
    expect_batched_equals_solo(*model, together(12));
  }
}

TEST_P(BatchDecoderTest, SequencesJoinAndLeaveBetweenSteps) {
  auto model = load(dir_->file(GetParam()), KvType::kF16);
  ASSERT_NE(model, nullptr);
  std::vector<Seq> seqs;
  for (size_t i = 0; i < kPrompts.size(); ++i)
    seqs.push_back(
        {kPrompts[i], static_cast<int>(2 * i), static_cast<int>(9 - 2 * i), nullptr, {}, {}});
  expect_batched_equals_solo(*model, std::move(seqs));
}

INSTANTIATE_TEST_SUITE_P(Archs, BatchDecoderTest,
                         ::testing::Values("llama.gguf", "llama_q4_0.gguf", "llama_q4_k_m.gguf",
                                           "qwen2.gguf"));

TEST(BatchDecoderStories, GreedyBatchEqualsSolo) {
  const std::string shared = chorus::testing::shared_dir();
  if (shared.empty()) GTEST_SKIP() << "no /work/shared: stories260K fixture unavailable";
  ModelOptions o;
  o.threads = 2;
  auto model = Model::load(shared + "/fixtures/models/stories260K/stories260K.gguf", o);
  ASSERT_TRUE(model.is_ok()) << model.status().to_string();
  (*model)->wait_repacked();
  expect_batched_equals_solo(**model, together(24));
}

TEST_F(BatchDecoderTest, BadBatchIsAnErrorAndChangesNothing) {
  auto model = load(dir_->file("llama.gguf"), KvType::kF32);
  auto other = load(dir_->file("llama.gguf"), KvType::kF32);
  auto a = model->new_session(8).value();
  auto b = model->new_session(8).value();
  auto foreign = other->new_session(8).value();
  ASSERT_TRUE(a->prefill(kPrompts[2]).is_ok());
  ASSERT_TRUE(b->prefill(std::vector<int32_t>{1, 2, 3, 4, 5, 6, 7, 8}).is_ok());
  BatchDecoder dec(*model);
  auto message = [&](std::vector<SeqStep> steps) {
    auto r = dec.decode(steps);
    return r.is_ok() ? std::string("ok") : r.status().message();
  };
  EXPECT_NE(message({}).find("no steps"), std::string::npos);
  EXPECT_NE(message({{a.get(), 5}, {nullptr, 5}}).find("step 1: no session"), std::string::npos);
  EXPECT_NE(message({{a.get(), 5}, {a.get(), 6}}).find("also step 0"), std::string::npos);
  EXPECT_NE(message({{a.get(), 100000}}).find("token id 100000"), std::string::npos);
  EXPECT_NE(message({{foreign.get(), 5}}).find("another model"), std::string::npos);
  auto full = dec.decode(std::vector<SeqStep>{{a.get(), 5}, {b.get(), 5}});
  ASSERT_FALSE(full.is_ok());
  EXPECT_EQ(full.status().code(), StatusCode::kResourceExhausted);
  EXPECT_NE(full.status().message().find("step 1: context full"), std::string::npos);
  EXPECT_EQ(a->size(), 2);
  EXPECT_EQ(b->size(), 8);
  EXPECT_EQ(dec.passes(), 0u);
  EXPECT_TRUE(dec.decode(std::vector<SeqStep>{{a.get(), 5}}).is_ok());
  EXPECT_EQ(a->size(), 3);
}

}  // namespace
}  // namespace chorus::model
