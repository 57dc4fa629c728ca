// Long prompts run in chunks of ModelOptions::max_batch tokens: a token's computation does not
// depend on the other tokens of its pass, so a chunked prompt gives the unchunked prompt's logits
// bit for bit and the same greedy continuation. After load (and, in the background, the repack)
// the process maps no page of the tensors it copied (norms, repacked matrices), even after a
// prompt and decoding.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "model/runtime/model.h"
#include "model/runtime/random_model.h"
#include "model/runtime/session.h"
#include "runtime_test_util.h"
#include "support/temp_dir.h"

namespace chorus::model {
namespace {

// Loaded with the weights final (bitwise comparisons need every pass to read the same layouts).
std::unique_ptr<Model> load_chunked(const std::string& path, int64_t max_batch, int threads,
                                    RepackMode repack = RepackMode::kBackground) {
  ModelOptions o;
  o.threads = threads;
  o.max_batch = max_batch;
  o.repack = repack;
  auto m = Model::load(path, o);
  EXPECT_TRUE(m.is_ok()) << m.status().to_string();
  if (!m.is_ok()) return nullptr;
  (*m)->wait_repacked();
  return std::move(m).value();
}

std::vector<int32_t> long_prompt(int64_t n, int64_t vocab) {
  std::vector<int32_t> p = {1};
  for (int64_t i = 1; i < n; ++i) p.push_back(static_cast<int32_t>(3 + (i * 37) % (vocab - 3)));
  return p;
}

class PromptChunkTest : public ::testing::TestWithParam<const char*> {};

TEST_P(PromptChunkTest, ChunkedPromptEqualsWholePrompt) {
  chorus::testing::TempDir dir;
  RandomModelSpec spec;
  spec.heads = 4;
  spec.kv_heads = 2;  // two query heads per KV head
  spec.ffn = 96;
  spec.threads = 1;
  spec.type = GetParam();
  if (spec.type == "Q4_K_M") spec.dim = 256, spec.ffn = 256;  // K-quant rows are multiples of 256
  ASSERT_TRUE(write_random_model(spec, dir.file("m.gguf")).is_ok());
  auto whole = load_chunked(dir.file("m.gguf"), 512, 2);
  ASSERT_TRUE(whole);
  const std::vector<int32_t> prompt = long_prompt(150, whole->config().vocab_size);
  auto expected = testing::run_greedy(*whole, prompt, 8);
  ASSERT_TRUE(expected.is_ok()) << expected.status().to_string();
  // 64: chunks of whole token tiles; 7: chunks that end mid-tile; 3 threads: another split.
  for (auto [chunk, threads] : {std::pair{64, 2}, std::pair{7, 3}}) {
    SCOPED_TRACE("max_batch " + std::to_string(chunk) + ", threads " + std::to_string(threads));
    auto chunked = load_chunked(dir.file("m.gguf"), chunk, threads);
    ASSERT_TRUE(chunked);
    auto got = testing::run_greedy(*chunked, prompt, 8);
    ASSERT_TRUE(got.is_ok()) << got.status().to_string();
    EXPECT_EQ(got->ids, expected->ids);
    ASSERT_EQ(got->logits.size(), expected->logits.size());
    for (size_t i = 0; i < got->logits.size(); ++i)
      EXPECT_EQ(got->logits[i], expected->logits[i]) << "step " << i;
  }
}

INSTANTIATE_TEST_SUITE_P(Types, PromptChunkTest,
                         ::testing::Values("F32", "Q4_0", "Q8_0", "Q4_K_M"));

// Pages of [begin, end) that this process maps (/proc/self/pagemap's present bit).
int64_t mapped_pages(uintptr_t begin, uintptr_t end) {
  const auto page = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
  const int fd = open("/proc/self/pagemap", O_RDONLY);
  if (fd < 0) return -1;
  int64_t present = 0;
  for (uintptr_t p = (begin + page - 1) / page * page; p + page <= end; p += page) {
    uint64_t entry = 0;
    if (pread(fd, &entry, sizeof entry, static_cast<off_t>(p / page * sizeof entry)) !=
        static_cast<ssize_t>(sizeof entry)) {
      present = -1;
      break;
    }
    present += static_cast<int64_t>(entry >> 63);
  }
  close(fd);
  return present;
}

// Whole pages of the tensors the weights no longer read from the file (every tensor but
// token_embd: vectors are copied, Q8_0 matrices repacked) that this process maps, counting only
// pages at least `margin` bytes away from token_embd: a fault on a page maps the whole page-cache
// folio around it (up to 2 MiB) on file systems with large folios.
// (GgufFile::tensor() would read the names in the mapped header, so it is not used here.)
int64_t mapped_copied_pages(const GgufFile& f, uintptr_t margin) {
  const GgufTensor* embd = &f.tensors().front();
  if (embd->name != "token_embd.weight") return -1;  // write_random_model writes it first
  const auto e0 = reinterpret_cast<uintptr_t>(embd->data), e1 = e0 + embd->nbytes;
  int64_t total = 0;
  for (const GgufTensor& t : f.tensors()) {
    if (&t == embd) continue;
    uintptr_t b = reinterpret_cast<uintptr_t>(t.data), e = b + t.nbytes;
    if (b < e1 + margin) b = std::min(e, e1 + margin);
    if (e + margin > e0 && e <= e0) e = std::max(b, e0 > margin ? e0 - margin : 0);
    const int64_t pages = mapped_pages(b, e);
    if (pages < 0) return -1;
    total += pages;
  }
  return total;
}

TEST(WeightResidencyTest, CopiedTensorsStayUnmappedAfterUse) {
  chorus::testing::TempDir dir;
  RandomModelSpec spec;
  spec.dim = 512;
  spec.heads = 8;
  spec.kv_heads = 2;
  spec.ffn = 1024;
  spec.layers = 4;  // 9 MiB: most layers lie more than 2 MiB from token_embd
  spec.threads = 1;
  spec.type = "Q8_0";
  ASSERT_TRUE(write_random_model(spec, dir.file("m.gguf")).is_ok());
  for (RepackMode mode : {RepackMode::kAtLoad, RepackMode::kBackground}) {
    SCOPED_TRACE(mode == RepackMode::kAtLoad ? "repacked at load" : "repacked in the background");
    auto model = load_chunked(dir.file("m.gguf"), 64, 2, mode);
    ASSERT_TRUE(model);
    const GgufFile& f = model->file();
    EXPECT_EQ(mapped_copied_pages(f, 0), 0) << "pages left mapped by the load and repack";
    auto run = testing::run_greedy(*model, long_prompt(100, model->config().vocab_size), 4);
    ASSERT_TRUE(run.is_ok()) << run.status().to_string();
    EXPECT_EQ(mapped_copied_pages(f, 2 << 20), 0) << "pages mapped again by the passes";
  }
  auto model = load_chunked(dir.file("m.gguf"), 64, 2);
  ASSERT_TRUE(model);
  const GgufFile& f = model->file();
  // The norms are owned copies of the file's values.
  const float* norm = model->weights().layers[3].ffn_norm;
  const GgufTensor* src = f.tensor("blk.3.ffn_norm.weight");
  ASSERT_NE(src, nullptr);  // (after the page checks: this reads the mapped header)
  EXPECT_NE(static_cast<const void*>(norm), static_cast<const void*>(src->data));
  EXPECT_EQ(norm[0], reinterpret_cast<const float*>(src->data)[0]);
}

}  // namespace
}  // namespace chorus::model
