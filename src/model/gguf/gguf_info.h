// Renderings of a GgufFile for `chorus model info`: a readable text report and a JSON document.
//
// JSON shape (keys fixed): {"version", "alignment", "data_offset", "metadata": {key: value, or for
// arrays {"type": "array", "elem_type", "count"}}, "tensors": [{"name", "type", "dims", "bytes",
// "offset"}], "parameters", "bytes_by_type": {type name: bytes}, "file_bytes"}. Tensor offsets
// are relative to the data section, as stored in the file. Strings that are not valid UTF-8 have
// the bad bytes replaced by U+FFFD.
#pragma once

#include <string>

#include "model/gguf/gguf.h"

namespace chorus::model {

std::string gguf_info_text(const GgufFile& f);
std::string gguf_info_json(const GgufFile& f);

}  // namespace chorus::model
