#include "trust/moderation/features.h"

#include <algorithm>
#include <cmath>

#include "base/hash.h"
#include "base/utf8.h"
#include "trust/moderation/shape_features.h"
#include "trust/moderation/tweet_text.h"

namespace chorus::trust {
namespace {

constexpr uint64_t kWordSalt = 0x1f3a;
constexpr uint64_t kCharSalt = 0x2b7c;
constexpr uint64_t kClusterSalt = 0x3c8d;
constexpr uint64_t kShapeSalt = 0x4d9e;
constexpr uint64_t kVectorSalt = 0x5eaf;
constexpr uint64_t kVectorMaxSalt = 0x6fb0;

// Byte length of the UTF-8 sequence led by `c` (1 for stray continuation bytes).
size_t seq_len(unsigned char c) {
  if (c < 0xc0) return 1;
  if (c < 0xe0) return 2;
  if (c < 0xf0) return 3;
  return 4;
}

constexpr double kHalfSqrt2 = 0.70710678118654752;

// The sorted bucket ids as a sparse vector of counts (1 + ln count when sublinear).
SparseVector counted(std::vector<uint32_t> raw, bool sublinear) {
  std::sort(raw.begin(), raw.end());
  SparseVector v;
  for (size_t i = 0; i < raw.size();) {
    size_t j = i;
    while (j < raw.size() && raw[j] == raw[i]) ++j;
    const double tf = static_cast<double>(j - i);
    v.index.push_back(raw[i]);
    v.value.push_back(static_cast<float>(sublinear ? 1.0 + std::log(tf) : tf));
    i = j;
  }
  return v;
}

void scale_to_norm(SparseVector* v, double norm) {
  double norm2 = 0;
  for (float x : v->value) norm2 += static_cast<double>(x) * x;
  if (norm2 <= 0) return;
  const float f = static_cast<float>(norm / std::sqrt(norm2));
  for (float& x : v->value) x *= f;
}

}  // namespace

SparseVector sparse_sum(const SparseVector& a, const SparseVector& b) {
  SparseVector v;
  v.index.reserve(a.size() + b.size());
  v.value.reserve(a.size() + b.size());
  size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    if (j == b.size() || (i < a.size() && a.index[i] < b.index[j])) {
      v.index.push_back(a.index[i]);
      v.value.push_back(a.value[i++]);
    } else if (i == a.size() || b.index[j] < a.index[i]) {
      v.index.push_back(b.index[j]);
      v.value.push_back(b.value[j++]);
    } else {
      v.index.push_back(a.index[i]);
      v.value.push_back(a.value[i++] + b.value[j++]);
    }
  }
  return v;
}

SparseVector sparse_from_cells(std::vector<std::pair<uint32_t, float>> cells) {
  std::sort(cells.begin(), cells.end());
  SparseVector v;
  for (const auto& [b, x] : cells) {
    if (!v.index.empty() && v.index.back() == b) {
      v.value.back() += x;
    } else {
      v.index.push_back(b);
      v.value.push_back(x);
    }
  }
  return v;
}

FeatureHasher::FeatureHasher(FeatureConfig config)
    : config_(config), analyzer_(text::AnalyzerOptions{.stem = false, .drop_stopwords = false}) {}

void FeatureHasher::add_char_ngrams(std::string_view term, std::vector<uint32_t>* raw) const {
  std::string padded;
  padded.reserve(term.size() + 2);
  padded += '<';
  padded += term;
  padded += '>';
  add_code_point_ngrams(padded, raw);
}

void FeatureHasher::add_code_point_ngrams(std::string_view s, std::vector<uint32_t>* raw) const {
  std::vector<size_t> starts;  // byte offset of each code point, plus the end
  for (size_t i = 0; i < s.size(); i += seq_len(static_cast<unsigned char>(s[i]))) {
    starts.push_back(i);
  }
  starts.push_back(s.size());
  const size_t chars = starts.size() - 1;
  const uint32_t mask = config_.buckets() - 1;
  const uint64_t seed = config_.hash_seed ^ kCharSalt;
  for (size_t n = config_.char_ngram_min; n <= config_.char_ngram_max && n <= chars; ++n) {
    for (size_t b = 0; b + n <= chars; ++b) {
      std::string_view gram(s.data() + starts[b], std::min(starts[b + n], s.size()) - starts[b]);
      raw->push_back(static_cast<uint32_t>(hash64(gram, seed)) & mask);
    }
  }
}

