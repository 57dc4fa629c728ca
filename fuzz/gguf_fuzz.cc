// libFuzzer target for the GGUF reader: any byte string either parses into a GgufFile whose every
// accessor is safe to call, or is refused with a Status. Tensor data is read end to end so that
// ASan catches any range the parser let through wrongly.
#include <cstddef>
#include <cstdint>
#include <span>

#include "model/gguf/gguf.h"
#include "model/gguf/gguf_info.h"

namespace {

using chorus::model::GgufFile;
using chorus::model::GgufKV;
using chorus::model::GgufTensor;

uint64_t touch_kv(const GgufFile& f, const GgufKV& kv) {
  uint64_t sink = f.value_to_string(kv).size() + f.value_to_string(kv, 1000).size();
  if (kv.size) sink += kv.data[0] + kv.data[kv.size - 1];
  sink += f.find(kv.key) == &kv;
  if (auto v = f.get_uint(kv.key); v.is_ok()) sink += *v;
  if (auto v = f.get_int(kv.key); v.is_ok()) sink += static_cast<uint64_t>(*v);
  if (auto v = f.get_float(kv.key); v.is_ok()) sink += *v != 0;
  if (auto v = f.get_bool(kv.key); v.is_ok()) sink += *v;
  if (auto v = f.get_string(kv.key); v.is_ok()) sink += v->size();
  if (auto v = f.get_string_array(kv.key); v.is_ok())
    for (std::string_view s : *v) sink += s.empty() ? 0 : static_cast<uint8_t>(s.back());
  if (auto v = f.get_float_array(kv.key); v.is_ok()) sink += v->size();
  if (auto v = f.get_int_array(kv.key); v.is_ok()) sink += v->size();
  if (auto v = f.get_uint_or(kv.key, 1); v.is_ok()) sink += *v;
  if (auto v = f.get_float_or(kv.key, 1.0); v.is_ok()) sink += *v != 0;
  return sink;
}

uint64_t touch_tensor(const GgufFile& f, const GgufTensor& t) {
  uint64_t sink = static_cast<uint64_t>(t.elements() + t.rows()) + t.dims.size();
  sink += f.tensor(t.name) == &t;
  for (uint64_t i = 0; i < t.nbytes; ++i) sink += t.data[i];
  return sink;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto parsed = GgufFile::parse(std::span<const uint8_t>(data, size));
  if (!parsed.is_ok()) return 0;
  const GgufFile& f = **parsed;
  volatile uint64_t sink = f.version() + f.alignment() + f.data_offset() + f.file_size();
  for (const GgufKV& kv : f.metadata()) sink = sink + touch_kv(f, kv);
  for (const GgufTensor& t : f.tensors()) sink = sink + touch_tensor(f, t);
  sink = sink + chorus::model::gguf_info_text(f).size() + chorus::model::gguf_info_json(f).size();
  sink =
      sink + (f.find("general.architecture") != nullptr) + (f.tensor("output.weight") != nullptr);
  return 0;
}
