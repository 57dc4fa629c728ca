#include "trust/moderation/extra_data.h"

#include <charconv>

#include "trust/moderation/moderator.h"

namespace chorus::trust {
namespace {

int find_label(const std::vector<std::string>& labels, std::string_view name) {
  for (size_t i = 0; i < labels.size(); ++i) {
    if (labels[i] == name) return static_cast<int>(i);
  }
  return -1;
}

// The only target label that is benign (want_benign) or not; -1 when there is none or several.
int only_label(const std::vector<std::string>& labels, bool want_benign) {
  int found = -1;
  for (size_t i = 0; i < labels.size(); ++i) {
    if (is_benign_label(labels[i]) != want_benign) continue;
    if (found >= 0) return -1;
    found = static_cast<int>(i);
  }
  return found;
}

std::string_view trim_spaces(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

}  // namespace

Result<ExtraSpec> parse_extra_spec(std::string_view spec) {
  const std::string quoted = "extra data \"" + std::string(spec) + "\": ";
  std::vector<std::string_view> parts;
  for (size_t start = 0;;) {
    const size_t colon = spec.find(':', start);
    parts.push_back(spec.substr(start, colon == std::string_view::npos ? colon : colon - start));
    if (colon == std::string_view::npos) break;
    start = colon + 1;
  }
  if (parts.size() < 2) return invalid_argument(quoted + "expected FORMAT:PATH[:WEIGHT[:MAP]]");
  ExtraSpec out;
  out.format = std::string(parts.front());
  if (out.format != "davidson" && out.format != "tweeteval" && out.format != "csv") {
    return invalid_argument(quoted + "unknown format \"" + out.format +
                            "\": expected davidson, tweeteval or csv");
  }
  parts.erase(parts.begin());
  if (parts.size() >= 3 && parts.back().find('=') != std::string_view::npos) {
    out.mapping = std::string(parts.back());
    parts.pop_back();
  }
  if (parts.size() >= 2) {
    const std::string_view w = parts.back();
    float v = 0;
    const auto [end, ec] = std::from_chars(w.data(), w.data() + w.size(), v);
    if (ec == std::errc() && end == w.data() + w.size()) {
      if (!(v > 0 && v <= 100)) return invalid_argument(quoted + "weight must be in (0, 100]");
      out.weight = v;
      parts.pop_back();
    }
  }
  for (size_t i = 0; i < parts.size(); ++i) {
    out.path += (i ? ":" : "") + std::string(parts[i]);
  }
  if (out.path.empty()) return invalid_argument(quoted + "empty path");
  return out;
}

Result<std::vector<int>> map_labels(const std::vector<std::string>& from_labels,
                                    const std::vector<std::string>& to_labels,
                                    std::string_view mapping) {
  std::vector<int> map(from_labels.size(), -2);  // -2: not yet mapped
  for (size_t start = 0; start < mapping.size();) {
    size_t comma = mapping.find(',', start);
    if (comma == std::string_view::npos) comma = mapping.size();
    const std::string_view item = mapping.substr(start, comma - start);
    start = comma + 1;
    const size_t eq = item.find('=');
    if (eq == std::string_view::npos) {
      return invalid_argument("label map item \"" + std::string(item) + "\": expected src=dst");
    }
    const std::string_view src = trim_spaces(item.substr(0, eq));
    const std::string_view dst = trim_spaces(item.substr(eq + 1));
    const int s = find_label(from_labels, src);
    if (s < 0) {
      return invalid_argument("label map: the extra data has no label \"" + std::string(src) +
                              "\"");
    }
    const int d = dst == "-" ? -1 : find_label(to_labels, dst);
    if (d < 0 && dst != "-") {
      return invalid_argument("label map: the training data has no label \"" + std::string(dst) +
                              "\"");
    }
    map[s] = d;
  }
  for (size_t i = 0; i < from_labels.size(); ++i) {
    if (map[i] != -2) continue;
    map[i] = find_label(to_labels, from_labels[i]);
    if (map[i] < 0) map[i] = only_label(to_labels, is_benign_label(from_labels[i]));
    if (map[i] < 0) {
      return invalid_argument("extra data label \"" + from_labels[i] +
                              "\" has no counterpart in the training labels; name it in the map "
                              "(src=dst, or src=- to drop it)");
    }
  }
  return map;
}

Status add_extra(Dataset* to, const Dataset& from, float weight, std::string_view mapping) {
  if (!(weight > 0)) return invalid_argument("extra data weight must be > 0");
  CHORUS_ASSIGN_OR_RETURN(std::vector<int> map, map_labels(from.labels, to->labels, mapping));
  if (to->weight.empty()) to->weight.assign(to->size(), 1.0f);
  for (size_t i = 0; i < from.size(); ++i) {
    const int y = map[static_cast<size_t>(from.y[i])];
    if (y < 0) continue;
    to->texts.push_back(from.texts[i]);
    to->y.push_back(y);
    to->weight.push_back(weight * from.weight_of(i));
    ++to->extras;
  }
  return Status::ok();
}

Status load_extra(Env* env, const ExtraSpec& spec, Dataset* to) {
  CHORUS_ASSIGN_OR_RETURN(Dataset from, load_dataset(env, spec.format, spec.path, "train"));
  return add_extra(to, from, spec.weight, spec.mapping)
      .with_context("extra data " + spec.format + ":" + spec.path);
}

}  // namespace chorus::trust
