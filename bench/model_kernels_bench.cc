// Micro-benchmark of the quantized matrix-vector kernels: for each weight type and each kernel
// variant this CPU runs, the weight bytes streamed per second by matvec_rows on one thread, for a
// cache-resident matrix ("hot", 256 KiB) and a memory-resident one ("cold", 64 MiB), and for the
// types repack_x8() interleaves, the repacked layout through matvec_rows (isa "x8": its fastest
// variant, capped by CHORUS_KERNELS=avx2). Prints one JSON object with a row per (type, isa) and
// the speed-up of each variant over scalar (bytes are the file layout's in every row). Time is the
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

// Thread-CPU seconds per call of matvec (one pass over the whole matrix), repeated until
// `min_seconds` have passed.
template <typename Matvec>
double time_matvec(double min_seconds, Matvec matvec) {
  int64_t reps = 0;
  const double start = thread_seconds();
  double elapsed = 0;
  do {
    matvec();
    ++reps;
    elapsed = thread_seconds() - start;
  } while (elapsed < min_seconds);
  return elapsed / static_cast<double>(reps);
}

struct Matrix {
  std::vector<uint8_t> bytes;
  TensorView view;
};

// A [rows x kCols] matrix of `type` of about target_bytes (rows in eights, for repack_x8): 64
// distinct quantized random rows, repeated (quantizing 64 MiB with the reference quantizers would
// dominate the run).
Matrix make_matrix(GgmlType type, size_t target_bytes, Rng& rng) {
  const size_t row_bytes = type_row_bytes(type, kCols);
  const int64_t rows = static_cast<int64_t>(std::max<size_t>(8, target_bytes / row_bytes / 8 * 8));
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

void print_row(bool& first, const char* type, const char* isa, const double* gbps,
               double scalar_cold) {
  std::printf(
      "%s  {\"type\": \"%s\", \"isa\": \"%s\", \"hot_gb_per_s\": %.3f, "
      "\"cold_gb_per_s\": %.3f, \"cold_vs_scalar\": %.2f}",
      first ? "" : ",\n", type, isa, gbps[0], gbps[1],
      scalar_cold > 0 ? gbps[1] / scalar_cold : 0.0);
  first = false;
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
        const TensorView& W = mats[k].view;
        std::vector<float> y(W.rows);
        const double s = time_matvec(seconds, [&] {
          for (int64_t r = 0; r < W.rows; ++r) y[r] = dot(W.cols, W.row(r), x.row(0));
        });
        gbps[k] = static_cast<double>(mats[k].bytes.size()) / s / 1e9;
      }
      if (isa == KernelIsa::kScalar) scalar_cold = gbps[1];
      print_row(first, name, kernel_isa_name(isa), gbps, scalar_cold);
    }
    if (!can_repack_x8(mats[0].view) || !can_repack_x8(mats[1].view)) continue;
    double gbps[2];
    for (int k = 0; k < 2; ++k) {
      std::vector<uint8_t> packed(repacked_x8_bytes(mats[k].view));
      const TensorView W = repack_x8(mats[k].view, packed.data());
      std::vector<float> y(W.rows);
      const double s = time_matvec(seconds, [&] { matvec_rows(W, x, y.data(), 0, W.rows); });
      gbps[k] = static_cast<double>(mats[k].bytes.size()) / s / 1e9;
    }
    print_row(first, name, "x8", gbps, scalar_cold);
  }
  std::printf("\n]}\n");
  return 0;
}