void FeatureHasher::add_word_features(const std::vector<text::Token>& tokens,
                                      std::vector<uint32_t>* words,
                                      std::vector<uint32_t>* chars) const {
  const uint32_t mask = config_.buckets() - 1;
  const uint64_t word_seed = config_.hash_seed ^ kWordSalt;
  std::vector<uint64_t> term_hash(tokens.size());
  const bool within_words = config_.char_ngram_max > 0 && !config_.char_across_words;
  for (size_t i = 0; i < tokens.size(); ++i) {
    const text::Token& t = tokens[i];
    term_hash[i] = hash64(t.term, word_seed);
    uint64_t h = term_hash[i];
    words->push_back(static_cast<uint32_t>(h) & mask);
    for (size_t n = 2; n <= config_.word_ngram_max && n <= i + 1; ++n) {
      h = mix64(h ^ (term_hash[i + 1 - n] * 0x9e3779b97f4a7c15ull) ^ n);
      words->push_back(static_cast<uint32_t>(h) & mask);
    }
    if (within_words && (t.kind == text::TokenKind::kWord || t.kind == text::TokenKind::kHashtag)) {
      add_char_ngrams(t.term, chars);
    }
  }
}

void FeatureHasher::add_cluster_features(const std::vector<text::Token>& tokens,
                                         std::vector<uint32_t>* out) const {
  const uint32_t mask = config_.buckets() - 1;
  const uint64_t seed = config_.hash_seed ^ kClusterSalt;
  const WordClusters::Ids* prev = nullptr;
  for (const text::Token& t : tokens) {
    const WordClusters::Ids* ids = clusters_->find(cluster_term_hash(t.term));
    if (ids) {
      for (uint32_t l = 0; l < clusters_->levels(); ++l) {
        const uint64_t unigram = mix64(seed ^ (uint64_t{l} << 32) ^ (*ids)[l]);
        out->push_back(static_cast<uint32_t>(unigram) & mask);
        if (config_.cluster_bigrams && prev) {
          out->push_back(static_cast<uint32_t>(mix64(unigram ^ (*prev)[l] ^ (1ull << 40))) & mask);
        }
      }
    }
    prev = ids;
  }
}

SparseVector sum_blocks(const FeatureBlocks& b) {
  SparseVector v = b[kCharBlock].size() ? sparse_sum(b[kWordBlock], b[kCharBlock]) : b[kWordBlock];
  return b[kDenseBlock].size() ? sparse_sum(v, b[kDenseBlock]) : v;
}

SparseVector FeatureHasher::extract(std::string_view text) const {
  return sum_blocks(extract_blocks(text));
}

FeatureBlocks FeatureHasher::extract_blocks(std::string_view text) const {
  if (text.size() > kMaxFeatureTextBytes) {
    text = text.substr(0, utf8::complete_prefix(text.substr(0, kMaxFeatureTextBytes)));
  }
  const std::string_view raw = text;
  std::string normalized;
  if (config_.tweet_normalize) {
    normalized = normalize_tweet(text);
    text = normalized;
  }
  std::vector<text::Token> tokens;
  analyzer_.analyze(text, "", &tokens);
  std::vector<uint32_t> words, chars;
  add_word_features(tokens, &words, &chars);
  if (config_.char_ngram_max > 0 && config_.char_across_words) {
    add_code_point_ngrams(char_ngram_text(text), &chars);
  }
  FeatureBlocks b;
  if (config_.block_normalize) {
    b[kWordBlock] = counted(std::move(words), config_.sublinear_tf);
    b[kCharBlock] = counted(std::move(chars), config_.sublinear_tf);
    if (config_.l2_normalize) {
      scale_to_norm(&b[kWordBlock], kHalfSqrt2);
      scale_to_norm(&b[kCharBlock], kHalfSqrt2);
    }
  } else {
    words.insert(words.end(), chars.begin(), chars.end());
    b[kWordBlock] = counted(std::move(words), config_.sublinear_tf);
    if (config_.l2_normalize && idf_.empty()) scale_to_norm(&b[kWordBlock], 1.0);
  }
  if (!idf_.empty()) {
    b[kWordBlock] = sparse_sum(b[kWordBlock], b[kCharBlock]);
    b[kCharBlock] = SparseVector();
    apply_idf(&b[kWordBlock]);
  }
  b[kDenseBlock] = extra_blocks(raw, tokens);
  return b;
}

