// VectorKernel: a non-linear member of a two-label moderation model (linear_model.h) over the
// dense vector block (features.h): an approximate Gaussian-kernel SVM on the text's mean word
// vector.
//
// Input: v [dim], the first `dim` components of the extracted vector at the hasher's vector
// buckets (the mean word vector; a bucket shared with a hashed n-gram reads their sum), scaled to
// unit norm (all zero when the text has no known term). Random Fourier features (Rahimi & Recht
// 2007): z_k = sqrt(2 / D) cos(omega_k . v + beta_k), k < D, omega_k ~ N(0, gamma^2 I) [dim],
// beta_k ~ U[0, 2 pi), drawn from `seed` in a fixed order (so a file stores the seed, not the
// matrix): z . z' approximates exp(-gamma^2 |v - v'|^2 / 2). The margin is w . z + b, w [D].
//
// File section (model file version 5, see linear_model.h): u32 dim (1..1024), u32 features D
// (1..4096), f32 gamma (in (0, 100]), u64 seed, f32 bias, f32 w[D]. parse() refuses a field out
// of range naming the field and its offset.
// Thread-safety: immutable once built; margin() is const.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/status.h"
#include "trust/moderation/binary_io.h"
#include "trust/moderation/features.h"

namespace chorus::trust {

inline constexpr uint32_t kMaxKernelDim = 1024;
inline constexpr uint32_t kMaxKernelFeatures = 4096;

struct KernelOptions {
  uint32_t features = 0;  // D; 0: no kernel member
  float gamma = 2.0f;
  float svm_c = 1.0f;  // C of the linear SVM on z (times the class and example weights)
};

class VectorKernel {
 public:
  // A member with zero weights; dim 1..1024, features 1..4096, gamma in (0, 100].
  VectorKernel(uint32_t dim, uint32_t features, float gamma, uint64_t seed);

  uint32_t dim() const { return dim_; }
  uint32_t features() const { return static_cast<uint32_t>(w_.size()); }
  float gamma() const { return gamma_; }
  uint64_t seed() const { return seed_; }
  std::vector<float>& weights() { return w_; }
  float& bias() { return bias_; }

  // v (unit norm, or zero) from an extracted vector; `vector_buckets` has at least dim() entries.
  void input(const SparseVector& x, const std::vector<uint32_t>& vector_buckets, float* v) const;
  // z [features()] for v [dim()].
  void lift(const float* v, float* z) const;
  // w . z + b for the text whose extracted vector is x.
  float margin(const SparseVector& x, const std::vector<uint32_t>& vector_buckets) const;

  void serialize(std::string* out) const;
  static Result<VectorKernel> parse(binary_io::Reader& r);

 private:
  uint32_t dim_;
  float gamma_;
  uint64_t seed_;
  std::vector<float> omega_;  // [features][dim]
  std::vector<float> beta_;   // [features]
  std::vector<float> w_;      // [features]
  float bias_ = 0;
};

}  // namespace chorus::trust
