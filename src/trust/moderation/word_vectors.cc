#include "trust/moderation/word_vectors.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <unordered_map>

#include "base/random.h"
#include "text/analyzer.h"
#include "trust/moderation/features.h"
#include "trust/moderation/tweet_text.h"

namespace chorus::trust {
namespace {

// A sparse square matrix in compressed rows; columns increasing within a row.
struct Csr {
  size_t n = 0;
  std::vector<size_t> start;  // [n + 1]
  std::vector<uint32_t> col;
  std::vector<double> val;
};

// Dense n x l matrix, column-major: column k is data[k * n .. k * n + n).
struct Dense {
  size_t n = 0, l = 0;
  std::vector<double> data;
  double* col(size_t k) { return &data[k * n]; }
  const double* col(size_t k) const { return &data[k * n]; }
};

// The vocabulary: terms seen >= min_count times, the max_vocab most frequent, into out->words
// and out->counts.
void vocabulary(const std::vector<std::vector<std::string>>& docs, const WordVectorOptions& o,
                WordVectors* out) {
  std::unordered_map<std::string, uint32_t> count;
  for (const auto& d : docs) {
    for (const std::string& t : d) ++count[t];
    out->tokens += d.size();
  }
  std::vector<std::pair<uint32_t, std::string>> kept;
  for (auto& [term, c] : count) {
    if (c >= o.min_count) kept.emplace_back(c, term);
  }
  std::sort(kept.begin(), kept.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  if (kept.size() > o.max_vocab) kept.resize(o.max_vocab);
  for (auto& [c, term] : kept) {
    out->words.push_back(std::move(term));
    out->counts.push_back(c);
  }
}

// Symmetric co-occurrence counts (weight 1 / distance) as PPMI in compressed rows.
Csr ppmi(const std::vector<std::vector<int32_t>>& ids, size_t v, const WordVectorOptions& o) {
  std::unordered_map<uint64_t, double> pair;
  for (const auto& d : ids) {
    for (size_t i = 0; i < d.size(); ++i) {
      if (d[i] < 0) continue;
      for (size_t j = i + 1; j < d.size() && j <= i + o.window; ++j) {
        if (d[j] < 0) continue;
        const double w = 1.0 / static_cast<double>(j - i);
        pair[(uint64_t(uint32_t(d[i])) << 32) | uint32_t(d[j])] += w;
        pair[(uint64_t(uint32_t(d[j])) << 32) | uint32_t(d[i])] += w;
      }
    }
  }
  std::vector<std::pair<uint64_t, double>> cells(pair.begin(), pair.end());
  std::sort(cells.begin(), cells.end());
  std::vector<double> row_sum(v, 0.0), ctx(v, 0.0);
  for (const auto& [key, c] : cells) {
    row_sum[key >> 32] += c;
    ctx[key & 0xffffffffu] += c;
  }
  double ctx_total = 0;
  for (double& c : ctx) {
    c = std::pow(c, static_cast<double>(o.context_alpha));
    ctx_total += c;
  }
  Csr a;
  a.n = v;
  a.start.assign(v + 1, 0);
  for (const auto& [key, c] : cells) {
    const size_t w = key >> 32, k = key & 0xffffffffu;
    const double pmi = std::log(c * ctx_total / (row_sum[w] * ctx[k]));
    if (pmi <= 0) continue;
    ++a.start[w + 1];
    a.col.push_back(static_cast<uint32_t>(k));
    a.val.push_back(pmi);
  }
  std::partial_sum(a.start.begin(), a.start.end(), a.start.begin());
  return a;
}

// out = A m (transpose: A^T m) for every column of m.
Dense multiply(const Csr& a, const Dense& m, bool transpose) {
  Dense out{a.n, m.l, std::vector<double>(a.n * m.l, 0.0)};
  for (size_t k = 0; k < m.l; ++k) {
    const double* x = m.col(k);
    double* y = out.col(k);
    for (size_t i = 0; i < a.n; ++i) {
      double s = 0;
      for (size_t p = a.start[i]; p < a.start[i + 1]; ++p) {
        if (transpose) {
          y[a.col[p]] += a.val[p] * x[i];
        } else {
          s += a.val[p] * x[a.col[p]];
        }
      }
      if (!transpose) y[i] = s;
    }
  }
  return out;
}

// Orthonormalizes the columns in place (modified Gram-Schmidt, twice for stability); a column
// that vanishes becomes zero.
void orthonormalize(Dense* m) {
  for (int pass = 0; pass < 2; ++pass) {
    for (size_t k = 0; k < m->l; ++k) {
      double* c = m->col(k);
      for (size_t j = 0; j < k; ++j) {
        const double* q = m->col(j);
        const double d = std::inner_product(c, c + m->n, q, 0.0);
        for (size_t i = 0; i < m->n; ++i) c[i] -= d * q[i];
      }
      const double norm = std::sqrt(std::inner_product(c, c + m->n, c, 0.0));
      const double inv = norm > 1e-12 ? 1.0 / norm : 0.0;
      for (size_t i = 0; i < m->n; ++i) c[i] *= inv;
    }
  }
}

// Eigen-decomposition of the symmetric l x l matrix s (row-major) by cyclic Jacobi rotations:
// s becomes diagonal (the eigenvalues), vecs [l][l] column k the eigenvector of s[k][k].
void jacobi_eigen(std::vector<double>& s, size_t l, std::vector<double>* vecs) {
  vecs->assign(l * l, 0.0);
  for (size_t i = 0; i < l; ++i) (*vecs)[i * l + i] = 1.0;
  for (int sweep = 0; sweep < 60; ++sweep) {
    double off = 0, diag = 0;
    for (size_t p = 0; p < l; ++p) {
      diag += s[p * l + p] * s[p * l + p];
      for (size_t q = p + 1; q < l; ++q) off += s[p * l + q] * s[p * l + q];
    }
    if (off <= 1e-24 * diag) break;
    for (size_t p = 0; p < l; ++p) {
      for (size_t q = p + 1; q < l; ++q) {
        const double apq = s[p * l + q];
        if (std::abs(apq) < 1e-300) continue;
        const double theta = (s[q * l + q] - s[p * l + p]) / (2 * apq);
        const double t =
            (theta >= 0 ? 1.0 : -1.0) / (std::abs(theta) + std::sqrt(theta * theta + 1));
        const double c = 1 / std::sqrt(t * t + 1), sn = t * c;
        for (size_t k = 0; k < l; ++k) {  // rows p, q then columns p, q: s = J^T s J
          const double skp = s[k * l + p], skq = s[k * l + q];
          s[k * l + p] = c * skp - sn * skq;
          s[k * l + q] = sn * skp + c * skq;
        }
        for (size_t k = 0; k < l; ++k) {
          const double spk = s[p * l + k], sqk = s[q * l + k];
          s[p * l + k] = c * spk - sn * sqk;
          s[q * l + k] = sn * spk + c * sqk;
        }
        for (size_t k = 0; k < l; ++k) {
          double* v = vecs->data();
          const double vkp = v[k * l + p], vkq = v[k * l + q];
          v[k * l + p] = c * vkp - sn * vkq;
          v[k * l + q] = sn * vkp + c * vkq;
        }
      }
    }
  }
}

// Rank-dim left singular vectors of a scaled by sigma^power, one row per word.
std::vector<float> truncated_svd(const Csr& a, const WordVectorOptions& o, uint32_t dim) {
  const size_t l = std::min<size_t>(dim + o.oversample, a.n);
  Dense omega{a.n, l, std::vector<double>(a.n * l)};
  Rng rng(o.seed);
  for (double& x : omega.data) x = rng.normal();
  Dense q = multiply(a, omega, false);
  orthonormalize(&q);
  for (uint32_t it = 0; it < o.power_iterations; ++it) {
    Dense z = multiply(a, q, true);
    orthonormalize(&z);
    q = multiply(a, z, false);
    orthonormalize(&q);
  }
  const Dense z = multiply(a, q, true);  // B^T = A^T Q, B = Q^T A
  std::vector<double> gram(l * l);       // B B^T = Z^T Z
  for (size_t i = 0; i < l; ++i) {
    for (size_t j = i; j < l; ++j) {
      const double d = std::inner_product(z.col(i), z.col(i) + z.n, z.col(j), 0.0);
      gram[i * l + j] = gram[j * l + i] = d;
    }
  }
  std::vector<double> w;
  jacobi_eigen(gram, l, &w);
  std::vector<size_t> order(l);
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t x, size_t y) { return gram[x * l + x] > gram[y * l + y]; });
  std::vector<float> out(a.n * dim, 0.0f);
  for (size_t r = 0; r < dim && r < l; ++r) {
    const size_t k = order[r];
    const double lambda = std::max(gram[k * l + k], 0.0);
    const double scale = std::pow(std::sqrt(lambda), static_cast<double>(o.eigen_power));
    for (size_t i = 0; i < a.n; ++i) {  // U = Q W
      double u = 0;
      for (size_t j = 0; j < l; ++j) u += q.col(j)[i] * w[j * l + k];
      out[i * dim + r] = static_cast<float>(u * scale);
    }
  }
  return out;
}

}  // namespace

