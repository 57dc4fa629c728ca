// The background repack (RepackMode::kBackground): a model generates while its matrices are
// being repacked, and generates what a model repacked at load and one never repacked do (the same
// greedy ids, logits within float rounding); it is held after k matrices to make the in-flight
// state deterministic (ModelOptions::repack_hold_after), resumed in the middle of a generation,
// and destroyed while in flight.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <thread>
#include <vector>

#include "model/runtime/embedder.h"
#include "model/runtime/model.h"
#include "model/runtime/random_model.h"
#include "model/runtime/session.h"
#include "runtime_test_util.h"
#include "support/temp_dir.h"

namespace chorus::model {
namespace {

std::unique_ptr<Model> load_with(const std::string& path, RepackMode mode, int64_t hold = -1) {
  ModelOptions o;
  o.threads = 2;
  o.repack = mode;
  o.repack_hold_after = hold;
  auto m = Model::load(path, o);
  EXPECT_TRUE(m.is_ok()) << m.status().to_string();
  return m.is_ok() ? std::move(m).value() : nullptr;
}

// The views a forward pass reads in an interleaved layout (call only while the repack is held or
// finished, or after a pass applied the swaps with no repack thread running).
int64_t interleaved_views(const Model& m) {
  int64_t n = m.weights().output.layout != WeightLayout::kRows;
  for (const LayerWeights& L : m.weights().layers)
    for (const TensorView* v : {&L.wq, &L.wk, &L.wv, &L.wo, &L.w_gate, &L.w_up, &L.w_down})
      n += v->layout != WeightLayout::kRows;
  return n;
}

// The same greedy ids, logits within 2% of their largest: the interleaved kernels round
// differently, which 3 layers of Q4_K_M grow to ~1% (the float reference differs as much).
void expect_same_generation(const testing::GreedyRun& a, const testing::GreedyRun& b) {
  EXPECT_EQ(a.ids, b.ids);
  ASSERT_EQ(a.logits.size(), b.logits.size());
  for (size_t s = 0; s < a.logits.size(); ++s) {
    float scale = 0, diff = 0;
    for (size_t i = 0; i < a.logits[s].size(); ++i) {
      scale = std::max(scale, std::fabs(b.logits[s][i]));
      diff = std::max(diff, std::fabs(a.logits[s][i] - b.logits[s][i]));
    }
    EXPECT_LE(diff, 2e-2f * scale) << "step " << s;
  }
}

class BackgroundRepackTest : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    RandomModelSpec spec;
    spec.layers = 3;
    spec.kv_heads = 2;
    spec.ffn = 96;
    spec.threads = 1;
    spec.type = GetParam();
    if (spec.type == "Q4_K_M") spec.dim = 256, spec.ffn = 256;  // K-quant rows: multiples of 256
    ASSERT_TRUE(write_random_model(spec, path_).is_ok());
    auto plain = load_with(path_, RepackMode::kOff);
    ASSERT_TRUE(plain);
    EXPECT_TRUE(plain->repack_finished());
    EXPECT_EQ(plain->repack_progress().total, 0);
    auto rows = testing::run_greedy(*plain, kPrompt, kSteps);
    ASSERT_TRUE(rows.is_ok()) << rows.status().to_string();
    rows_ = std::move(rows).value();
  }

  static constexpr int kSteps = 12;
  const std::vector<int32_t> kPrompt = {1, 40, 41, 42, 43, 44, 45};
  chorus::testing::TempDir dir_;
  const std::string path_ = dir_.file("m.gguf");
  testing::GreedyRun rows_;  // the generation of the file's row layout
};

TEST_P(BackgroundRepackTest, HeldMidwayGeneratesAsRepackedAndAsRows) {
  auto at_load = load_with(path_, RepackMode::kAtLoad);
  ASSERT_TRUE(at_load);
  auto packed = testing::run_greedy(*at_load, kPrompt, kSteps);
  ASSERT_TRUE(packed.is_ok());
  const int64_t total = interleaved_views(*at_load);
  ASSERT_GE(total, 21);  // 3 layers x 7 matrices (+ the output matrix when its rows allow)

  auto model = load_with(path_, RepackMode::kBackground, 8);
  ASSERT_TRUE(model);
  model->wait_repacked();  // held: the first 8 matrices are repacked, the others wait
  RepackProgress p = model->repack_progress();
  EXPECT_EQ(p.total, total);
  EXPECT_EQ(p.repacked, 8);
  EXPECT_FALSE(p.finished);
  EXPECT_FALSE(model->repack_finished());
  auto mixed = testing::run_greedy(*model, kPrompt, kSteps);
  ASSERT_TRUE(mixed.is_ok()) << mixed.status().to_string();
  // The first pass published whatever the repack threads had not: 8 interleaved, the rest rows.
  EXPECT_EQ(model->repack_progress().published, 8);
  EXPECT_EQ(interleaved_views(*model), 8);
  expect_same_generation(*mixed, rows_);
  expect_same_generation(*mixed, *packed);

  model->resume_repack();
  model->wait_repacked();
  p = model->repack_progress();
  EXPECT_TRUE(p.finished && model->repack_finished());
  EXPECT_EQ(p.repacked, total);
  EXPECT_EQ(p.published, total);
  EXPECT_EQ(interleaved_views(*model), total);
  EXPECT_EQ(model->weights().bytes_per_token(), at_load->weights().bytes_per_token());
  auto after = testing::run_greedy(*model, kPrompt, kSteps);
  ASSERT_TRUE(after.is_ok());
  EXPECT_EQ(after->ids, packed->ids);
  EXPECT_EQ(after->logits, packed->logits);  // the same layouts: bit for bit
}

