#include "trust/moderation/vector_kernel.h"

#include <algorithm>
#include <cmath>

#include "base/random.h"

namespace chorus::trust {

VectorKernel::VectorKernel(uint32_t dim, uint32_t features, float gamma, uint64_t seed)
    : dim_(dim),
      gamma_(gamma),
      seed_(seed),
      omega_(static_cast<size_t>(features) * dim),
      beta_(features),
      w_(features, 0.0f) {
  Rng rng(seed);
  for (float& o : omega_) o = static_cast<float>(gamma * rng.normal());
  for (float& b : beta_) b = static_cast<float>(6.283185307179586 * rng.uniform());
}

void VectorKernel::input(const SparseVector& x, const std::vector<uint32_t>& vector_buckets,
                         float* v) const {
  double n2 = 0;
  for (uint32_t j = 0; j < dim_; ++j) {
    const auto it = std::lower_bound(x.index.begin(), x.index.end(), vector_buckets[j]);
    v[j] = it != x.index.end() && *it == vector_buckets[j] ? x.value[it - x.index.begin()] : 0.0f;
    n2 += static_cast<double>(v[j]) * v[j];
  }
  if (n2 <= 0) return;
  const float inv = static_cast<float>(1.0 / std::sqrt(n2));
  for (uint32_t j = 0; j < dim_; ++j) v[j] *= inv;
}

void VectorKernel::lift(const float* v, float* z) const {
  const float scale = std::sqrt(2.0f / static_cast<float>(features()));
  for (uint32_t k = 0; k < features(); ++k) {
    const float* o = &omega_[static_cast<size_t>(k) * dim_];
    float dot = beta_[k];
    for (uint32_t j = 0; j < dim_; ++j) dot += o[j] * v[j];
    z[k] = scale * std::cos(dot);
  }
}

float VectorKernel::margin(const SparseVector& x,
                           const std::vector<uint32_t>& vector_buckets) const {
  std::vector<float> v(dim_), z(features());
  input(x, vector_buckets, v.data());
  lift(v.data(), z.data());
  double s = bias_;
  for (uint32_t k = 0; k < features(); ++k) s += static_cast<double>(w_[k]) * z[k];
  return static_cast<float>(s);
}

void VectorKernel::serialize(std::string* out) const {
  binary_io::put_u32(out, dim_);
  binary_io::put_u32(out, features());
  binary_io::put_f32(out, gamma_);
  binary_io::put_u64(out, seed_);
  binary_io::put_f32(out, bias_);
  for (float w : w_) binary_io::put_f32(out, w);
}

Result<VectorKernel> VectorKernel::parse(binary_io::Reader& r) {
  size_t at = r.offset();
  CHORUS_ASSIGN_OR_RETURN(uint32_t dim, r.u32("kernel dim"));
  if (dim < 1 || dim > kMaxKernelDim)
    return binary_io::out_of_range("kernel dim", at, dim, "1..1024");
  at = r.offset();
  CHORUS_ASSIGN_OR_RETURN(uint32_t features, r.u32("kernel features"));
  if (features < 1 || features > kMaxKernelFeatures) {
    return binary_io::out_of_range("kernel features", at, features, "1..4096");
  }
  at = r.offset();
  CHORUS_ASSIGN_OR_RETURN(float gamma, r.f32("kernel gamma"));
  if (!(gamma > 0 && gamma <= 100)) {
    return corruption("kernel gamma at offset " + std::to_string(at) + " is not in (0, 100]");
  }
  CHORUS_ASSIGN_OR_RETURN(uint64_t seed, r.u64("kernel seed"));
  CHORUS_RETURN_IF_ERROR(r.need(4 + 4 * static_cast<size_t>(features), "kernel weights"));
  VectorKernel k(dim, features, gamma, seed);
  CHORUS_ASSIGN_OR_RETURN(k.bias_, r.f32("kernel bias"));
  for (float& w : k.w_) {
    CHORUS_ASSIGN_OR_RETURN(w, r.f32("kernel weight"));
  }
  return k;
}

}  // namespace chorus::trust