void FeatureHasher::set_clusters(std::shared_ptr<const WordClusters> c) {
  clusters_ = std::move(c);
  vector_buckets_.clear();
  vector_block_ = SparseVector();
  vector_slot_.clear();
  if (!(config_.vector_weight > 0) || !clusters_) return;
  const uint32_t mask = config_.buckets() - 1;
  for (uint32_t j = 0; j < clusters_->dim(); ++j) {
    vector_buckets_.push_back(static_cast<uint32_t>(mix64(config_.hash_seed ^ kVectorSalt ^ j)) &
                              mask);
  }
  for (uint32_t j = 0; config_.vector_max_pool && j < clusters_->dim(); ++j) {
    vector_buckets_.push_back(static_cast<uint32_t>(mix64(config_.hash_seed ^ kVectorMaxSalt ^ j)) &
                              mask);
  }
  vector_block_.index = vector_buckets_;
  std::sort(vector_block_.index.begin(), vector_block_.index.end());
  vector_block_.index.erase(std::unique(vector_block_.index.begin(), vector_block_.index.end()),
                            vector_block_.index.end());
  vector_block_.value.assign(vector_block_.index.size(), 0.0f);
  for (uint32_t b : vector_buckets_) {
    vector_slot_.push_back(static_cast<uint32_t>(
        std::lower_bound(vector_block_.index.begin(), vector_block_.index.end(), b) -
        vector_block_.index.begin()));
  }
}

void FeatureHasher::add_vector_block(const std::vector<text::Token>& tokens,
                                     SparseVector* v) const {
  const uint32_t dim = clusters_->dim();
  const bool max_pool = config_.vector_max_pool;
  std::vector<double> sum(dim, 0.0);
  std::vector<float> mx(max_pool ? dim : 0, -1e30f);
  size_t found = 0;
  for (const text::Token& t : tokens) {
    const int64_t i = clusters_->find_index(cluster_term_hash(t.term));
    if (i < 0) continue;
    const float* x = clusters_->vector(static_cast<size_t>(i));
    for (uint32_t j = 0; j < dim; ++j) sum[j] += x[j];
    for (uint32_t j = 0; j < mx.size(); ++j) mx[j] = std::max(mx[j], x[j]);
    ++found;
  }
  if (found == 0) return;
  SparseVector d = vector_block_;  // sorted buckets, zero values
  if (max_pool) {
    // The mean at unit norm beside the maximum, so that neither half's scale depends on length.
    double n2 = 0;
    for (double s : sum) n2 += s * s;
    const double inv = n2 > 0 ? 1.0 / std::sqrt(n2) : 0.0;
    for (double& s : sum) s *= inv;
  }
  for (uint32_t j = 0; j < dim; ++j) d.value[vector_slot_[j]] += static_cast<float>(sum[j]);
  for (uint32_t j = 0; j < mx.size(); ++j) d.value[vector_slot_[dim + j]] += mx[j];
  scale_to_norm(&d, config_.vector_weight);
  *v = sparse_sum(*v, d);
}

SparseVector FeatureHasher::extra_blocks(std::string_view raw,
                                         const std::vector<text::Token>& tokens) const {
  const uint32_t mask = config_.buckets() - 1;
  SparseVector v;
  if (config_.cluster_weight > 0 && clusters_) {
    std::vector<uint32_t> ids;
    add_cluster_features(tokens, &ids);
    v = counted(std::move(ids), config_.sublinear_tf);
    scale_to_norm(&v, config_.cluster_weight);
  }
  if (config_.vector_weight > 0 && clusters_ && clusters_->dim() > 0) {
    add_vector_block(tokens, &v);
  }
  if (config_.shape_weight > 0) {
    std::vector<uint32_t> ids;
    add_shape_features(raw, tokens, config_.hash_seed ^ kShapeSalt, mask, &ids);
    SparseVector s = counted(std::move(ids), config_.sublinear_tf);
    scale_to_norm(&s, config_.shape_weight);
    v = sparse_sum(v, s);
  }
  return v;
}

void FeatureHasher::fit_idf(const std::vector<SparseVector>& docs) {
  std::vector<uint32_t> df(config_.buckets(), 0);
  for (const SparseVector& d : docs) {
    for (uint32_t i : d.index) ++df[i];
  }
  const double n = static_cast<double>(docs.size());
  idf_.assign(config_.buckets(), 0.0f);
  for (size_t b = 0; b < df.size(); ++b) {
    idf_[b] = static_cast<float>(std::log((1.0 + n) / (1.0 + df[b])) + 1.0);
  }
}

void FeatureHasher::apply_idf(SparseVector* v) const {
  double norm2 = 0;
  for (size_t i = 0; i < v->size(); ++i) {
    v->value[i] *= idf_[v->index[i]];
    norm2 += static_cast<double>(v->value[i]) * v->value[i];
  }
  if (config_.l2_normalize && norm2 > 0) {
    const float inv = static_cast<float>(1.0 / std::sqrt(norm2));
    for (float& x : v->value) x *= inv;
  }
}

}  // namespace chorus::trust
