// Micro-benchmark of the quantized matrix-vector kernels: for each weight type and each kernel
// variant this CPU runs, the weight bytes streamed per second by matvec_rows on one thread, for a
// cache-resident matrix ("hot", 256 KiB) and a memory-resident one ("cold", 64 MiB). Prints one
// JSON object with a row per (type, isa) and the speed-up of each variant over scalar. Time is the
// thread's CPU time (the machines these run on are shared), so GB/s is per busy core.
//
// Usage: model_kernels_bench [--seconds S]   (S: minimum time per measurement, default 0.3)
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>
#include <vector>

#include "base/random.h"
#include "model/quant/quant.h"

namespace {

using namespace chorus;
using namespace chorus::model;

constexpr int64_t kCols = 4096;

// CPU seconds of this thread: on a shared machine, time the kernel ran rather than waited.
double thread_seconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

// Thread-CPU seconds per matvec over the whole matrix, repeated until `min_seconds` have passed.
double time_matvec(const TensorView& W, const QuantizedActivations& x, VecDotFn dot,
                   double min_seconds, std::vector<float>& y) {
  int64_t reps = 0;
  const double start = thread_seconds();
  double elapsed = 0;
  do {
    for (int64_t r = 0; r < W.rows; ++r) y[r] = dot(W.cols, W.row(r), x.row(0));
    ++reps;
    elapsed = thread_seconds() - start;
  } while (elapsed < min_seconds);
  return elapsed / static_cast<double>(reps);
}

struct Matrix {
  std::vector<uint8_t> bytes;
  TensorView view;
};

// A [rows x kCols] matrix of `type` of about target_bytes: 64 distinct quantized random rows,
// repeated (quantizing 64 MiB with the reference quantizers would dominate the run).
Matrix make_matrix(GgmlType type, size_t target_bytes, Rng& rng) {
  const size_t row_bytes = type_row_bytes(type, kCols);
  const int64_t rows = static_cast<int64_t>(std::max<size_t>(1, target_bytes / row_bytes));
  const int64_t distinct = std::min<int64_t>(rows, 64);
  Matrix m;
  m.bytes.resize(row_bytes * rows);
  std::vector<float> row(kCols);
  for (int64_t r = 0; r < distinct; ++r) {
    for (auto& v : row) v = static_cast<float>(rng.normal());
    if (!quantize_row_ref(type, row.data(), m.bytes.data() + r * row_bytes, kCols).is_ok())
      std::abort();
  }
  for (int64_t r = distinct; r < rows; ++r)
    std::memcpy(m.bytes.data() + r * row_bytes, m.bytes.data() + (r % distinct) * row_bytes,
                row_bytes);
  m.view = TensorView::make(type, m.bytes.data(), rows, kCols).value();
  return m;
}

}  // namespace

int main(int argc, char** argv) {
  double seconds = 0.3;
  std::string only;  // --type NAME: one type only
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], "--seconds") == 0) seconds = std::atof(argv[i + 1]);
    if (std::strcmp(argv[i], "--type") == 0) only = argv[i + 1];
  }
  const GgmlType types[] = {GgmlType::F32,  GgmlType::F16,  GgmlType::BF16, GgmlType::Q8_0,
                            GgmlType::Q4_0, GgmlType::Q4_1, GgmlType::Q5_0, GgmlType::Q4_K,
                            GgmlType::Q5_K, GgmlType::Q6_K};
  Rng rng(1);
  std::vector<float> xf(kCols);
  for (auto& v : xf) v = static_cast<float>(rng.normal());
  std::printf(
      "{\"benchmark\": \"model_kernels\", \"cols\": %lld, \"threads\": 1, \"clock\": "
      "\"thread_cpu\", \"results\": [\n",
      static_cast<long long>(kCols));
  bool first = true;
  for (GgmlType type : types) {
    const char* name = ggml_type_info(static_cast<uint32_t>(type))->name.data();
    if (!only.empty() && only != name) continue;
    QuantizedActivations x;
    if (!x.quantize(type, xf.data(), kCols).is_ok()) return 1;
    Matrix mats[2] = {make_matrix(type, 256u << 10, rng), make_matrix(type, 64u << 20, rng)};
    double scalar_cold = 0;
    for (KernelIsa isa : {KernelIsa::kScalar, KernelIsa::kAvx2, KernelIsa::kAvx512}) {
      const VecDotFn dot = vec_dot_for(type, isa);
      if (!dot) continue;
      double gbps[2];
      for (int k = 0; k < 2; ++k) {
        std::vector<float> y(mats[k].view.rows);
        const double s = time_matvec(mats[k].view, x, dot, seconds, y);
        gbps[k] = static_cast<double>(mats[k].bytes.size()) / s / 1e9;
      }
      if (isa == KernelIsa::kScalar) scalar_cold = gbps[1];
      std::printf(
          "%s  {\"type\": \"%s\", \"isa\": \"%s\", \"hot_gb_per_s\": %.3f, "
          "\"cold_gb_per_s\": %.3f, \"cold_vs_scalar\": %.2f}",
          first ? "" : ",\n", name, kernel_isa_name(isa), gbps[0], gbps[1],
          scalar_cold > 0 ? gbps[1] / scalar_cold : 0.0);
      first = false;
    }
  }
  std::printf("\n]}\n");
  return 0;
}
