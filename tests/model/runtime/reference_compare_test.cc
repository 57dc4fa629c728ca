// The C++ runtime against tools/ref_llama.py (numpy, float64, its own GGUF parser and
// dequantizers) on random-weight models of each architecture and weight type.
// F32: logits within 1e-4 * max|logit| for 32 greedy steps. Quantized types: the same 32 greedy
// ids as the reference computing in float64 on the dequantized weights (the runtime also
// quantizes activations to 8 bits, as llama.cpp does, so logits differ slightly).
#include <gtest/gtest.h>

#include <cmath>

#include "runtime_test_util.h"
#include "support/temp_dir.h"

namespace chorus::model {
namespace {

struct Case {
  std::string arch;
  std::string type;
  int64_t dim, heads, kv_heads, ffn;
};

std::string case_name(const ::testing::TestParamInfo<Case>& info) {
  return info.param.arch + "_" + info.param.type;
}

class ReferenceCompare : public ::testing::TestWithParam<Case> {};

TEST_P(ReferenceCompare, GreedyRunMatchesReference) {
  if (!testing::have_numpy()) GTEST_SKIP() << "/usr/bin/python3 with numpy unavailable";
  const Case& c = GetParam();
  chorus::testing::TempDir dir;
  const std::string path = dir.file("m.gguf");
  RandomModelSpec spec;
  spec.arch = c.arch;
  spec.type = c.type;
  spec.dim = c.dim;
  spec.heads = c.heads;
  spec.kv_heads = c.kv_heads;
  spec.ffn = c.ffn;
  spec.layers = 2;
  spec.seed = 11;
  spec.threads = 2;
  ASSERT_TRUE(write_random_model(spec, path).is_ok());
  ModelOptions options;
  options.threads = 2;
  options.kv_type = KvType::kF32;
  auto model = Model::load(path, options);
  ASSERT_TRUE(model.is_ok()) << model.status().to_string();
  const std::vector<int32_t> prompt = {1, 72, 101, 108, 108, 111, 33};
  constexpr int kSteps = 32;
  auto ours = testing::run_greedy(**model, prompt, kSteps);
  ASSERT_TRUE(ours.is_ok()) << ours.status().to_string();
  const bool f32 = c.type == "F32";
  auto ref = testing::run_reference(path, prompt, kSteps, f32 ? "--logits" : "--act-quant");
  ASSERT_TRUE(ref.is_ok()) << ref.status().to_string();
  EXPECT_EQ(ours->ids, (*ref)["generated_ids"].get<std::vector<int32_t>>());
  if (!f32) return;
  double max_diff = 0, max_logit = 0;
  for (int s = 0; s < kSteps; ++s) {
    const auto want = (*ref)["logits"][s].get<std::vector<double>>();
    ASSERT_EQ(want.size(), ours->logits[s].size());
    for (size_t i = 0; i < want.size(); ++i) {
      max_diff = std::max(max_diff, std::abs(want[i] - ours->logits[s][i]));
      max_logit = std::max(max_logit, std::abs(want[i]));
    }
  }
  EXPECT_LE(max_diff, 1e-4 * max_logit) << "max |logit| " << max_logit;
  std::printf("F32 %s: max|diff| %.3g, max|logit| %.3g\n", c.arch.c_str(), max_diff, max_logit);
}

INSTANTIATE_TEST_SUITE_P(
    Models, ReferenceCompare,
    ::testing::Values(Case{"llama", "F32", 64, 4, 2, 96}, Case{"qwen2", "F32", 64, 4, 2, 96},
                      Case{"llama", "F16", 64, 4, 2, 96}, Case{"qwen2", "F16", 64, 4, 2, 96},
                      Case{"llama", "Q8_0", 64, 4, 2, 96}, Case{"qwen2", "Q8_0", 64, 4, 2, 96},
                      Case{"llama", "Q4_0", 64, 4, 2, 96}, Case{"qwen2", "Q4_0", 64, 4, 2, 96},
                      Case{"llama", "Q4_K", 256, 4, 2, 512}, Case{"qwen2", "Q4_K", 256, 4, 2, 512},
                      Case{"llama", "Q4_K_M", 256, 4, 1, 512}),
    case_name);

}  // namespace
}  // namespace chorus::model
