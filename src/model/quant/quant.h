// Quantized tensor types and their CPU kernels: the public face of model/quant.
//
// Offers, for the weight types F32, F16, BF16, Q4_0, Q4_1, Q5_0, Q8_0, Q4_K, Q5_K and Q6_K:
//  - dequantize_row / quantize_row_ref: scalar reference conversions between float rows and the
//    on-disk block layouts of blocks.h (bit-compatible with GGUF files of other runtimes);
//  - type_traits(): per weight type, the activation ("vec_dot") type it pairs with, the function
//    quantizing an activation row to it, and vec_dot, with the instruction-set variant chosen once
//    at run time (vec_dot_for() reaches each variant on its own, for tests and benchmarks);
//  - matvec_rows / matmul_rows over a TensorView, the calls of the forward pass;
//  - fp16/bf16 conversions (fp16.h).
// Units: n counts elements (not bytes) and must be a multiple of the type's block size (32 for
// Q4_0..Q8_0, 256 for K-quants, 1 for float types). Thread-safety: everything here is stateless
// or immutable after first use; concurrent calls on disjoint outputs are safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "base/status.h"
#include "model/quant/fp16.h"
#include "model/quant/ggml_types.h"

namespace chorus::model {

// Instruction-set variants of the kernels, in increasing order.
enum class KernelIsa { kScalar = 0, kAvx2 = 1, kAvx512 = 2 };
const char* kernel_isa_name(KernelIsa isa);
// True when this binary has the variant and this CPU can run it (kScalar always).
bool cpu_supports(KernelIsa isa);
// The variant type_traits() uses: the best that cpu_supports().
KernelIsa best_kernel_isa();

// n elements of a weight row `w` (weight type) dotted with an activation row `x` (its vec_dot
// type); both rows start at block boundaries.
using VecDotFn = float (*)(int64_t n, const void* w, const void* x);
// Converts n floats to n elements of some type at dst (row_bytes(type, n) bytes).
using FromFloatFn = void (*)(const float* src, void* dst, int64_t n);
using ToFloatFn = void (*)(const void* src, float* dst, int64_t n);

struct TypeTraits {
  GgmlType type;
  int64_t block_size;          // elements per block
  size_t type_size;            // bytes per block
  ToFloatFn to_float;          // scalar reference dequantization
  FromFloatFn from_float_ref;  // scalar reference quantization
  GgmlType vec_dot_type;       // the activation type this weight type is dotted with
  FromFloatFn quantize_act;    // float row -> vec_dot_type row (fastest variant)
  VecDotFn vec_dot;            // fastest variant available on this CPU
};

// Traits of a weight type, or nullptr when the runtime cannot compute with it. Q8_K (an
// activation-only type) has traits with vec_dot == nullptr.
const TypeTraits* type_traits(GgmlType type);
// One variant of the vec_dot of a weight type, or nullptr when this build/CPU lacks it.
VecDotFn vec_dot_for(GgmlType type, KernelIsa isa);

// Bytes of n elements of type; n must be a multiple of the block size.
size_t type_row_bytes(GgmlType type, int64_t n);

// Scalar reference dequantization of n elements of `type` at src into dst[n].
Status dequantize_row(GgmlType type, const void* src, float* dst, int64_t n);
// Scalar reference quantization (round to nearest, as ggml's reference quantizers) of src[n] into
// type_row_bytes(type, n) bytes at dst. Also accepts Q8_K.
Status quantize_row_ref(GgmlType type, const float* src, void* dst, int64_t n);

// How a TensorView's bytes are arranged. kRows: row r at data + r * row_bytes (the file's
// layout). kQ4_0x8 / kQ8_0x8 / kQ4_Kx8 / kQ6_Kx8: Q4_0 / Q8_0 / Q4_K / Q6_K rows interleaved by
// eights (block_q4_0x8 ... block_q6_Kx8; group g of rows 8g .. 8g + 7 at data + g * 8 *
// row_bytes, row_bytes being the interleaved bytes per row), made at load by repack_x8() so that
// one pass over an activation serves eight rows.
enum class WeightLayout { kRows = 0, kQ4_0x8 = 1, kQ8_0x8 = 2, kQ4_Kx8 = 3, kQ6_Kx8 = 4 };

// A [rows x cols] weight matrix of one type. Built through make(), which checks the type and
// geometry; then immutable, borrowed memory (the mapped model file or a repacked copy, which must
// outlive the view).
struct TensorView {
  GgmlType type = GgmlType::F32;
  const void* data = nullptr;
  int64_t rows = 0;
  int64_t cols = 0;
  size_t row_bytes = 0;  // stride in bytes; >= type_row_bytes(type, cols)
  WeightLayout layout = WeightLayout::kRows;

