// GgufParser: validates a GGUF v2/v3 file and fills a GgufFile (see gguf.h for the contract).
//
// Layout checked, in file order: magic "GGUF", u32 version, u64 tensor_count, u64 kv_count;
// kv_count entries (string key, u32 value type, value); tensor_count infos (string name, u32
// n_dims, u64 dims[n_dims], u32 ggml type, u64 offset); padding to `general.alignment`; data.
// Counts are bounded by the bytes left before anything is reserved.
#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <numeric>

#include "model/gguf/gguf.h"
#include "model/gguf/gguf_cursor.h"
#include "model/gguf/gguf_value_size.h"
#include "model/quant/ggml_types.h"

namespace chorus::model {
namespace {

// Smallest encodings, used to bound counts by the bytes left: a key-value is an empty key
// (8-byte length) + u32 type + a 1-byte value; a tensor info is an empty name + u32 n_dims + one
// u64 dim + u32 type + u64 offset.
constexpr uint64_t kMinKvBytes = 8 + 4 + 1;
constexpr uint64_t kMinTensorInfoBytes = 8 + 4 + 8 + 4 + 8;

}  // namespace

class GgufParser {
 public:
  GgufParser(std::span<const uint8_t> bytes, GgufFile& out) : c_(bytes), f_(out) {}

  Status run() {
    CHORUS_RETURN_IF_ERROR(header());
    CHORUS_RETURN_IF_ERROR(metadata());
    CHORUS_RETURN_IF_ERROR(alignment());
    CHORUS_RETURN_IF_ERROR(tensor_infos());
    return layout();
  }

 private:
  Status header();
  Status metadata();
  Status key_value(uint64_t i);
  Status value(GgufKV& kv);
  Status array(GgufKV& kv);
  Status alignment();
  Status tensor_infos();
  Status tensor_info(uint64_t i);
  Status dims(GgufTensor& t, const std::string& ctx);
  Status layout();

