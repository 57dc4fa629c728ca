// GgufWriter: serializes metadata and tensors as a GGUF v3 file (see gguf.h).
//
// Layout written: header, key-values in the order added (plus `general.alignment` as a uint32
// when the alignment is not the default 32 and the caller did not add it), tensor infos in the
// order added with offsets relative to the data section, zero padding to the alignment, then each
// tensor's bytes followed by zero padding to the alignment.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "base/env.h"
#include "model/gguf/gguf.h"
#include "model/gguf/gguf_value_size.h"
#include "model/quant/ggml_types.h"

namespace chorus::model {
namespace {

constexpr uint32_t kVersion = 3;

template <typename T>
void put(std::string& out, T v) {
  out.append(reinterpret_cast<const char*>(&v), sizeof(T));
}

void put_string(std::string& out, std::string_view s) {
  put<uint64_t>(out, s.size());
  out.append(s);
}

void pad_to(std::string& out, uint64_t alignment) {
  out.append((alignment - out.size() % alignment) % alignment, '\0');
}

template <typename T>
void put_array(std::string& out, GgufValueType elem, const std::vector<T>& v) {
  put<uint32_t>(out, static_cast<uint32_t>(elem));
  put<uint64_t>(out, v.size());
  for (const T& x : v) put<T>(out, x);
}

bool power_of_two(uint32_t a) {
  return a != 0 && (a & (a - 1)) == 0;
}

}  // namespace

void GgufWriter::begin_kv(std::string key, GgufValueType type) {
  if (first_error_.empty() && std::find(keys_.begin(), keys_.end(), key) != keys_.end())
    first_error_ = fmt::format("metadata key '{}' added twice", key);
  put_string(kv_bytes_, key);
  put<uint32_t>(kv_bytes_, static_cast<uint32_t>(type));
  keys_.push_back(std::move(key));
  ++kv_count_;
}

void GgufWriter::add_uint32(std::string key, uint32_t v) {
  begin_kv(std::move(key), GgufValueType::kUint32);
  put(kv_bytes_, v);
}

void GgufWriter::add_int32(std::string key, int32_t v) {
  begin_kv(std::move(key), GgufValueType::kInt32);
  put(kv_bytes_, v);
}

void GgufWriter::add_uint64(std::string key, uint64_t v) {
  begin_kv(std::move(key), GgufValueType::kUint64);
  put(kv_bytes_, v);
}

void GgufWriter::add_float32(std::string key, float v) {
  begin_kv(std::move(key), GgufValueType::kFloat32);
  put(kv_bytes_, v);
}

void GgufWriter::add_bool(std::string key, bool v) {
  begin_kv(std::move(key), GgufValueType::kBool);
  put<uint8_t>(kv_bytes_, v ? 1 : 0);
}

void GgufWriter::add_string(std::string key, std::string v) {
  begin_kv(std::move(key), GgufValueType::kString);
  put_string(kv_bytes_, v);
}

void GgufWriter::add_string_array(std::string key, const std::vector<std::string>& v) {
  begin_kv(std::move(key), GgufValueType::kArray);
  put<uint32_t>(kv_bytes_, static_cast<uint32_t>(GgufValueType::kString));
  put<uint64_t>(kv_bytes_, v.size());
  for (const std::string& s : v) put_string(kv_bytes_, s);
}

void GgufWriter::add_float32_array(std::string key, const std::vector<float>& v) {
  begin_kv(std::move(key), GgufValueType::kArray);
  put_array(kv_bytes_, GgufValueType::kFloat32, v);
}

void GgufWriter::add_int32_array(std::string key, const std::vector<int32_t>& v) {
  begin_kv(std::move(key), GgufValueType::kArray);
  put_array(kv_bytes_, GgufValueType::kInt32, v);
}

void GgufWriter::add_copy(const GgufFile& from, const GgufKV& kv) {
  if (first_error_.empty() && from.find(kv.key) != &kv)
    first_error_ = fmt::format("add_copy: metadata '{}' is not an entry of the given file", kv.key);
  begin_kv(kv.key, kv.type);
  if (kv.type == GgufValueType::kArray) {
    put<uint32_t>(kv_bytes_, static_cast<uint32_t>(kv.elem_type));
    put<uint64_t>(kv_bytes_, kv.count);
  }
  kv_bytes_.append(reinterpret_cast<const char*>(kv.data), kv.size);
}

Status GgufWriter::add_tensor(std::string name, uint32_t type, std::vector<int64_t> dims,
                              std::string bytes) {
  const std::string ctx = fmt::format("tensor '{}'", name);
  for (const PendingTensor& t : tensors_)
    if (t.name == name) return invalid_argument(ctx + ": added twice");
  const GgmlTypeInfo* info = ggml_type_info(type);
  if (!info) return invalid_argument(fmt::format("{}: unknown ggml type {}", ctx, type));
  if (dims.empty() || dims.size() > kGgufMaxDims)
    return invalid_argument(fmt::format("{}: {} dims, expected 1 to 4", ctx, dims.size()));
  int64_t elements = 1;
  for (size_t d = 0; d < dims.size(); ++d)
    if (dims[d] < 1 || __builtin_mul_overflow(elements, dims[d], &elements))
      return invalid_argument(
          fmt::format("{}: dims[{}] = {} is not >= 1 or overflows", ctx, d, dims[d]));
  std::optional<uint64_t> row = ggml_row_bytes(type, static_cast<uint64_t>(dims[0]));
  if (!row)
    return invalid_argument(
        fmt::format("{}: dims[0] = {} is not a multiple of the {} block size {}", ctx, dims[0],
                    info->name, info->block_size));
  uint64_t expected = 0;
  if (__builtin_mul_overflow(*row, static_cast<uint64_t>(elements / dims[0]), &expected) ||
      expected != bytes.size())
    return invalid_argument(fmt::format("{}: {} bytes given, {} {} needs {}", ctx, bytes.size(),
                                        fmt::join(dims, "x"), info->name, expected));
  tensors_.push_back({std::move(name), type, std::move(dims), std::move(bytes)});
  return Status::ok();
}

Status GgufWriter::status() const {
  if (!power_of_two(alignment_))
    return invalid_argument(fmt::format("alignment {} is not a power of two", alignment_));
  if (!first_error_.empty()) return invalid_argument(first_error_);
  return Status::ok();
}

std::string GgufWriter::serialize() const {
  // An invalid alignment is reported by status(); fall back so that this never divides by 0.
  const uint32_t align = power_of_two(alignment_) ? alignment_ : kGgufDefaultAlignment;
  const bool add_alignment =
      align != kGgufDefaultAlignment &&
      std::find(keys_.begin(), keys_.end(), "general.alignment") == keys_.end();
  std::string out = "GGUF";
  put<uint32_t>(out, kVersion);
  put<uint64_t>(out, tensors_.size());
  put<uint64_t>(out, kv_count_ + (add_alignment ? 1 : 0));
  out += kv_bytes_;
  if (add_alignment) {
    put_string(out, "general.alignment");
    put<uint32_t>(out, static_cast<uint32_t>(GgufValueType::kUint32));
    put<uint32_t>(out, align);
  }
  uint64_t offset = 0;
  for (const PendingTensor& t : tensors_) {
    put_string(out, t.name);
    put<uint32_t>(out, static_cast<uint32_t>(t.dims.size()));
    for (int64_t d : t.dims) put<uint64_t>(out, static_cast<uint64_t>(d));
    put<uint32_t>(out, t.type);
    put<uint64_t>(out, offset);
    offset += (t.bytes.size() + align - 1) / align * align;
  }
  pad_to(out, align);
  for (const PendingTensor& t : tensors_) {
    out += t.bytes;
    pad_to(out, align);
  }
  return out;
}

Status GgufWriter::write(const std::string& path) const {
  CHORUS_RETURN_IF_ERROR(status());
  return Env::posix()->write_file_atomic(path, serialize()).with_context("writing " + path);
}

}  // namespace chorus::model