std::vector<std::string> cluster_terms(std::string_view text) {
  static const text::Analyzer analyzer(
      text::AnalyzerOptions{.stem = false, .drop_stopwords = false});
  if (text.size() > kMaxFeatureTextBytes) text = text.substr(0, kMaxFeatureTextBytes);
  std::vector<text::Token> tokens;
  analyzer.analyze(normalize_tweet(text), "", &tokens);
  std::vector<std::string> terms;
  terms.reserve(tokens.size());
  for (text::Token& t : tokens) terms.push_back(std::move(t.term));
  return terms;
}

WordVectors learn_word_vectors(const std::vector<std::string>& texts, const WordVectorOptions& o) {
  std::vector<std::vector<std::string>> docs;
  docs.reserve(texts.size());
  for (const std::string& t : texts) docs.push_back(cluster_terms(t));
  WordVectors out;
  vocabulary(docs, o, &out);
  std::unordered_map<std::string_view, int32_t> id;
  for (size_t i = 0; i < out.words.size(); ++i) id.emplace(out.words[i], static_cast<int32_t>(i));
  std::vector<std::vector<int32_t>> ids(docs.size());
  for (size_t d = 0; d < docs.size(); ++d) {
    for (const std::string& t : docs[d]) {
      auto it = id.find(t);
      ids[d].push_back(it == id.end() ? -1 : it->second);
    }
  }
  out.dim = static_cast<uint32_t>(std::min<size_t>(o.dim, out.words.size()));
  if (out.dim == 0) return out;
  out.vectors = truncated_svd(ppmi(ids, out.words.size(), o), o, out.dim);
  for (size_t i = 0; i < out.words.size(); ++i) {
    float* r = &out.vectors[i * out.dim];
    double n2 = 0;
    for (uint32_t j = 0; j < out.dim; ++j) n2 += static_cast<double>(r[j]) * r[j];
    const float inv = n2 > 0 ? static_cast<float>(1.0 / std::sqrt(n2)) : 0.0f;
    for (uint32_t j = 0; j < out.dim; ++j) r[j] *= inv;
  }
  return out;
}

}  // namespace chorus::trust