  GgufCursor c_;
  GgufFile& f_;
  uint64_t tensor_count_ = 0;
  uint64_t kv_count_ = 0;
};

Status GgufParser::header() {
  if (c_.size() < 4 || std::memcmp(c_.here(), "GGUF", 4) != 0) {
    std::string found;
    for (uint64_t i = 0; i < std::min<uint64_t>(4, c_.size()); ++i)
      found += fmt::format("{:02x}", c_.here()[i]);
    return invalid_argument(
        fmt::format("magic at offset 0: expected \"GGUF\" (47475546), found {} (not a GGUF file)",
                    found.empty() ? "an empty file" : found));
  }
  CHORUS_RETURN_IF_ERROR(c_.skip(4, "magic"));
  CHORUS_ASSIGN_OR_RETURN(uint32_t version, c_.u32("version"));
  if (version == 1)
    return invalid_argument("version at offset 4: GGUF v1 is not supported (only v2 and v3)");
  if (version != 2 && version != 3)
    return invalid_argument(
        fmt::format("version at offset 4: unknown GGUF version {} (only v2 and v3)", version));
  f_.version_ = version;
  CHORUS_ASSIGN_OR_RETURN(tensor_count_, c_.u64("tensor_count"));
  CHORUS_ASSIGN_OR_RETURN(kv_count_, c_.u64("kv_count"));
  if (kv_count_ > c_.remaining() / kMinKvBytes)
    return invalid_argument(fmt::format(
        "kv_count at offset 16: {} metadata entries cannot fit in the {} bytes left (file size {})",
        kv_count_, c_.remaining(), c_.size()));
  if (tensor_count_ > c_.remaining() / kMinTensorInfoBytes)
    return invalid_argument(fmt::format(
        "tensor_count at offset 8: {} tensor infos cannot fit in the {} bytes left (file size {})",
        tensor_count_, c_.remaining(), c_.size()));
  return Status::ok();
}

Status GgufParser::metadata() {
  f_.kvs_.reserve(kv_count_);
  f_.kv_index_.reserve(kv_count_);
  for (uint64_t i = 0; i < kv_count_; ++i) CHORUS_RETURN_IF_ERROR(key_value(i));
  return Status::ok();
}

Status GgufParser::key_value(uint64_t i) {
  const uint64_t key_offset = c_.pos();
  auto key = c_.str("key");
  if (!key.is_ok()) return key.status().with_context(fmt::format("metadata {}", i));
  const std::string ctx = fmt::format("metadata {} '{}'", i, *key);
  if (auto it = f_.kv_index_.find(*key); it != f_.kv_index_.end())
    return invalid_argument(fmt::format("{} at offset {}: duplicate key (first at offset {})", ctx,
                                        key_offset, f_.kvs_[it->second].offset));
  const uint64_t type_offset = c_.pos();
  auto type = c_.u32("value type");
  if (!type.is_ok()) return type.status().with_context(ctx);
  if (!gguf_value_type_known(*type))
    return invalid_argument(
        fmt::format("{}: value type at offset {} is {}, not a known GGUF value type (0 to 12)", ctx,
                    type_offset, *type));
  GgufKV kv{std::string(*key), static_cast<GgufValueType>(*type), GgufValueType::kUint8, 1, nullptr,
            c_.pos()};
  CHORUS_RETURN_IF_ERROR(value(kv).with_context(ctx));
  f_.kv_index_.emplace(*key, f_.kvs_.size());
  f_.kvs_.push_back(std::move(kv));
  return Status::ok();
}

Status GgufParser::value(GgufKV& kv) {
  if (kv.type == GgufValueType::kArray) return array(kv);
  kv.data = c_.here();
  if (kv.type == GgufValueType::kString) {
    CHORUS_RETURN_IF_ERROR(c_.str("string value").status());
  } else {
    CHORUS_RETURN_IF_ERROR(c_.skip(gguf_scalar_size(kv.type), "value"));
  }
  kv.size = c_.pos() - kv.offset;
  return Status::ok();
}

Status GgufParser::array(GgufKV& kv) {
  const uint64_t elem_offset = c_.pos();
  CHORUS_ASSIGN_OR_RETURN(uint32_t elem, c_.u32("array element type"));
  if (!gguf_value_type_known(elem))
    return invalid_argument(
        fmt::format("array element type at offset {} is {}, not a known GGUF value type (0 to 12)",
                    elem_offset, elem));
  kv.elem_type = static_cast<GgufValueType>(elem);
  if (kv.elem_type == GgufValueType::kArray)
    return invalid_argument(fmt::format(
        "array element type at offset {}: nested arrays are not supported", elem_offset));
  const uint64_t count_offset = c_.pos();
  CHORUS_ASSIGN_OR_RETURN(kv.count, c_.u64("array count"));
  kv.data = c_.here();
  const uint64_t start = c_.pos();
  const bool is_string = kv.elem_type == GgufValueType::kString;
  // A string element takes at least its 8-byte length.
  const uint64_t min_elem = is_string ? 8 : gguf_scalar_size(kv.elem_type);
  if (kv.count > c_.remaining() / min_elem)
    return invalid_argument(fmt::format(
        "array count at offset {}: {} elements of {} cannot fit in the {} bytes left (file size "
        "{})",
        count_offset, kv.count, gguf_value_type_name(kv.elem_type), c_.remaining(), c_.size()));
  if (!is_string) {
    CHORUS_RETURN_IF_ERROR(c_.skip(kv.count * min_elem, "array elements"));
  } else {
    for (uint64_t j = 0; j < kv.count; ++j) {
      auto s = c_.str("string");
      if (!s.is_ok()) return s.status().with_context(fmt::format("element {}", j));
    }
  }
  kv.size = c_.pos() - start;
  return Status::ok();
}

Status GgufParser::alignment() {
  auto a = f_.get_uint("general.alignment");
  if (!a.is_ok()) {
    if (a.status().code() != StatusCode::kNotFound) return a.status();
    f_.alignment_ = kGgufDefaultAlignment;
    return Status::ok();
  }
  if (*a == 0 || (*a & (*a - 1)) != 0 || *a > std::numeric_limits<uint32_t>::max())
    return invalid_argument(
        fmt::format("metadata 'general.alignment' at offset {} is {}, expected a power of two "
                    "that fits in 32 bits",
                    f_.find("general.alignment")->offset, *a));
  f_.alignment_ = static_cast<uint32_t>(*a);
  return Status::ok();
}

Status GgufParser::tensor_infos() {
  if (tensor_count_ > c_.remaining() / kMinTensorInfoBytes)
    return invalid_argument(fmt::format(
        "tensor_count at offset 8: {} tensor infos cannot fit in the {} bytes left after the "
        "metadata (file size {})",
        tensor_count_, c_.remaining(), c_.size()));
  f_.tensors_.reserve(tensor_count_);
  f_.tensor_index_.reserve(tensor_count_);
  for (uint64_t i = 0; i < tensor_count_; ++i) CHORUS_RETURN_IF_ERROR(tensor_info(i));
  return Status::ok();
}

Status GgufParser::tensor_info(uint64_t i) {
  const uint64_t name_offset = c_.pos();
  auto name = c_.str("name");
  if (!name.is_ok()) return name.status().with_context(fmt::format("tensor {}", i));
  const std::string ctx = fmt::format("tensor {} '{}'", i, *name);
  if (auto it = f_.tensor_index_.find(*name); it != f_.tensor_index_.end())
    return invalid_argument(
        fmt::format("{} at offset {}: duplicate tensor name (first is tensor {})", ctx, name_offset,
                    it->second));
  GgufTensor t{std::string(*name), 0, {}, 0, nullptr, 0};
  CHORUS_RETURN_IF_ERROR(dims(t, ctx));
  const uint64_t type_offset = c_.pos();
  auto type = c_.u32("type");
  if (!type.is_ok()) return type.status().with_context(ctx);
  const GgmlTypeInfo* info = ggml_type_info(*type);
  if (!info)
    return invalid_argument(
        fmt::format("{}: type at offset {} is {}, not a known ggml type", ctx, type_offset, *type));
  t.type = *type;
  if (static_cast<uint64_t>(t.dims[0]) % info->block_size != 0)
    return invalid_argument(
        fmt::format("{}: dims[0] at offset {} is {}, not a multiple of the {} block size {}", ctx,
                    name_offset + 8 + name->size() + 4, t.dims[0], info->name, info->block_size));
  const uint64_t row_bytes = static_cast<uint64_t>(t.dims[0]) / info->block_size * info->type_size;
  if (__builtin_mul_overflow(row_bytes, static_cast<uint64_t>(t.rows()), &t.nbytes))
    return invalid_argument(fmt::format("{}: data size overflows 64 bits", ctx));
  const uint64_t offset_offset = c_.pos();
  auto offset = c_.u64("offset");
  if (!offset.is_ok()) return offset.status().with_context(ctx);
  if (*offset % f_.alignment_ != 0)
    return invalid_argument(
        fmt::format("{}: offset at offset {} is {}, not a multiple of the "
                    "alignment {}",
                    ctx, offset_offset, *offset, f_.alignment_));
  t.offset = *offset;
  f_.tensor_index_.emplace(*name, f_.tensors_.size());
  f_.tensors_.push_back(std::move(t));
  return Status::ok();
}

Status GgufParser::dims(GgufTensor& t, const std::string& ctx) {
  const uint64_t n_offset = c_.pos();
  auto n = c_.u32("n_dims");
  if (!n.is_ok()) return n.status().with_context(ctx);
  if (*n == 0 || *n > kGgufMaxDims)
    return invalid_argument(fmt::format("{}: n_dims at offset {} is {}, expected 1 to {}", ctx,
                                        n_offset, *n, kGgufMaxDims));
  int64_t elements = 1;
  for (uint32_t d = 0; d < *n; ++d) {
    const uint64_t dim_offset = c_.pos();
    auto dim = c_.u64(fmt::format("dims[{}]", d));
    if (!dim.is_ok()) return dim.status().with_context(ctx);
    if (*dim == 0 || *dim > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
      return invalid_argument(fmt::format("{}: dims[{}] at offset {} is {}, expected 1 to 2^63-1",
                                          ctx, d, dim_offset, *dim));
    if (__builtin_mul_overflow(elements, static_cast<int64_t>(*dim), &elements))
      return invalid_argument(
          fmt::format("{}: dims[{}] at offset {} is {}: the element count overflows int64", ctx, d,
                      dim_offset, *dim));
    t.dims.push_back(static_cast<int64_t>(*dim));
  }
  return Status::ok();
}

Status GgufParser::layout() {
  const uint64_t align = f_.alignment_;
  const uint64_t end_of_infos = c_.pos();
  // No overflow: the position is within the file and the alignment below 2^32.
  const uint64_t data_offset = (end_of_infos + align - 1) / align * align;
  for (size_t i = 0; i < f_.tensors_.size(); ++i) {
    GgufTensor& t = f_.tensors_[i];
    uint64_t start = 0, end = 0;
    if (__builtin_add_overflow(data_offset, t.offset, &start) ||
        __builtin_add_overflow(start, t.nbytes, &end))
      return invalid_argument(
          fmt::format("tensor {} '{}': data at offset {} + {} ({} bytes) overflows 64 bits", i,
                      t.name, data_offset, t.offset, t.nbytes));
    if (end > c_.size())
      return invalid_argument(fmt::format(
          "tensor {} '{}': data [offset {}, {} bytes) extends past end of file (size {})", i,
          t.name, start, t.nbytes, c_.size()));
    t.data = f_.bytes_.data() + start;
  }
  std::vector<size_t> order(f_.tensors_.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return f_.tensors_[a].offset < f_.tensors_[b].offset; });
  for (size_t k = 1; k < order.size(); ++k) {
    const GgufTensor& prev = f_.tensors_[order[k - 1]];
    const GgufTensor& cur = f_.tensors_[order[k]];
    if (prev.offset + prev.nbytes > cur.offset)
      return invalid_argument(
          fmt::format("tensor {} '{}': data [offset {}, {} bytes) overlaps tensor {} '{}' [offset "
                      "{}, {} bytes)",
                      order[k], cur.name, data_offset + cur.offset, cur.nbytes, order[k - 1],
                      prev.name, data_offset + prev.offset, prev.nbytes));
  }
  f_.data_offset_ = std::min<uint64_t>(data_offset, c_.size());
  return Status::ok();
}

Result<std::unique_ptr<GgufFile>> GgufFile::parse(std::span<const uint8_t> bytes) {
  std::unique_ptr<GgufFile> f(new GgufFile());
  f->bytes_ = bytes;
  GgufParser parser(bytes, *f);
  CHORUS_RETURN_IF_ERROR(parser.run());
  return f;
}

Result<std::unique_ptr<GgufFile>> GgufFile::open(const std::string& path) {
  CHORUS_ASSIGN_OR_RETURN(std::unique_ptr<MappedFile> mapped, MappedFile::open(path));
  auto parsed = parse(mapped->bytes());
  if (!parsed.is_ok()) return parsed.status().with_context(path);
  std::unique_ptr<GgufFile> f = std::move(parsed).value();
  f->file_ = std::move(mapped);
  return f;
}

const GgufKV* GgufFile::find(std::string_view key) const {
  auto it = kv_index_.find(key);
  return it == kv_index_.end() ? nullptr : &kvs_[it->second];
}

const GgufTensor* GgufFile::tensor(std::string_view name) const {
  auto it = tensor_index_.find(name);
  return it == tensor_index_.end() ? nullptr : &tensors_[it->second];
}

}  // namespace chorus::model
