#include "model/gguf/gguf_cursor.h"

#include <fmt/format.h>

namespace chorus::model {

Status GgufCursor::need(uint64_t n, std::string_view field) const {
  if (n <= remaining()) return Status::ok();
  return invalid_argument(fmt::format("{} at offset {}: {} bytes extend past end of file (size {})",
                                      field, pos_, n, size()));
}

Status GgufCursor::skip(uint64_t n, std::string_view field) {
  CHORUS_RETURN_IF_ERROR(need(n, field));
  pos_ += n;
  return Status::ok();
}

Result<std::string_view> GgufCursor::str(std::string_view field) {
  const uint64_t start = pos_;
  CHORUS_ASSIGN_OR_RETURN(uint64_t len, u64(field));
  if (len > remaining()) {
    pos_ = start;
    return invalid_argument(
        fmt::format("{} at offset {}: length {} extends past end of file (size {})", field, start,
                    len, size()));
  }
  std::string_view s(reinterpret_cast<const char*>(here()), len);
  pos_ += len;
  return s;
}

}  // namespace chorus::model