  // row_bytes == 0 means densely packed.
  static Result<TensorView> make(GgmlType type, const void* data, int64_t rows, int64_t cols,
                                 size_t row_bytes = 0);
  // Row r of a kRows view (meaningless for an interleaved layout).
  const uint8_t* row(int64_t r) const {
    return static_cast<const uint8_t*>(data) + static_cast<size_t>(r) * row_bytes;
  }
};

// Activations of n tokens quantized once into the vec_dot type of a weight type, reusable across
// calls (the buffer only grows). Not thread-safe while quantize() runs; read-only afterwards.
class QuantizedActivations {
 public:
  // Quantizes tokens rows of `cols` floats at x (row t at x + t * x_stride floats) for dotting
  // with weights of weight_type. Fails on an unsupported type or cols not a multiple of the
  // activation type's block size.
  Status quantize(GgmlType weight_type, const float* x, int64_t tokens, int64_t cols,
                  int64_t x_stride);
  Status quantize(GgmlType weight_type, const float* x, int64_t cols) {
    return quantize(weight_type, x, 1, cols, cols);
  }

  GgmlType type() const { return type_; }  // the vec_dot type
  GgmlType weight_type() const { return weight_type_; }
  int64_t tokens() const { return tokens_; }
  int64_t cols() const { return cols_; }
  const void* row(int64_t t) const { return buf_.data() + static_cast<size_t>(t) * row_bytes_; }
  size_t row_bytes() const { return row_bytes_; }
  // For activations of Q4_0 and Q8_0 weights only: the sum of the 32 int8 levels of each block,
  // cols / 32 per token (row t at block_sums(0) + t * cols / 32); used by the repacked kernels.
  const int16_t* block_sums(int64_t t) const {
    return sums_.data() + static_cast<size_t>(t * (cols_ / 32));
  }

 private:
  GgmlType type_ = GgmlType::F32;
  GgmlType weight_type_ = GgmlType::F32;
  int64_t tokens_ = 0;
  int64_t cols_ = 0;
  size_t row_bytes_ = 0;
  std::vector<uint8_t> buf_;
  std::vector<int16_t> sums_;
};

// True when W (Q4_0, Q8_0, Q4_K or Q6_K, kRows, densely packed, rows a multiple of 8) can be
// repacked to its interleaved layout (kQ4_0x8, kQ8_0x8, kQ4_Kx8 or kQ6_Kx8).
bool can_repack_x8(const TensorView& W);
// The bytes repack_x8(W, ...) writes (can_repack_x8(W)): W.rows * W.row_bytes, except Q4_K,
// whose unpacked scales and mins take 32 bytes more per 8 blocks (+2.8%).
size_t repacked_x8_bytes(const TensorView& W);
// Writes W (can_repack_x8) to dst, repacked_x8_bytes(W) bytes, in its interleaved layout and
// returns the view of it. Dot products through the repacked view are deterministic and identical
// for matvec_rows and matmul_rows; they may differ from the kRows kernels by float rounding.
TensorView repack_x8(const TensorView& W, void* dst);

// y[r] = W.row(r) . x.row(0) for r in [r0, r1); y holds W.rows floats (indexed by absolute row).
// Requires x quantized for W.type with x.cols() == W.cols and 0 <= r0 <= r1 <= W.rows (checked by
// assert: these are the caller's invariants, not input data); for an interleaved layout, r0 and
// r1 are multiples of 8. Disjoint row ranges may run on different threads.
void matvec_rows(const TensorView& W, const QuantizedActivations& x, float* y, int64_t r0,
                 int64_t r1);
// Y[t * y_stride + r] = W.row(r) . X.row(t) for every token t and r in [r0, r1): the batched
// (prompt) form, Y[tokens x rows] = X[tokens x cols] * W^T. Same requirements as matvec_rows.
void matmul_rows(const TensorView& W, const QuantizedActivations& X, float* Y, int64_t y_stride,
                 int64_t r0, int64_t r1);

}  // namespace chorus::model
