// A Q4_0, Q8_0 or Q4_K_M (Q4_K and Q6_K) model repacked at load (ModelOptions::repack) generates
// what the file's layout does: the same greedy ids, logits within float rounding of each other, and
// the mapped weights released.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "model/runtime/model.h"
#include "model/runtime/random_model.h"
#include "runtime_test_util.h"
#include "support/temp_dir.h"

namespace chorus::model {
namespace {

std::unique_ptr<Model> load_model(const std::string& path, bool repack) {
  ModelOptions o;
  o.threads = 2;
  o.repack = repack ? RepackMode::kAtLoad : RepackMode::kOff;
  auto m = Model::load(path, o);
  EXPECT_TRUE(m.is_ok()) << m.status().to_string();
  return m.is_ok() ? std::move(m).value() : nullptr;
}

class RepackModelTest : public ::testing::TestWithParam<const char*> {};

TEST_P(RepackModelTest, RepackedGeneratesAsTheFileLayout) {
  chorus::testing::TempDir dir;
  RandomModelSpec spec;
  spec.kv_heads = 2;
  spec.ffn = 96;
  spec.threads = 1;
  spec.type = GetParam();
  if (spec.type == "Q4_K_M") spec.dim = 256, spec.ffn = 256;  // K-quant rows are multiples of 256
  ASSERT_TRUE(write_random_model(spec, dir.file("m.gguf")).is_ok());
  auto packed = load_model(dir.file("m.gguf"), true);
  auto plain = load_model(dir.file("m.gguf"), false);
  ASSERT_TRUE(packed && plain);
  EXPECT_NE(packed->weights().repacked, nullptr);
  auto layout = [](GgmlType t) {
    return t == GgmlType::Q4_0   ? WeightLayout::kQ4_0x8
           : t == GgmlType::Q8_0 ? WeightLayout::kQ8_0x8
           : t == GgmlType::Q4_K ? WeightLayout::kQ4_Kx8
                                 : WeightLayout::kQ6_Kx8;
  };
  for (const LayerWeights& L : packed->weights().layers)
    for (const TensorView* v : {&L.wq, &L.wk, &L.wv, &L.wo, &L.w_gate, &L.w_up, &L.w_down})
      EXPECT_EQ(v->layout, layout(v->type));
  const TensorView& out = packed->weights().output;
  EXPECT_EQ(out.layout == layout(out.type), can_repack_x8(plain->weights().output));
  EXPECT_EQ(plain->weights().repacked, nullptr);
  // Equal, but Q4_K's unpacked scales and mins add 2.8%.
  EXPECT_GE(packed->weights().bytes_per_token(), plain->weights().bytes_per_token());
  EXPECT_LE(packed->weights().bytes_per_token(), plain->weights().bytes_per_token() * 1.03);
  const std::vector<int32_t> prompt = {1, 40, 41, 42, 43};
  auto a = testing::run_greedy(*packed, prompt, 16);
  auto b = testing::run_greedy(*plain, prompt, 16);
  ASSERT_TRUE(a.is_ok() && b.is_ok());
  EXPECT_EQ(a->ids, b->ids);
  for (size_t s = 0; s < a->logits.size(); ++s) {
    float scale = 0, diff = 0;
    for (size_t i = 0; i < a->logits[s].size(); ++i) {
      scale = std::max(scale, std::fabs(b->logits[s][i]));
      diff = std::max(diff, std::fabs(a->logits[s][i] - b->logits[s][i]));
    }
    EXPECT_LE(diff, 1e-3f * scale) << "step " << s;
  }
}

INSTANTIATE_TEST_SUITE_P(Types, RepackModelTest, ::testing::Values("Q4_0", "Q8_0", "Q4_K_M"),
                         [](const auto& info) { return std::string(info.param); });

}  // namespace
}  // namespace chorus::model
