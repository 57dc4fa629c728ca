#include "trust/moderation/features.h"

#include <algorithm>
#include <cmath>

#include "base/hash.h"
#include "base/utf8.h"

namespace chorus::trust {
namespace {

constexpr uint64_t kWordSalt = 0x1f3a;
constexpr uint64_t kCharSalt = 0x2b7c;

// Byte length of the UTF-8 sequence led by `c` (1 for stray continuation bytes).
size_t seq_len(unsigned char c) {
  if (c < 0xc0) return 1;
  if (c < 0xe0) return 2;
  if (c < 0xf0) return 3;
  return 4;
}

}  // namespace

FeatureHasher::FeatureHasher(FeatureConfig config)
    : config_(config), analyzer_(text::AnalyzerOptions{.stem = false, .drop_stopwords = false}) {}

void FeatureHasher::add_char_ngrams(std::string_view term, std::vector<uint32_t>* raw) const {
  std::string padded;
  padded.reserve(term.size() + 2);
  padded += '<';
  padded += term;
  padded += '>';
  std::vector<size_t> starts;  // byte offset of each code point, plus the end
  for (size_t i = 0; i < padded.size(); i += seq_len(static_cast<unsigned char>(padded[i]))) {
    starts.push_back(i);
  }
  starts.push_back(padded.size());
  const size_t chars = starts.size() - 1;
  const uint32_t mask = config_.buckets() - 1;
  const uint64_t seed = config_.hash_seed ^ kCharSalt;
  for (size_t n = config_.char_ngram_min; n <= config_.char_ngram_max && n <= chars; ++n) {
    for (size_t b = 0; b + n <= chars; ++b) {
      std::string_view gram(padded.data() + starts[b], starts[b + n] - starts[b]);
      raw->push_back(static_cast<uint32_t>(hash64(gram, seed)) & mask);
    }
  }
}

SparseVector FeatureHasher::extract(std::string_view text) const {
  if (text.size() > kMaxFeatureTextBytes) {
    text = text.substr(0, utf8::complete_prefix(text.substr(0, kMaxFeatureTextBytes)));
  }
  std::vector<text::Token> tokens;
  analyzer_.analyze(text, "", &tokens);
  const uint32_t mask = config_.buckets() - 1;
  const uint64_t word_seed = config_.hash_seed ^ kWordSalt;
  std::vector<uint32_t> raw;
  std::vector<uint64_t> term_hash(tokens.size());
  for (size_t i = 0; i < tokens.size(); ++i) {
    const text::Token& t = tokens[i];
    term_hash[i] = hash64(t.term, word_seed);
    uint64_t h = term_hash[i];
    raw.push_back(static_cast<uint32_t>(h) & mask);
    for (size_t n = 2; n <= config_.word_ngram_max && n <= i + 1; ++n) {
      h = mix64(h ^ (term_hash[i + 1 - n] * 0x9e3779b97f4a7c15ull) ^ n);
      raw.push_back(static_cast<uint32_t>(h) & mask);
    }
    if (config_.char_ngram_max > 0 &&
        (t.kind == text::TokenKind::kWord || t.kind == text::TokenKind::kHashtag)) {
      add_char_ngrams(t.term, &raw);
    }
  }
  std::sort(raw.begin(), raw.end());
  SparseVector v;
  double norm2 = 0;
  for (size_t i = 0; i < raw.size();) {
    size_t j = i;
    while (j < raw.size() && raw[j] == raw[i]) ++j;
    const double tf = static_cast<double>(j - i);
    const double value = config_.sublinear_tf ? 1.0 + std::log(tf) : tf;
    v.index.push_back(raw[i]);
    v.value.push_back(static_cast<float>(value));
    norm2 += value * value;
    i = j;
  }
  if (!idf_.empty()) {
    apply_idf(&v);
  } else if (config_.l2_normalize && norm2 > 0) {
    const float inv = static_cast<float>(1.0 / std::sqrt(norm2));
    for (float& x : v.value) x *= inv;
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
