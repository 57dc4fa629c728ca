// LinearModel::serialize / parse: the versioned binary format described in linear_model.h.
#include <algorithm>
#include <cmath>
#include <cstring>

#include "base/crc32c.h"
#include "base/utf8.h"
#include "trust/moderation/binary_io.h"
#include "trust/moderation/linear_model.h"

namespace chorus::trust {
namespace {

constexpr char kMagic[8] = {'C', 'H', 'R', 'S', 'M', 'O', 'D', 'L'};
constexpr uint32_t kMaxLabels = 256;
constexpr uint32_t kMaxLabelBytes = 256;
constexpr uint64_t kMaxWeights = uint64_t{1} << 25;  // 128 MiB of floats

using binary_io::out_of_range;
using binary_io::put_f32;
using binary_io::put_u32;
using binary_io::put_u64;
using binary_io::Reader;

Result<FeatureConfig> parse_config(Reader& r, uint32_t version) {
  FeatureConfig c;
  size_t at = r.offset();
  CHORUS_ASSIGN_OR_RETURN(c.hash_bits, r.u32("hash_bits"));
  if (c.hash_bits < 16 || c.hash_bits > 24)
    return out_of_range("hash_bits", at, c.hash_bits, "16..24");
  at = r.offset();
  CHORUS_ASSIGN_OR_RETURN(c.word_ngram_max, r.u32("word_ngram_max"));
  if (c.word_ngram_max < 1 || c.word_ngram_max > 4) {
    return out_of_range("word_ngram_max", at, c.word_ngram_max, "1..4");
  }
  at = r.offset();
  CHORUS_ASSIGN_OR_RETURN(c.char_ngram_min, r.u32("char_ngram_min"));
  if (c.char_ngram_min < 1 || c.char_ngram_min > 8) {
    return out_of_range("char_ngram_min", at, c.char_ngram_min, "1..8");
  }
  at = r.offset();
  CHORUS_ASSIGN_OR_RETURN(c.char_ngram_max, r.u32("char_ngram_max"));
  if (c.char_ngram_max != 0 && (c.char_ngram_max < c.char_ngram_min || c.char_ngram_max > 8)) {
    return out_of_range("char_ngram_max", at, c.char_ngram_max, "0 or char_ngram_min..8");
  }
  at = r.offset();
  CHORUS_ASSIGN_OR_RETURN(uint32_t flags, r.u32("flags"));
  if (version == 1 && flags > 7) return out_of_range("flags", at, flags, "bits 0-2 only");
  if (version < 4 && flags > 63) return out_of_range("flags", at, flags, "bits 0-5 only");
  if (version < 5 && flags > 127) return out_of_range("flags", at, flags, "bits 0-6 only");
  if (flags > 255) return out_of_range("flags", at, flags, "bits 0-7 only");
  c.sublinear_tf = flags & 1;
  c.l2_normalize = flags & 2;
  c.idf = flags & 4;
  c.tweet_normalize = flags & 8;
  c.char_across_words = flags & 16;
  c.block_normalize = flags & 32;
  c.cluster_bigrams = flags & 64;
  c.vector_max_pool = flags & 128;
  CHORUS_ASSIGN_OR_RETURN(c.hash_seed, r.u64("hash_seed"));
  if (version < 4) return c;
  for (float* w : {&c.cluster_weight, &c.shape_weight, &c.vector_weight}) {
    const char* field = w == &c.cluster_weight ? "cluster_weight"
                        : w == &c.shape_weight ? "shape_weight"
                                               : "vector_weight";
    at = r.offset();
    CHORUS_ASSIGN_OR_RETURN(*w, r.f32(field));
    if (!(*w >= 0 && *w <= 4)) {
      return corruption(std::string(field) + " at offset " + std::to_string(at) +
                        " is not in [0, 4]");
    }
  }
  return c;
}

Result<std::vector<std::string>> parse_labels(Reader& r) {
  size_t at = r.offset();
  CHORUS_ASSIGN_OR_RETURN(uint32_t n, r.u32("num_labels"));
  if (n < 2 || n > kMaxLabels) return out_of_range("num_labels", at, n, "2..256");
  std::vector<std::string> labels;
  for (uint32_t i = 0; i < n; ++i) {
    at = r.offset();
    CHORUS_ASSIGN_OR_RETURN(uint32_t len, r.u32("label length"));
    if (len < 1 || len > kMaxLabelBytes) return out_of_range("label length", at, len, "1..256");
    CHORUS_ASSIGN_OR_RETURN(std::string_view name, r.bytes(len, "label name"));
    if (!utf8::valid(name)) {
      return corruption("label name at offset " + std::to_string(at + 4) + " is not UTF-8");
    }
    labels.emplace_back(name);
  }
  return labels;
}

Status parse_weights(Reader& r, LinearModel* m) {
  const size_t k = m->num_labels();
  for (size_t c = 0; c < k; ++c) {
    CHORUS_ASSIGN_OR_RETURN(m->bias()[c], r.f32("bias"));
  }
  size_t at = r.offset();
  CHORUS_ASSIGN_OR_RETURN(uint32_t rows, r.u32("rows"));
  const uint32_t buckets = m->config().buckets();
  if (rows > buckets) return out_of_range("rows", at, rows, "at most 2^hash_bits");
  CHORUS_RETURN_IF_ERROR(r.need(static_cast<size_t>(rows) * (4 + 4 * k), "weight rows"));
  int64_t last = -1;
  for (uint32_t i = 0; i < rows; ++i) {
    at = r.offset();
    CHORUS_ASSIGN_OR_RETURN(uint32_t bucket, r.u32("bucket"));
    if (bucket >= buckets || static_cast<int64_t>(bucket) <= last) {
      return out_of_range("bucket", at, bucket, "increasing and below 2^hash_bits");
    }
    last = bucket;
    float* w = m->row(bucket);
    for (size_t c = 0; c < k; ++c) {
      CHORUS_ASSIGN_OR_RETURN(w[c], r.f32("weight"));
    }
  }
  return Status::ok();
}

Status parse_member(Reader& r, LinearModel* m) {
  size_t at = r.offset();
  CHORUS_ASSIGN_OR_RETURN(uint32_t members, r.u32("members"));
  if (members > 1) return out_of_range("members", at, members, "0 or 1");
  if (members == 0) return Status::ok();
  CHORUS_ASSIGN_OR_RETURN(float scale, r.f32("member_scale"));
  at = r.offset();
  CHORUS_ASSIGN_OR_RETURN(EmbeddingClassifier member, EmbeddingClassifier::parse(r));
  if (member.num_labels() != m->num_labels()) {
    return out_of_range("embedding labels", at, member.num_labels(), "the model's num_labels");
  }
  m->set_member(std::move(member), scale);
  return Status::ok();
}

// Version 5: the kernel member, which reads the vector block's first dim components.
Status parse_kernel(Reader& r, LinearModel* m) {
  size_t at = r.offset();
  CHORUS_ASSIGN_OR_RETURN(uint32_t kernels, r.u32("kernels"));
  if (kernels > 1) return out_of_range("kernels", at, kernels, "0 or 1");
  if (kernels == 0) return Status::ok();
  const WordClusters* clusters = m->hasher().clusters().get();
  const uint32_t dim = m->hasher().vector_buckets().empty() ? 0 : clusters->dim();
  if (m->num_labels() != 2 || dim == 0) {
    return corruption("kernels at offset " + std::to_string(at) +
                      " is 1, but the model has no vector block or more than two labels");
  }
  CHORUS_ASSIGN_OR_RETURN(float scale, r.f32("kernel_scale"));
  at = r.offset();
  CHORUS_ASSIGN_OR_RETURN(VectorKernel kernel, VectorKernel::parse(r));
  if (kernel.dim() != dim) return out_of_range("kernel dim", at, kernel.dim(), "the vector dim");
  m->set_kernel(std::move(kernel), scale);
  return Status::ok();
}

// The IDF table as its most common value plus the buckets that differ from it.
void serialize_idf(const std::vector<float>& idf, std::string* out) {
  float unseen = idf.empty() ? 1.0f : idf[0];
  for (float v : idf) unseen = std::max(unseen, v);  // buckets no text had get the largest
  put_f32(out, unseen);
  uint32_t n = 0;
  for (float v : idf) n += v != unseen;
  put_u32(out, n);
  for (uint32_t b = 0; b < idf.size(); ++b) {
    if (idf[b] == unseen) continue;
    put_u32(out, b);
    put_f32(out, idf[b]);
  }
}

Result<std::vector<float>> parse_idf(Reader& r, uint32_t buckets) {
  size_t at = r.offset();
  CHORUS_ASSIGN_OR_RETURN(float unseen, r.f32("idf unseen"));
  if (!(unseen > 0))
    return corruption("idf unseen at offset " + std::to_string(at) + " is not > 0");
  at = r.offset();
  CHORUS_ASSIGN_OR_RETURN(uint32_t n, r.u32("idf count"));
  if (n > buckets) return out_of_range("idf count", at, n, "at most 2^hash_bits");
  CHORUS_RETURN_IF_ERROR(r.need(static_cast<size_t>(n) * 8, "idf entries"));
  std::vector<float> idf(buckets, unseen);
  int64_t last = -1;
  for (uint32_t i = 0; i < n; ++i) {
    at = r.offset();
    CHORUS_ASSIGN_OR_RETURN(uint32_t bucket, r.u32("idf bucket"));
    if (bucket >= buckets || static_cast<int64_t>(bucket) <= last) {
      return out_of_range("idf bucket", at, bucket, "increasing and below 2^hash_bits");
    }
    last = bucket;
    at = r.offset();
    CHORUS_ASSIGN_OR_RETURN(idf[bucket], r.f32("idf"));
    if (!(idf[bucket] > 0))
      return corruption("idf at offset " + std::to_string(at) + " is not > 0");
  }
  return idf;
}

}  // namespace

std::string LinearModel::serialize() const {
  std::string out(kMagic, sizeof kMagic);
  put_u32(&out, kModelVersion);
  put_u32(&out, static_cast<uint32_t>(labels_.size()));
  for (const std::string& l : labels_) {
    put_u32(&out, static_cast<uint32_t>(l.size()));
    out += l;
  }
  const FeatureConfig& c = config();
  put_u32(&out, c.hash_bits);
  put_u32(&out, c.word_ngram_max);
  put_u32(&out, c.char_ngram_min);
  put_u32(&out, c.char_ngram_max);
  put_u32(&out, (c.sublinear_tf ? 1u : 0u) | (c.l2_normalize ? 2u : 0u) | (c.idf ? 4u : 0u) |
                    (c.tweet_normalize ? 8u : 0u) | (c.char_across_words ? 16u : 0u) |
                    (c.block_normalize ? 32u : 0u) | (c.cluster_bigrams ? 64u : 0u) |
                    (c.vector_max_pool ? 128u : 0u));
  put_u64(&out, c.hash_seed);
  // Without clusters the cluster block is empty, as a weight of 0 says.
  const std::shared_ptr<const WordClusters>& clusters = hasher_.clusters();
  put_f32(&out, clusters ? c.cluster_weight : 0.0f);
  put_f32(&out, c.shape_weight);
  put_f32(&out, clusters ? c.vector_weight : 0.0f);
  if (clusters && (c.cluster_weight > 0 || c.vector_weight > 0)) clusters->serialize(&out);
  if (c.idf) serialize_idf(hasher_.idf(), &out);
  for (float b : bias_) put_f32(&out, b);
  const size_t k = labels_.size();
  std::vector<uint32_t> nonzero;
  for (uint32_t b = 0; b < c.buckets(); ++b) {
    const float* w = row(b);
    if (std::any_of(w, w + k, [](float x) { return x != 0.0f; })) nonzero.push_back(b);
  }
  put_u32(&out, static_cast<uint32_t>(nonzero.size()));
  for (uint32_t b : nonzero) {
    put_u32(&out, b);
    for (size_t i = 0; i < k; ++i) put_f32(&out, row(b)[i]);
  }
  put_u32(&out, member_ ? 1u : 0u);
  if (member_) {
    put_f32(&out, member_scale_);
    member_->serialize(&out);
  }
  put_u32(&out, kernel_ ? 1u : 0u);
  if (kernel_) {
    put_f32(&out, kernel_scale_);
    kernel_->serialize(&out);
  }
  put_u32(&out, crc32c::mask(crc32c::value(out)));
  return out;
}

Result<LinearModel> LinearModel::parse(std::string_view bytes, bool verify_checksum) {
  Reader r(bytes);
  CHORUS_ASSIGN_OR_RETURN(std::string_view magic, r.bytes(sizeof kMagic, "magic"));
  if (magic != std::string_view(kMagic, sizeof kMagic)) {
    return corruption("bad magic at offset 0: not a Chorus moderation model");
  }
  CHORUS_ASSIGN_OR_RETURN(uint32_t version, r.u32("version"));
  if (version < kMinModelVersion || version > kModelVersion) {
    return out_of_range("version", 8, version, "1..5 (this build reads versions 1-5)");
  }
  if (bytes.size() < 16) return corruption("truncated before the checksum");
  const size_t body = bytes.size() - 4;
  uint32_t stored = 0;
  for (int i = 0; i < 4; ++i)
    stored |= uint32_t(static_cast<unsigned char>(bytes[body + i])) << (8 * i);
  if (verify_checksum && crc32c::unmask(stored) != crc32c::value(bytes.data(), body)) {
    return corruption("checksum mismatch at offset " + std::to_string(body) +
                      ": the file is damaged or truncated");
  }
  Reader rest(bytes.substr(0, body));
  (void)rest.bytes(12, "header");
  CHORUS_ASSIGN_OR_RETURN(std::vector<std::string> labels, parse_labels(rest));
  CHORUS_ASSIGN_OR_RETURN(FeatureConfig config, parse_config(rest, version));
  if ((uint64_t{config.buckets()} * labels.size()) > kMaxWeights) {
    return corruption(
        "2^hash_bits x num_labels = " + std::to_string(uint64_t{config.buckets()} * labels.size()) +
        " weights, more than the limit " + std::to_string(kMaxWeights));
  }
  std::shared_ptr<const WordClusters> clusters;
  if (config.cluster_weight > 0 || config.vector_weight > 0) {
    CHORUS_ASSIGN_OR_RETURN(WordClusters c, WordClusters::parse(rest));
    clusters = std::make_shared<const WordClusters>(std::move(c));
  }
  LinearModel m(config, std::move(labels));
  m.mutable_hasher().set_clusters(std::move(clusters));
  if (config.idf) {
    CHORUS_ASSIGN_OR_RETURN(std::vector<float> idf, parse_idf(rest, config.buckets()));
    m.mutable_hasher().set_idf(std::move(idf));
  }
  CHORUS_RETURN_IF_ERROR(parse_weights(rest, &m));
  if (version >= 3) CHORUS_RETURN_IF_ERROR(parse_member(rest, &m));
  if (version >= 5) CHORUS_RETURN_IF_ERROR(parse_kernel(rest, &m));
  if (rest.offset() != body) {
    return corruption(std::to_string(body - rest.offset()) + " unexpected bytes at offset " +
                      std::to_string(rest.offset()) + " before the checksum");
  }
  return m;
}

}  // namespace chorus::trust
