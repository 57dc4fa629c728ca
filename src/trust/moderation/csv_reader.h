// CsvReader: an RFC 4180 reader over an in-memory buffer, for training files.
//
// Records end at LF or CRLF outside quotes. A field that starts with '"' is quoted: it may hold
// commas, CR/LF and doubled quotes ("" -> "); after its closing quote only a comma or the end of
// the record may follow. A '"' inside an unquoted field is kept literally (common in scraped
// data). A UTF-8 byte-order mark at the start is skipped. Bytes are passed through unchanged
// (no UTF-8 validation here). A blank line is a record of one empty field. Errors name the 1-based
// line and column where the record went wrong. Not thread-safe; the buffer must outlive the reader.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace chorus::trust {

class CsvReader {
 public:
  explicit CsvReader(std::string_view data, char separator = ',');

  // Reads the next record into `fields` (cleared first). Returns true when a record was read,
  // false at the end of the data, or an error (unterminated quote, text after a closing quote).
  // After an error the reader stays at the end.
  Result<bool> next(std::vector<std::string>* fields);

  // 1-based line on which the record last returned by next() started.
  size_t record_line() const { return record_line_; }

 private:
  Status read_quoted(std::string* field);

  std::string_view data_;
  char sep_;
  size_t pos_ = 0;
  size_t line_ = 1;
  size_t line_start_ = 0;  // offset of the first byte of the current line
  size_t record_line_ = 0;
};

}  // namespace chorus::trust
