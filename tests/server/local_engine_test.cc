// LocalEngine's continuous batching: greedy generations of concurrent requests, decoded together
// in one pass per step, equal the same requests served one at a time; a cancelled sequence
// leaves the batch without disturbing the others.
#include "server/local_engine.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "server_test_util.h"

namespace chorus::server {
namespace {

const std::vector<std::string> kPrompts = {"Once upon a time", "The quick brown fox",
                                           "In Cairo today", "x"};

std::unique_ptr<LocalEngine> engine(int parallel) {
  LocalEngineOptions o;
  o.path = testing::random_model_path();
  o.parallel = parallel;
  o.context = 256;
  auto e = LocalEngine::load(o);
  EXPECT_TRUE(e.is_ok()) << e.status().to_string();
  return e.is_ok() ? std::move(e).value() : nullptr;
}

GenerationRequest greedy(const std::string& prompt, int64_t max_tokens) {
  GenerationRequest r;
  r.is_chat = false;
  r.prompt = prompt;
  r.max_tokens = max_tokens;
  r.sampling.temperature = 0;
  r.seed_given = true;
  r.ignore_eos = true;  // every sequence runs its max_tokens: they overlap for sure
  return r;
}

// All text of a stream, once it ended.
std::string drain(GenerationStream& s) {
  std::string all;
  while (!s.wait(&all, 100)) {
  }
  return all;
}

std::vector<std::string> serve_all(LocalEngine& e, int64_t max_tokens, bool concurrently) {
  std::vector<std::shared_ptr<GenerationStream>> streams;
  std::vector<std::string> texts;
  for (const std::string& p : kPrompts) {
    auto s = e.generate(greedy(p, max_tokens));
    EXPECT_TRUE(s.is_ok()) << s.status().to_string();
    if (!s.is_ok()) return {};
    streams.push_back(*s);
    if (!concurrently) texts.push_back(drain(*streams.back()));
  }
  if (concurrently)
    for (auto& s : streams) texts.push_back(drain(*s));
  for (auto& s : streams) EXPECT_EQ(s->finish_reason(), "length");
  return texts;
}

TEST(LocalEngineBatching, ConcurrentGreedyEqualsOneAtATime) {
  auto batched = engine(4);
  auto single = engine(1);
  ASSERT_TRUE(batched && single);
  const auto together = serve_all(*batched, 40, true);
  const auto alone = serve_all(*single, 40, false);
  ASSERT_EQ(together.size(), kPrompts.size());
  EXPECT_EQ(together, alone);
  for (const std::string& t : together) EXPECT_FALSE(t.empty());
  // Steps of several sequences shared passes; one at a time, every pass had one row.
  EXPECT_GT(batched->decode_rows(), batched->decode_passes());
  EXPECT_EQ(single->decode_rows(), single->decode_passes());
  EXPECT_EQ(batched->decode_rows() + kPrompts.size(), batched->tokens_generated());
}

TEST(LocalEngineBatching, CancelledSequenceLeavesTheBatch) {
  auto e = engine(2);
  auto single = engine(1);
  ASSERT_TRUE(e && single);
  auto victim = e->generate(greedy(kPrompts[0], 200));
  auto survivor = e->generate(greedy(kPrompts[1], 60));
  ASSERT_TRUE(victim.is_ok() && survivor.is_ok());
  std::string piece;
  (*victim)->wait(&piece, 5000);  // running: it has produced text
  (*victim)->cancel();
  const std::string text = drain(**survivor);
  drain(**victim);
  EXPECT_EQ((*victim)->finish_reason(), "cancelled");
  EXPECT_EQ((*survivor)->finish_reason(), "length");
  EXPECT_EQ(e->sequences_cancelled(), 1u);
  auto solo = single->generate(greedy(kPrompts[1], 60));
  ASSERT_TRUE(solo.is_ok());
  EXPECT_EQ(text, drain(**solo));
}

}  // namespace
}  // namespace chorus::server
