#include "trust/moderation/dataset.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <string_view>

#include "base/random.h"
#include "trust/moderation/csv_reader.h"

namespace chorus::trust {
namespace {

// Splits `data` into lines (LF, optional CR before it); a final newline adds no empty line.
std::vector<std::string_view> split_lines(std::string_view data) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start < data.size()) {
    size_t end = data.find('\n', start);
    if (end == std::string_view::npos) end = data.size();
    std::string_view line = data.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    start = end + 1;
  }
  return lines;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

bool parse_int(std::string_view s, int* out) {
  s = trim(s);
  if (s.empty()) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && p == s.data() + s.size();
}

std::string where(const std::string& file, size_t line) {
  return file + ":" + std::to_string(line) + ": ";
}

// mapping.txt: "<id>\t<name>" per line; ids must be 0..n-1 in any order.
Result<std::vector<std::string>> read_mapping(Env* env, const std::string& file) {
  CHORUS_ASSIGN_OR_RETURN(std::string data, env->read_file(file));
  std::map<int, std::string> by_id;
  const std::vector<std::string_view> lines = split_lines(data);
  for (size_t i = 0; i < lines.size(); ++i) {
    if (trim(lines[i]).empty()) continue;
    size_t tab = lines[i].find('\t');
    int id = 0;
    if (tab == std::string_view::npos || !parse_int(lines[i].substr(0, tab), &id) || id < 0) {
      return invalid_argument(where(file, i + 1) + "expected \"<id>\\t<label name>\"");
    }
    std::string name(trim(lines[i].substr(tab + 1)));
    if (name.empty()) return invalid_argument(where(file, i + 1) + "empty label name");
    if (!by_id.emplace(id, std::move(name)).second) {
      return invalid_argument(where(file, i + 1) + "label id " + std::to_string(id) + " repeated");
    }
  }
  std::vector<std::string> names;
  for (auto& [id, name] : by_id) {
    if (id != static_cast<int>(names.size())) {
      return invalid_argument(file + ": label ids must be 0.." + std::to_string(by_id.size() - 1) +
                              ", missing " + std::to_string(names.size()));
    }
    names.push_back(name);
  }
  if (names.size() < 2) return invalid_argument(file + ": needs at least two labels");
  return names;
}

// The index of `name` in a header record, or -1.
int column(const std::vector<std::string>& header, std::string_view name) {
  for (size_t i = 0; i < header.size(); ++i) {
    if (trim(header[i]) == name) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace

Result<Dataset> load_tweeteval(Env* env, const std::string& dir, const std::string& split) {
  const std::string text_file = join_path(dir, split + "_text.txt");
  const std::string label_file = join_path(dir, split + "_labels.txt");
  CHORUS_ASSIGN_OR_RETURN(std::vector<std::string> names,
                          read_mapping(env, join_path(dir, "mapping.txt")));
  CHORUS_ASSIGN_OR_RETURN(std::string texts, env->read_file(text_file));
  CHORUS_ASSIGN_OR_RETURN(std::string labels, env->read_file(label_file));
  const std::vector<std::string_view> text_lines = split_lines(texts);
  const std::vector<std::string_view> label_lines = split_lines(labels);
  if (text_lines.size() != label_lines.size()) {
    return invalid_argument(text_file + " has " + std::to_string(text_lines.size()) +
                            " lines but " + label_file + " has " +
                            std::to_string(label_lines.size()));
  }
  Dataset ds;
  ds.labels = std::move(names);
  for (size_t i = 0; i < text_lines.size(); ++i) {
    int id = -1;
    if (!parse_int(label_lines[i], &id) || id < 0 || id >= static_cast<int>(ds.labels.size())) {
      return invalid_argument(where(label_file, i + 1) + "label \"" +
                              std::string(trim(label_lines[i]).substr(0, 40)) +
                              "\" is not in mapping.txt");
    }
    ds.add(std::string(text_lines[i]), id);
  }
  return ds;
}

Result<Dataset> load_davidson(Env* env, const std::string& file) {
  CHORUS_ASSIGN_OR_RETURN(std::string data, env->read_file(file));
  CsvReader reader(data);
  std::vector<std::string> rec;
  Result<bool> got = reader.next(&rec);
  if (!got.is_ok()) return got.status().with_context(file);
  if (!*got) return invalid_argument(file + ": empty file, expected a header");
  const int class_col = column(rec, "class"), tweet_col = column(rec, "tweet");
  if (class_col < 0 || tweet_col < 0) {
    return invalid_argument(where(file, 1) + "header needs columns `class` and `tweet`");
  }
  const size_t need = static_cast<size_t>(std::max(class_col, tweet_col)) + 1;
  Dataset ds;
  ds.labels = {"hate", "offensive", "neither"};
  for (;;) {
    got = reader.next(&rec);
    if (!got.is_ok()) return got.status().with_context(file);
    if (!*got) break;
    if (rec.size() == 1 && rec[0].empty()) continue;  // blank line
    if (rec.size() < need) {
      return invalid_argument(where(file, reader.record_line()) + "expected at least " +
                              std::to_string(need) + " fields, got " + std::to_string(rec.size()));
    }
    int cls = -1;
    if (!parse_int(rec[class_col], &cls) || cls < 0 || cls > 2) {
      return invalid_argument(where(file, reader.record_line()) + "class \"" +
                              rec[class_col].substr(0, 40) + "\" is not 0, 1 or 2");
    }
    ds.add(std::move(rec[tweet_col]), cls);
  }
  return ds;
}

Result<Dataset> load_label_csv(Env* env, const std::string& file) {
  CHORUS_ASSIGN_OR_RETURN(std::string data, env->read_file(file));
  CsvReader reader(data);
  std::vector<std::string> rec;
  std::vector<std::pair<std::string, std::string>> rows;  // label, text
  for (;;) {
    Result<bool> got = reader.next(&rec);
    if (!got.is_ok()) return got.status().with_context(file);
    if (!*got) break;
    if (rec.size() == 1 && rec[0].empty()) continue;
    if (reader.record_line() == 1 && rec.size() == 2 && trim(rec[0]) == "label" &&
        trim(rec[1]) == "text") {
      continue;  // header
    }
    if (rec.size() < 2) {
      return invalid_argument(where(file, reader.record_line()) + "expected label,text");
    }
    std::string label(trim(rec[0]));
    if (label.empty()) return invalid_argument(where(file, reader.record_line()) + "empty label");
    std::string text = std::move(rec[1]);
    for (size_t i = 2; i < rec.size(); ++i) text += "," + rec[i];
    rows.emplace_back(std::move(label), std::move(text));
  }
  Dataset ds;
  for (const auto& r : rows) ds.labels.push_back(r.first);
  std::sort(ds.labels.begin(), ds.labels.end());
  ds.labels.erase(std::unique(ds.labels.begin(), ds.labels.end()), ds.labels.end());
  if (ds.labels.size() < 2) {
    return invalid_argument(file + ": needs examples of at least two labels, found " +
                            std::to_string(ds.labels.size()));
  }
  for (auto& r : rows) {
    auto it = std::lower_bound(ds.labels.begin(), ds.labels.end(), r.first);
    ds.add(std::move(r.second), static_cast<int>(it - ds.labels.begin()));
  }
  return ds;
}

Result<Dataset> load_dataset(Env* env, const std::string& format, const std::string& path,
                             const std::string& split) {
  if (format == "tweeteval") return load_tweeteval(env, path, split);
  if (format == "davidson") return load_davidson(env, path);
  if (format == "csv") return load_label_csv(env, path);
  return invalid_argument("unknown format \"" + format + "\": expected davidson, tweeteval or csv");
}

void split_dataset(const Dataset& all, double test_fraction, uint64_t seed, Dataset* train,
                   Dataset* test) {
  train->labels = test->labels = all.labels;
  Rng rng(seed);
  std::vector<std::vector<size_t>> by_class(all.labels.size());
  for (size_t i = 0; i < all.size(); ++i) by_class[all.y[i]].push_back(i);
  std::vector<bool> in_test(all.size(), false);
  for (auto& members : by_class) {
    for (size_t i = members.size(); i > 1; --i) std::swap(members[i - 1], members[rng.below(i)]);
    const size_t n_test = static_cast<size_t>(test_fraction * members.size() + 0.5);
    for (size_t k = 0; k < n_test; ++k) in_test[members[k]] = true;
  }
  for (size_t i = 0; i < all.size(); ++i) (in_test[i] ? test : train)->add(all.texts[i], all.y[i]);
}

}  // namespace chorus::trust
