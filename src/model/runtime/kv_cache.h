// KvCache: the keys and values of one sequence, for every layer and position.
//
// Layout: per layer, K and V are [capacity x kv_dim] row-major, row p holding position p (keys
// after RoPE). F16 storage (the default, as llama.cpp's) halves memory and read traffic; F32
// keeps full precision. Positions >= size() hold stale data that the next evaluation overwrites.
// Not thread-safe for writes; the forward pass writes disjoint rows from several threads.
#pragma once

#include <cstdint>
#include <vector>

#include "model/runtime/model_config.h"

namespace chorus::model {

enum class KvType { kF32, kF16 };

class KvCache {
 public:
  KvCache(const ModelConfig& config, int64_t capacity, KvType type);

  KvType type() const { return type_; }
  int64_t capacity() const { return capacity_; }
  int64_t kv_dim() const { return kv_dim_; }
  size_t bytes() const { return f32_.size() * 4 + f16_.size() * 2; }

  // Row `pos` of layer `layer`'s keys (which = 0) or values (which = 1), in the storage type.
  float* row_f32(int64_t layer, int which, int64_t pos) {
    return f32_.data() + offset(layer, which, pos);
  }
  uint16_t* row_f16(int64_t layer, int which, int64_t pos) {
    return f16_.data() + offset(layer, which, pos);
  }
  // Stores kv_dim floats at (layer, which, pos), converting to the storage type.
  void store(int64_t layer, int which, int64_t pos, const float* src);
  // Loads kv_dim floats from (layer, which, pos).
  void load(int64_t layer, int which, int64_t pos, float* dst) const;

 private:
  size_t offset(int64_t layer, int which, int64_t pos) const {
    return static_cast<size_t>(((layer * 2 + which) * capacity_ + pos) * kv_dim_);
  }
  KvType type_;
  int64_t capacity_;
  int64_t kv_dim_;
  std::vector<float> f32_;     // used when type_ == kF32
  std::vector<uint16_t> f16_;  // used when type_ == kF16
};

}  // namespace chorus::model
