// The real trained stories260K model against golden outputs of llama.cpp and llama2.c: greedy
// continuation of "Once upon a time" token for token, and top-5 log-probabilities per step.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <numeric>

#include "model/runtime/model.h"
#include "model/runtime/session.h"
#include "support/temp_dir.h"

namespace chorus::model {
namespace {

std::string stories_dir() {
  const std::string shared = chorus::testing::shared_dir();
  return shared.empty() ? "" : shared + "/fixtures/models/stories260K";
}

nlohmann::json read_json(const std::string& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

std::vector<double> log_softmax(std::span<const float> logits) {
  const double m = *std::max_element(logits.begin(), logits.end());
  double sum = 0;
  for (float v : logits) sum += std::exp(v - m);
  std::vector<double> out;
  for (float v : logits) out.push_back(v - m - std::log(sum));
  return out;
}

int32_t argmax(std::span<const float> logits) {
  return static_cast<int32_t>(std::max_element(logits.begin(), logits.end()) - logits.begin());
}

class GoldenStories : public ::testing::TestWithParam<int> {};

TEST_P(GoldenStories, GreedyIdsAndTop5LogProbs) {
  const std::string dir = stories_dir();
  if (dir.empty()) GTEST_SKIP() << "no /work/shared: stories260K fixture unavailable";
  ModelOptions options;
  options.threads = GetParam();
  auto model = Model::load(dir + "/stories260K.gguf", options);
  ASSERT_TRUE(model.is_ok()) << model.status().to_string();
  const nlohmann::json greedy = read_json(dir + "/golden_greedy_once_upon_a_time.json");
  const nlohmann::json top5 = read_json(dir + "/golden_top5_logprobs_llamacpp.json");
  const auto prompt = greedy["prompt_token_ids"].get<std::vector<int32_t>>();
  const auto golden = greedy["generated_token_ids"].get<std::vector<int32_t>>();
  ASSERT_EQ(golden.size(), 200u);

  auto session = (*model)->new_session(512);
  ASSERT_TRUE(session.is_ok());
  auto logits = (*session)->prefill(prompt);
  ASSERT_TRUE(logits.is_ok()) << logits.status().to_string();
  std::vector<int32_t> generated;
  std::vector<double> diffs;
  for (size_t step = 0; step < golden.size(); ++step) {
    const std::vector<double> lp = log_softmax(*logits);
    for (const auto& pair : top5["steps"][step]["top5"])
      diffs.push_back(std::abs(lp[pair[0].get<size_t>()] - pair[1].get<double>()));
    generated.push_back(argmax(*logits));
    logits = (*session)->decode(generated.back());
    ASSERT_TRUE(logits.is_ok()) << logits.status().to_string();
  }
  EXPECT_EQ(generated, golden);
  // llama.cpp rounds K, V, Q and the attention weights to f16 (its default f16 cache); the
  // runtime does the same, but rounding-boundary flips between two float pipelines differ, and
  // their effect grows along the 205 positions. Measured: mean 4e-4, max ~5e-3 (the Python
  // reference shows the same spread). The first 50 steps, before drift accumulates, are within
  // 1e-3.
  const double mean = std::accumulate(diffs.begin(), diffs.end(), 0.0) / diffs.size();
  const double max = *std::max_element(diffs.begin(), diffs.end());
  const double max_first = *std::max_element(diffs.begin(), diffs.begin() + 50);
  EXPECT_LT(max_first, 1e-3);
  EXPECT_LT(mean, 1e-3);
  EXPECT_LT(max, 1e-2);
  RecordProperty("mean_logprob_diff", std::to_string(mean));
  RecordProperty("max_logprob_diff", std::to_string(max));
  std::printf("top-5 log-prob |diff| vs llama.cpp: mean %.2e, max %.2e, max first 50 steps %.2e\n",
              mean, max, max_first);
}

INSTANTIATE_TEST_SUITE_P(Threads, GoldenStories, ::testing::Values(1, 2));

TEST(GoldenStoriesTest, FromBosMatchesLlama2cText) {
  const std::string dir = stories_dir();
  if (dir.empty()) GTEST_SKIP() << "no /work/shared: stories260K fixture unavailable";
  // The llama2.c golden text starts with "Once upon a time": the greedy ids from BOS must
  // reproduce the golden prompt+continuation ids that spell it.
  auto model = Model::load(dir + "/stories260K.gguf", ModelOptions{});
  ASSERT_TRUE(model.is_ok()) << model.status().to_string();
  const nlohmann::json greedy = read_json(dir + "/golden_greedy_once_upon_a_time.json");
  auto expect = greedy["prompt_token_ids"].get<std::vector<int32_t>>();
  auto session = (*model)->new_session(64);
  ASSERT_TRUE(session.is_ok());
  std::vector<int32_t> seq = {1};
  auto logits = (*session)->prefill(seq);
  while (seq.size() < expect.size()) {
    ASSERT_TRUE(logits.is_ok());
    seq.push_back(argmax(*logits));
    logits = (*session)->decode(seq.back());
  }
  EXPECT_EQ(seq, expect);
}

}  // namespace
}  // namespace chorus::model