// A session that starts while the repack is held, which then goes on while it decodes: the
// matrices swap between its passes.
TEST_P(BackgroundRepackTest, ResumedDuringGenerationGeneratesAsRows) {
  auto model = load_with(path_, RepackMode::kBackground, 3);
  ASSERT_TRUE(model);
  auto session = model->new_session(64);
  ASSERT_TRUE(session.is_ok());
  auto logits = (*session)->prefill(kPrompt);
  ASSERT_TRUE(logits.is_ok()) << logits.status().to_string();
  testing::GreedyRun run;
  for (int i = 0; i < kSteps; ++i) {
    if (i == 2) model->resume_repack();
    run.logits.emplace_back(logits->begin(), logits->end());
    run.ids.push_back(testing::argmax(*logits));
    logits = (*session)->decode(run.ids.back());
    ASSERT_TRUE(logits.is_ok()) << logits.status().to_string();
  }
  expect_same_generation(run, rows_);
  model->wait_repacked();
  EXPECT_TRUE(model->repack_finished());
}

// Each of several threads generating on its own session while the repack runs unheld.
TEST_P(BackgroundRepackTest, ConcurrentSessionsDuringRepackGenerateAsRows) {
  auto model = load_with(path_, RepackMode::kBackground);
  ASSERT_TRUE(model);
  std::vector<Result<testing::GreedyRun>> runs(3, Result<testing::GreedyRun>(internal_error("")));
  std::vector<std::thread> threads;
  for (size_t t = 0; t < runs.size(); ++t)
    threads.emplace_back([&, t] { runs[t] = testing::run_greedy(*model, kPrompt, kSteps); });
  for (std::thread& t : threads) t.join();
  for (const auto& r : runs) {
    ASSERT_TRUE(r.is_ok()) << r.status().to_string();
    expect_same_generation(*r, rows_);
  }
}

// The Embedder reads the weights on its own pool; while the repack is in flight it holds the
// Model's compute mutex, so it embeds as the fully repacked model does.
TEST_P(BackgroundRepackTest, EmbedderDuringRepackEmbedsAsRepacked) {
  auto at_load = load_with(path_, RepackMode::kAtLoad);
  auto model = load_with(path_, RepackMode::kBackground, 5);
  ASSERT_TRUE(at_load && model);
  Embedder expected_embedder(*at_load, 1, 32);
  auto expected = expected_embedder.embed(kPrompt);
  ASSERT_TRUE(expected.is_ok());
  Embedder embedder(*model, 1, 32);
  std::thread resume([&] { model->resume_repack(); });
  auto got = embedder.embed(kPrompt);
  resume.join();
  ASSERT_TRUE(got.is_ok()) << got.status().to_string();
  ASSERT_EQ(got->size(), expected->size());
  for (size_t i = 0; i < got->size(); ++i) EXPECT_NEAR((*got)[i], (*expected)[i], 1e-3f) << i;
}

TEST_P(BackgroundRepackTest, DestroyedWhileInFlight) {
  {
    auto held = load_with(path_, RepackMode::kBackground, 4);
    ASSERT_TRUE(held);
    held->wait_repacked();
    EXPECT_FALSE(held->repack_finished());
  }  // the destructor stops the held threads and joins them
  for (int i = 0; i < 4; ++i) {
    auto running = load_with(path_, RepackMode::kBackground);
    ASSERT_TRUE(running);
    if (i % 2 == 1) {
      auto s = running->new_session(16);
      ASSERT_TRUE(s.is_ok());
      ASSERT_TRUE((*s)->prefill(kPrompt).is_ok());
    }
  }  // destroyed wherever the repack is
}

INSTANTIATE_TEST_SUITE_P(Types, BackgroundRepackTest, ::testing::Values("Q4_0", "Q8_0", "Q4_K_M"),
                         [](const auto& info) { return std::string(info.param); });

TEST(BackgroundRepackNothing, ModelWithoutRepackableMatricesIsFinishedAtLoad) {
  chorus::testing::TempDir dir;
  RandomModelSpec spec;
  spec.threads = 1;  // F32: nothing to repack
  ASSERT_TRUE(write_random_model(spec, dir.file("m.gguf")).is_ok());
  auto model = load_with(dir.file("m.gguf"), RepackMode::kBackground);
  ASSERT_TRUE(model);
  EXPECT_TRUE(model->repack_finished());
  const RepackProgress p = model->repack_progress();
  EXPECT_TRUE(p.finished);
  EXPECT_EQ(p.total, 0);
  model->wait_repacked();  // returns at once
}

}  // namespace
}  // namespace chorus::model
