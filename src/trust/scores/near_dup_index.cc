#include "trust/scores/near_dup_index.h"

#include <algorithm>

#include "base/hash.h"

namespace chorus::trust {

namespace {

NearDupOptions sanitized(NearDupOptions o) {
  o.bands = std::clamp(o.bands, 1, kMaxMinHashes);
  o.rows = std::clamp(o.rows, 1, kMaxMinHashes / o.bands);
  o.window_ms = std::max<int64_t>(o.window_ms, 1000);
  o.first_cluster = std::max<uint64_t>(o.first_cluster, 1);
  return o;
}

}  // namespace

NearDupIndex::NearDupIndex(NearDupOptions options)
    : options_(sanitized(options)),
      hasher_(options_.bands * options_.rows, options_.seed),
      k_(static_cast<size_t>(hasher_.k())),
      next_cluster_(options_.first_cluster) {}

uint32_t NearDupIndex::store_rep(const Signature& sig) {
  uint32_t index;
  if (!free_reps_.empty()) {
    index = free_reps_.back();
    free_reps_.pop_back();
  } else {
    index = static_cast<uint32_t>(reps_.size() / k_);
    reps_.resize(reps_.size() + k_);
  }
  std::copy_n(sig.data(), k_, reps_.data() + size_t{index} * k_);
  return index;
}

uint64_t NearDupIndex::band_key(const Signature& sig, int band) const {
  const uint32_t* v = sig.data() + band * options_.rows;
  return hash64(v, sizeof(uint32_t) * options_.rows, static_cast<uint64_t>(band) + 1);
}

uint64_t NearDupIndex::best_candidate(const NearDupSketch& sk, double* similarity) const {
  const uint64_t* keys = sk.band_keys.data();
  for (int b = 0; b < options_.bands; ++b) buckets_.prefetch(keys[b]);
  uint64_t best = 0, seen[kMaxMinHashes];
  int nseen = 0;
  double best_sim = -1;
  for (int b = 0; b < options_.bands; ++b) {
    const auto* it = buckets_.find(keys[b]);
    if (it == nullptr) continue;
    uint64_t c = widen(it->value);
    if (std::find(seen, seen + nseen, c) != seen + nseen) continue;
    seen[nseen++] = c;
    const auto* ref = clusters_.find(c);
    if (ref == nullptr) continue;
    const double s = hasher_.similarity(sk.signature.data(), rep(ref->value.rep));
    if (s > best_sim) best_sim = s, best = c;
  }
  *similarity = best_sim;
  return best_sim >= options_.min_similarity ? best : 0;
}

size_t NearDupIndex::prefetch(const NearDupSketch& sk, int stage, uint64_t* candidates) const {
  size_t n = 0;
  for (int b = 0; b < options_.bands; ++b) {
    if (stage == 0) {
      buckets_.prefetch(sk.band_keys[b]);
      continue;
    }
    const auto* bucket = buckets_.find(sk.band_keys[b]);
    if (bucket == nullptr) continue;
    const uint64_t c = widen(bucket->value);
    if (std::find(candidates, candidates + n, c) != candidates + n) continue;
    candidates[n++] = c;
    if (stage == 1) clusters_.prefetch(c);
  }
  if (stage >= 2) prefetch_reps({candidates, n});
  return n;
}

void NearDupIndex::prefetch_reps(std::span<const uint64_t> clusters) const {
  for (const uint64_t c : clusters) {
    if (const auto* ref = clusters_.find(c)) {
      const uint32_t* r = rep(ref->value.rep);
      for (size_t i = 0; i < k_; i += 16) __builtin_prefetch(r + i);
    }
  }
}

bool NearDupIndex::sketch(std::span<const uint64_t> shingles, NearDupSketch* out) const {
  if (shingles.empty()) return false;
  hasher_.sign(shingles, &out->signature);
  for (int b = 0; b < options_.bands; ++b) out->band_keys[b] = band_key(out->signature, b);
  return true;
}

NearDupMatch NearDupIndex::add(uint64_t post_key, std::span<const uint64_t> shingles,
                               int64_t time_ms) {
  NearDupSketch sk;
  return add_sketch(post_key, sketch(shingles, &sk) ? &sk : nullptr, time_ms);
}

NearDupMatch NearDupIndex::add_sketch(uint64_t post_key, const NearDupSketch* sketch,
                                      int64_t time_ms) {
  maybe_sweep(time_ms);
  NearDupMatch m;
  if (sketch == nullptr) return m;
  const Signature& sig = sketch->signature;
  const uint64_t* keys = sketch->band_keys.data();
  double sim = 0;
  m.cluster = best_candidate(*sketch, &sim);
  if (m.cluster == 0) {
    m.cluster = next_cluster_++;
    m.new_cluster = true;
    clusters_.put(m.cluster, {time_ms, store_rep(sig)}, time_ms);
  } else {
    m.similarity = sim;
    ClusterRef& ref = clusters_.upsert(m.cluster, time_ms);  // present: best_candidate found it
    ref.last_ms = std::max(ref.last_ms, time_ms);
  }
  const auto low = static_cast<uint32_t>(m.cluster);
  for (int b = 0; b < options_.bands; ++b) buckets_.put(keys[b], low, time_ms);
  posts_.put(post_key, low, time_ms);
  return m;
}

uint64_t NearDupIndex::widen(uint32_t low) const {
  constexpr uint64_t kSpan = uint64_t{1} << 32;
  const uint64_t id = (next_cluster_ & ~(kSpan - 1)) | low;
  return id >= next_cluster_ ? id - kSpan : id;
}

uint64_t NearDupIndex::cluster_of(uint64_t post_key) const {
  const auto* link = posts_.find(post_key);
  return link == nullptr ? 0 : widen(link->value);
}

void NearDupIndex::maybe_sweep(int64_t time_ms) {
  now_ms_ = std::max(now_ms_, time_ms);
  if (next_sweep_ms_ == 0) next_sweep_ms_ = now_ms_ + options_.window_ms / 8;
  if (now_ms_ < next_sweep_ms_) return;
  const int64_t horizon = now_ms_ - options_.window_ms;
  buckets_.sweep(horizon);
  if (!clusters_.none_before(horizon)) {
    clusters_.erase_if([&](const auto& e) {
      if (e.value.last_ms >= horizon) return false;
      free_reps_.push_back(e.value.rep);
      return true;
    });
  }
  posts_.sweep(horizon);
  next_sweep_ms_ = now_ms_ + options_.window_ms / 8;
}

}  // namespace chorus::trust
