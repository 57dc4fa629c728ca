#include "trust/moderation/csv_reader.h"

namespace chorus::trust {

CsvReader::CsvReader(std::string_view data, char separator) : data_(data), sep_(separator) {
  if (data_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = line_start_ = 3;
}

Status CsvReader::read_quoted(std::string* field) {
  const size_t open_line = line_;
  const size_t open_col = pos_ - line_start_ + 1;
  ++pos_;  // the opening quote
  while (pos_ < data_.size()) {
    const char c = data_[pos_];
    if (c == '"') {
      if (pos_ + 1 < data_.size() && data_[pos_ + 1] == '"') {
        field->push_back('"');
        pos_ += 2;
        continue;
      }
      ++pos_;
      if (pos_ == data_.size()) return Status::ok();
      const char after = data_[pos_];
      if (after == sep_ || after == '\n' || after == '\r') return Status::ok();
      return invalid_argument("line " + std::to_string(line_) + ", column " +
                              std::to_string(pos_ - line_start_ + 1) +
                              ": unexpected character after a closing quote");
    }
    if (c == '\n') {
      ++line_;
      line_start_ = pos_ + 1;
    }
    field->push_back(c);
    ++pos_;
  }
  return invalid_argument("line " + std::to_string(open_line) + ", column " +
                          std::to_string(open_col) + ": quoted field is not terminated");
}

Result<bool> CsvReader::next(std::vector<std::string>* fields) {
  fields->clear();
  if (pos_ >= data_.size()) return false;
  record_line_ = line_;
  std::string field;
  bool at_field_start = true;
  while (pos_ < data_.size()) {
    const char c = data_[pos_];
    if (at_field_start && c == '"') {
      Status s = read_quoted(&field);
      if (!s.is_ok()) {
        pos_ = data_.size();
        return s;
      }
      at_field_start = false;
      continue;
    }
    if (c == sep_) {
      fields->push_back(std::move(field));
      field.clear();
      at_field_start = true;
      ++pos_;
      continue;
    }
    if (c == '\n' || (c == '\r' && pos_ + 1 < data_.size() && data_[pos_ + 1] == '\n') ||
        (c == '\r' && pos_ + 1 == data_.size())) {
      pos_ += (c == '\r' && pos_ + 1 < data_.size()) ? 2 : 1;
      ++line_;
      line_start_ = pos_;
      break;
    }
    field.push_back(c);
    at_field_start = false;
    ++pos_;
  }
  fields->push_back(std::move(field));
  return true;
}

}  // namespace chorus::trust
