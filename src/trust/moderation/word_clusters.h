// WordClusters: a table from analyzer terms to cluster ids at one to four granularities, learned
// offline from unlabeled text (learn_word_clusters) and carried inside the moderation model file
// (linear_model.h, version 4), where it feeds the feature hasher's cluster block (features.h): a
// rare offensive word shares a cluster, and so a feature, with common ones.
//
// Learning: word vectors by PPMI + truncated SVD (word_vectors.h), then per level a spherical
// k-means (cosine similarity, k-means++ seeding from the seed, at most `kmeans_iterations` rounds
// of assignment and re-centering; an emptied cluster keeps its centre) with `sizes[level]`
// clusters. Deterministic for a seed (single-threaded).
//
// A term is keyed by cluster_term_hash(term) (XXH3 with a fixed seed), so the table stores no
// strings. File section: u32 levels (1..4), levels x u32 size (2..65536), u32 dim (0..1024),
// u32 terms (at most 2^22; terms x dim at most 2^25), then terms x { u64 term hash (strictly
// increasing), levels x u32 id (< that level's size), f32[dim] vector (finite) }. parse()
// refuses a section whose field is out of range, naming the field and offset.
// Thread-safety: immutable once built; find() is const.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "trust/moderation/binary_io.h"
#include "trust/moderation/word_vectors.h"

namespace chorus::trust {

inline constexpr uint32_t kMaxClusterLevels = 4;
inline constexpr uint32_t kMaxClusterSize = 65536;
inline constexpr uint32_t kMaxClusterTerms = uint32_t{1} << 22;

uint64_t cluster_term_hash(std::string_view term);

struct WordClusterOptions {
  WordVectorOptions vectors;
  std::vector<uint32_t> sizes = {64, 256, 1024};  // clusters per level, 2..65536 each
  uint32_t kmeans_iterations = 15;
  bool keep_vectors = false;  // also carry each term's vector (for the vector block)
  // > 0: a carried vector is scaled by sif / (sif + p(term)), p its frequency in the texts
  // (smooth inverse frequency, Arora et al. 2017), so frequent terms weigh less in a mean.
  float sif = 0;
};

class WordClusters {
 public:
  using Ids = std::array<uint32_t, kMaxClusterLevels>;

  // An empty table with the given level sizes (1..4 levels, each 2..65536) and vectors of `dim`
  // floats per term (0: none).
  explicit WordClusters(std::vector<uint32_t> sizes, uint32_t dim = 0);

  const std::vector<uint32_t>& sizes() const { return sizes_; }
  uint32_t levels() const { return static_cast<uint32_t>(sizes_.size()); }
  uint32_t dim() const { return dim_; }
  size_t size() const { return hashes_.size(); }

  // Adds a term by its hash; hashes must arrive strictly increasing and ids[l] < sizes()[l];
  // `vector` has dim() floats (ignored when dim() is 0).
  void add(uint64_t hash, const Ids& ids, const float* vector = nullptr);
  // The term's entry index, or -1 when it is not in the table.
  int64_t find_index(uint64_t hash) const;
  // The term's ids (levels() of them are meaningful), or nullptr when it is not in the table.
  const Ids* find(uint64_t hash) const {
    const int64_t i = find_index(hash);
    return i < 0 ? nullptr : &ids_[static_cast<size_t>(i)];
  }
  const Ids& ids(size_t index) const { return ids_[index]; }
  // The vector of entry `index` (dim() floats).
  const float* vector(size_t index) const { return &vectors_[index * dim_]; }

  void serialize(std::string* out) const;
  static Result<WordClusters> parse(binary_io::Reader& r);

  bool operator==(const WordClusters& o) const {
    return sizes_ == o.sizes_ && dim_ == o.dim_ && hashes_ == o.hashes_ && ids_ == o.ids_ &&
           vectors_ == o.vectors_;
  }

 private:
  void rebuild_slots();

  std::vector<uint32_t> sizes_;
  uint32_t dim_ = 0;
  std::vector<uint64_t> hashes_;  // strictly increasing
  std::vector<Ids> ids_;          // [terms]
  std::vector<float> vectors_;    // [terms][dim]
  std::vector<uint32_t> slots_;   // open addressing: index + 1 into hashes_, 0 empty
  uint64_t slot_mask_ = 0;
};

// Learns clusters of the vocabulary of `texts` (see above). A level never has more clusters than
// the vocabulary has terms (sizes are cut down to it, at least 2); fewer than two vocabulary
// terms give an empty table. Fails on bad options.
Result<WordClusters> learn_word_clusters(const std::vector<std::string>& texts,
                                         const WordClusterOptions& o);

}  // namespace chorus::trust
