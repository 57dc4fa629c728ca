// GgufFile: a validated, read-only view of a GGUF (v2/v3) model file over mmap.
//
// open()/parse() check every count, length, offset, dimension and size against the file with
// overflow-safe arithmetic before anything is exposed; a bad file yields kInvalidArgument or
// kCorruption with a message naming the field and its byte offset ("tensor 'blk.0.attn_q.weight'
// dims[1] at offset 1234: ..."). Nothing is allocated in proportion to a count before the count
// is known to fit in the file. Accessors of a wrong metadata type return an error naming the key,
// its actual type and its offset; they never abort.
//
// Thread-safety: immutable after construction; any number of readers.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/mapped_file.h"
#include "base/status.h"

namespace chorus::model {

enum class GgufValueType : uint32_t {
  kUint8 = 0,
  kInt8 = 1,
  kUint16 = 2,
  kInt16 = 3,
  kUint32 = 4,
  kInt32 = 5,
  kFloat32 = 6,
  kBool = 7,
  kString = 8,
  kArray = 9,
  kUint64 = 10,
  kInt64 = 11,
  kFloat64 = 12,
};
std::string_view gguf_value_type_name(GgufValueType t);

// One metadata entry. For arrays, `elem_type` and `count` describe the elements and `data`
// points at the first element in the file (strings inside arrays are length-prefixed as on disk).
// A plain string's `data` points at its u64 length prefix, as inside arrays. All values are
// little-endian and possibly unaligned: read them with memcpy (or use the typed accessors).
struct GgufKV {
  std::string key;
  GgufValueType type;
  GgufValueType elem_type;  // arrays only
  uint64_t count;           // arrays: number of elements; otherwise 1
  const uint8_t* data;      // the value's bytes in the mapped file
  uint64_t offset;          // file offset of the value, for error messages
  uint64_t size = 0;        // bytes from `data` to the end of the value (all elements)
};

struct GgufTensor {
  std::string name;
  uint32_t type;              // a GgmlType id (see quant/ggml_types.h)
  std::vector<int64_t> dims;  // dims[0] is the innermost (row length), as in ggml's ne[]
  uint64_t offset;            // from the start of the tensor data section
  const uint8_t* data;        // first byte in the mapped file
  uint64_t nbytes;
  int64_t elements() const;
  int64_t rows() const { return dims.empty() ? 0 : elements() / dims[0]; }
};

class GgufFile {
 public:
  // Maps and validates a file.
  static Result<std::unique_ptr<GgufFile>> open(const std::string& path);
  // Validates bytes owned by the caller, which must outlive the result (tests, fuzzing).
  static Result<std::unique_ptr<GgufFile>> parse(std::span<const uint8_t> bytes);

  uint32_t version() const { return version_; }
  uint32_t alignment() const { return alignment_; }
  uint64_t data_offset() const { return data_offset_; }
  uint64_t file_size() const { return bytes_.size(); }
  // True when the bytes are a private mapping of a file opened by open() (pages may then be
  // dropped with madvise and are read back from the file); false for parse()'s caller's bytes.
  bool is_mapped() const { return file_ != nullptr; }
  const std::vector<GgufKV>& metadata() const { return kvs_; }
  const std::vector<GgufTensor>& tensors() const { return tensors_; }

  const GgufKV* find(std::string_view key) const;
  const GgufTensor* tensor(std::string_view name) const;

  // Typed accessors: kNotFound when absent, kInvalidArgument naming key, type and offset when the
  // stored type differs. Integer accessors accept any integer type whose value fits.
  Result<uint64_t> get_uint(std::string_view key) const;
  Result<int64_t> get_int(std::string_view key) const;
  Result<double> get_float(std::string_view key) const;  // float32 or float64
  Result<bool> get_bool(std::string_view key) const;
  Result<std::string_view> get_string(std::string_view key) const;
  Result<std::vector<std::string_view>> get_string_array(std::string_view key) const;
  Result<std::vector<float>> get_float_array(std::string_view key) const;
  Result<std::vector<int64_t>> get_int_array(std::string_view key) const;

  // Convenience: the value, or `fallback` when the key is absent (a wrong type is still an error).
  Result<uint64_t> get_uint_or(std::string_view key, uint64_t fallback) const;
  Result<double> get_float_or(std::string_view key, double fallback) const;

  // A human-readable rendering of a value (arrays abbreviated), for `chorus model info`.
  std::string value_to_string(const GgufKV& kv, size_t max_elems = 8) const;

 private:
  GgufFile() = default;
  std::unique_ptr<MappedFile> file_;  // null when parsed from caller's bytes
  std::span<const uint8_t> bytes_;
  uint32_t version_ = 0;
  uint32_t alignment_ = 32;
  uint64_t data_offset_ = 0;
  std::vector<GgufKV> kvs_;
  std::vector<GgufTensor> tensors_;
  // Name -> index into kvs_ / tensors_; the views point into bytes_.
  std::unordered_map<std::string_view, size_t> kv_index_;
  std::unordered_map<std::string_view, size_t> tensor_index_;
  friend class GgufParser;
};

// GgufWriter: builds a GGUF v3 file (used by `chorus model make-random` and tests). Metadata and
// tensor infos are given first, then data is written in the same order; write() lays out the
// header, aligns the data section and every tensor to `alignment`.
class GgufWriter {
 public:
  explicit GgufWriter(uint32_t alignment = 32) : alignment_(alignment) {}
  void add_uint32(std::string key, uint32_t v);
  void add_int32(std::string key, int32_t v);
  void add_uint64(std::string key, uint64_t v);
  void add_float32(std::string key, float v);
  void add_bool(std::string key, bool v);
  void add_string(std::string key, std::string v);
  void add_string_array(std::string key, const std::vector<std::string>& v);
  void add_float32_array(std::string key, const std::vector<float>& v);
  void add_int32_array(std::string key, const std::vector<int32_t>& v);
  // Copies an existing entry (any type) from another file, e.g. a vocabulary.
  void add_copy(const GgufFile& from, const GgufKV& kv);
  // `bytes` must hold exactly the tensor's row bytes x rows for `type` and `dims`.
  Status add_tensor(std::string name, uint32_t type, std::vector<int64_t> dims, std::string bytes);
  Status write(const std::string& path) const;
  // The file's bytes. Valid only when status() is ok (otherwise the file would be refused).
  std::string serialize() const;
  // Not ok after a duplicate key, or when the alignment is not a power of two; write() fails
  // with this status.
  Status status() const;

 private:
  void begin_kv(std::string key, GgufValueType type);
  uint32_t alignment_;
  std::string kv_bytes_;
  uint64_t kv_count_ = 0;
  std::vector<std::string> keys_;  // in order added, for duplicate detection
  std::string first_error_;
  struct PendingTensor {
    std::string name;
    uint32_t type;
    std::vector<int64_t> dims;
    std::string bytes;
  };
  std::vector<PendingTensor> tensors_;
};

}  // namespace chorus::model
