#include "model/runtime/kv_cache.h"

#include "model/quant/fp16.h"

namespace chorus::model {

KvCache::KvCache(const ModelConfig& c, int64_t capacity, KvType type)
    : type_(type), capacity_(capacity), kv_dim_(c.kv_dim()) {
  const size_t n = static_cast<size_t>(c.n_layers * 2 * capacity * kv_dim_);
  if (type == KvType::kF32) {
    f32_.assign(n, 0.0f);
  } else {
    f16_.assign(n, 0);
  }
}

void KvCache::store(int64_t layer, int which, int64_t pos, const float* src) {
  if (type_ == KvType::kF32) {
    float* dst = row_f32(layer, which, pos);
    for (int64_t i = 0; i < kv_dim_; ++i) dst[i] = src[i];
  } else {
    fp32_to_fp16_row(src, row_f16(layer, which, pos), kv_dim_);
  }
}

void KvCache::load(int64_t layer, int which, int64_t pos, float* dst) const {
  const size_t off = offset(layer, which, pos);
  if (type_ == KvType::kF32) {
    for (int64_t i = 0; i < kv_dim_; ++i) dst[i] = f32_[off + static_cast<size_t>(i)];
  } else {
    fp16_to_fp32_row(f16_.data() + off, dst, kv_dim_);
  }
}

}  // namespace chorus::model
