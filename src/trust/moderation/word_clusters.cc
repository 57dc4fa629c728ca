#include "trust/moderation/word_clusters.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "base/hash.h"
#include "base/random.h"

namespace chorus::trust {
namespace {

constexpr uint64_t kClusterTermSeed = 0x636c757374657273ull;

using binary_io::out_of_range;
using binary_io::put_u32;
using binary_io::put_u64;

float unit_dot(const float* a, const float* b, uint32_t n) {
  float s = 0;
  for (uint32_t i = 0; i < n; ++i) s += a[i] * b[i];
  return s;
}

// k-means++ seeding under the cosine distance 1 - a.b of unit rows: centres [k][dim].
std::vector<float> seed_centres(const WordVectors& v, uint32_t k, Rng& rng) {
  const size_t n = v.words.size();
  const uint32_t d = v.dim;
  std::vector<float> c(static_cast<size_t>(k) * d);
  std::vector<double> dist(n, 2.0);
  size_t pick = rng.below(n);
  for (uint32_t j = 0; j < k; ++j) {
    std::copy(v.row(pick), v.row(pick) + d, &c[static_cast<size_t>(j) * d]);
    double total = 0;
    for (size_t i = 0; i < n; ++i) {
      dist[i] = std::min(dist[i], std::max(0.0, 1.0 - unit_dot(v.row(i), v.row(pick), d)));
      total += dist[i];
    }
    double r = rng.uniform() * total;
    pick = n - 1;
    for (size_t i = 0; i < n; ++i) {
      r -= dist[i];
      if (r < 0) {
        pick = i;
        break;
      }
    }
  }
  return c;
}

// Spherical k-means; the cluster of every word.
std::vector<uint32_t> kmeans(const WordVectors& v, uint32_t k, uint32_t iterations, Rng& rng) {
  const size_t n = v.words.size();
  const uint32_t d = v.dim;
  std::vector<float> c = seed_centres(v, k, rng);
  std::vector<uint32_t> of(n, 0);
  for (uint32_t it = 0; it < iterations; ++it) {
    bool changed = it == 0;
    for (size_t i = 0; i < n; ++i) {
      uint32_t best = 0;
      float best_s = -2;
      for (uint32_t j = 0; j < k; ++j) {
        const float s = unit_dot(v.row(i), &c[static_cast<size_t>(j) * d], d);
        if (s > best_s) best_s = s, best = j;
      }
      changed |= best != of[i];
      of[i] = best;
    }
    if (!changed) break;
    std::vector<double> sum(static_cast<size_t>(k) * d, 0.0);
    for (size_t i = 0; i < n; ++i) {
      for (uint32_t t = 0; t < d; ++t) sum[static_cast<size_t>(of[i]) * d + t] += v.row(i)[t];
    }
    for (uint32_t j = 0; j < k; ++j) {
      const double* s = &sum[static_cast<size_t>(j) * d];
      const double norm = std::sqrt(std::inner_product(s, s + d, s, 0.0));
      if (norm <= 0) continue;  // emptied: keeps its centre
      for (uint32_t t = 0; t < d; ++t) c[static_cast<size_t>(j) * d + t] = float(s[t] / norm);
    }
  }
  return of;
}

Status check_sizes(const std::vector<uint32_t>& sizes) {
  if (sizes.empty() || sizes.size() > kMaxClusterLevels) {
    return invalid_argument("word clusters need 1..4 levels");
  }
  for (uint32_t s : sizes) {
    if (s < 2 || s > kMaxClusterSize) return invalid_argument("a cluster level needs 2..65536");
  }
  return Status::ok();
}

}  // namespace

uint64_t cluster_term_hash(std::string_view term) {
  return hash64(term, kClusterTermSeed);
}

WordClusters::WordClusters(std::vector<uint32_t> sizes, uint32_t dim)
    : sizes_(std::move(sizes)), dim_(dim) {}

void WordClusters::add(uint64_t hash, const Ids& ids, const float* vector) {
  hashes_.push_back(hash);
  ids_.push_back(ids);
  if (dim_ > 0) vectors_.insert(vectors_.end(), vector, vector + dim_);
  if (hashes_.size() * 2 > slots_.size()) {
    rebuild_slots();
    return;
  }
  for (uint64_t s = hash & slot_mask_;; s = (s + 1) & slot_mask_) {
    if (slots_[s] == 0) {
      slots_[s] = static_cast<uint32_t>(hashes_.size());
      return;
    }
  }
}

void WordClusters::rebuild_slots() {
  size_t cap = 16;
  while (cap < hashes_.size() * 4) cap *= 2;
  slots_.assign(cap, 0);
  slot_mask_ = cap - 1;
  for (size_t i = 0; i < hashes_.size(); ++i) {
    uint64_t s = hashes_[i] & slot_mask_;
    while (slots_[s] != 0) s = (s + 1) & slot_mask_;
    slots_[s] = static_cast<uint32_t>(i + 1);
  }
}

int64_t WordClusters::find_index(uint64_t hash) const {
  if (slots_.empty()) return -1;
  for (uint64_t s = hash & slot_mask_;; s = (s + 1) & slot_mask_) {
    const uint32_t e = slots_[s];
    if (e == 0) return -1;
    if (hashes_[e - 1] == hash) return e - 1;
  }
}

void WordClusters::serialize(std::string* out) const {
  put_u32(out, levels());
  for (uint32_t s : sizes_) put_u32(out, s);
  put_u32(out, dim_);
  put_u32(out, static_cast<uint32_t>(hashes_.size()));
  for (size_t i = 0; i < hashes_.size(); ++i) {
    put_u64(out, hashes_[i]);
    for (uint32_t l = 0; l < levels(); ++l) put_u32(out, ids_[i][l]);
    for (uint32_t j = 0; j < dim_; ++j) binary_io::put_f32(out, vectors_[i * dim_ + j]);
  }
}

Result<WordClusters> WordClusters::parse(binary_io::Reader& r) {
  size_t at = r.offset();
  CHORUS_ASSIGN_OR_RETURN(uint32_t levels, r.u32("cluster levels"));
  if (levels < 1 || levels > kMaxClusterLevels) {
    return out_of_range("cluster levels", at, levels, "1..4");
  }
  std::vector<uint32_t> sizes(levels);
  for (uint32_t& s : sizes) {
    at = r.offset();
    CHORUS_ASSIGN_OR_RETURN(s, r.u32("cluster size"));
    if (s < 2 || s > kMaxClusterSize) return out_of_range("cluster size", at, s, "2..65536");
  }
  at = r.offset();
  CHORUS_ASSIGN_OR_RETURN(uint32_t dim, r.u32("cluster vector dim"));
  if (dim > 1024) return out_of_range("cluster vector dim", at, dim, "0..1024");
  at = r.offset();
  CHORUS_ASSIGN_OR_RETURN(uint32_t n, r.u32("cluster terms"));
  if (n > kMaxClusterTerms || uint64_t{n} * dim > (uint64_t{1} << 25)) {
    return out_of_range("cluster terms", at, n, "at most 2^22 and terms x dim at most 2^25");
  }
  CHORUS_RETURN_IF_ERROR(
      r.need(static_cast<size_t>(n) * (8 + 4 * levels + 4 * size_t{dim}), "cluster entries"));
  WordClusters c(std::move(sizes), dim);
  c.vectors_.reserve(size_t{n} * dim);
  c.hashes_.reserve(n);
  c.ids_.reserve(n);
  for (uint32_t i = 0; i < n; ++i) {
    at = r.offset();
    CHORUS_ASSIGN_OR_RETURN(uint64_t h, r.u64("cluster term hash"));
    if (i > 0 && h <= c.hashes_.back()) {
      return corruption("cluster term hash at offset " + std::to_string(at) +
                        " is not above the previous one");
    }
    Ids ids{};
    for (uint32_t l = 0; l < levels; ++l) {
      at = r.offset();
      CHORUS_ASSIGN_OR_RETURN(ids[l], r.u32("cluster id"));
      if (ids[l] >= c.sizes_[l]) return out_of_range("cluster id", at, ids[l], "below its size");
    }
    c.hashes_.push_back(h);
    c.ids_.push_back(ids);
    for (uint32_t j = 0; j < dim; ++j) {
      CHORUS_ASSIGN_OR_RETURN(float x, r.f32("cluster vector"));
      c.vectors_.push_back(x);
    }
  }
  c.rebuild_slots();
  return c;
}

Result<WordClusters> learn_word_clusters(const std::vector<std::string>& texts,
                                         const WordClusterOptions& o) {
  CHORUS_RETURN_IF_ERROR(check_sizes(o.sizes));
  if (o.vectors.dim < 1 || o.vectors.dim > 1024 || o.vectors.window < 1 ||
      o.vectors.max_vocab < 2 || o.vectors.max_vocab > kMaxClusterTerms ||
      o.kmeans_iterations < 1 || !(o.sif >= 0)) {
    return invalid_argument(
        "word vectors: dim 1..1024, window >= 1, max_vocab 2..2^22, k-means iterations >= 1, "
        "sif >= 0");
  }
  const WordVectors v = learn_word_vectors(texts, o.vectors);
  std::vector<uint32_t> sizes = o.sizes;  // at most one cluster per vocabulary term
  for (uint32_t& k : sizes) k = std::max<uint32_t>(2, std::min<size_t>(k, v.words.size()));
  std::vector<std::vector<uint32_t>> level_of;
  Rng rng(o.vectors.seed ^ kClusterTermSeed);
  if (v.words.size() >= 2) {
    for (uint32_t k : sizes) level_of.push_back(kmeans(v, k, o.kmeans_iterations, rng));
  }
  std::vector<std::pair<uint64_t, uint32_t>> keyed;  // (hash, word)
  for (size_t i = 0; i < v.words.size(); ++i) {
    keyed.emplace_back(cluster_term_hash(v.words[i]), static_cast<uint32_t>(i));
  }
  std::sort(keyed.begin(), keyed.end());
  WordClusters c(sizes, o.keep_vectors ? v.dim : 0);
  if (level_of.empty()) return c;  // fewer than two terms: an empty table
  std::vector<float> row(v.dim);
  for (size_t i = 0; i < keyed.size(); ++i) {
    if (i > 0 && keyed[i].first == keyed[i - 1].first) continue;  // a 64-bit collision
    const uint32_t w = keyed[i].second;
    WordClusters::Ids ids{};
    for (size_t l = 0; l < o.sizes.size(); ++l) ids[l] = level_of[l][w];
    const double p = static_cast<double>(v.counts[w]) / static_cast<double>(v.tokens);
    const float scale = o.sif > 0 ? static_cast<float>(o.sif / (o.sif + p)) : 1.0f;
    for (uint32_t j = 0; j < v.dim; ++j) row[j] = v.row(w)[j] * scale;
    c.add(keyed[i].first, ids, row.data());
  }
  return c;
}

}  // namespace chorus::trust
