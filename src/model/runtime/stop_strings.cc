#include "model/runtime/stop_strings.h"

#include <algorithm>

namespace chorus::model {

StopStrings::StopStrings(std::vector<std::string> stops) {
  for (std::string& s : stops)
    if (!s.empty()) stops_.push_back(std::move(s));
}

size_t StopStrings::partial_suffix() const {
  size_t best = 0;
  for (const std::string& s : stops_) {
    const size_t max = std::min(s.size() - 1, pending_.size());
    for (size_t len = max; len > best; --len) {
      if (std::string_view(pending_).substr(pending_.size() - len) ==
          std::string_view(s).substr(0, len)) {
        best = len;
        break;
      }
    }
  }
  return best;
}

std::string StopStrings::feed(std::string_view piece) {
  if (stopped_) return {};
  pending_.append(piece);
  size_t first = std::string::npos;
  for (const std::string& s : stops_) {
    const size_t at = pending_.find(s);
    if (at < first) {
      first = at;
      matched_ = s;
    }
  }
  if (first != std::string::npos) {
    stopped_ = true;
    std::string out = pending_.substr(0, first);
    pending_.clear();
    return out;
  }
  const size_t hold = partial_suffix();
  std::string out = pending_.substr(0, pending_.size() - hold);
  pending_.erase(0, pending_.size() - hold);
  return out;
}

std::string StopStrings::finish() {
  std::string out = stopped_ ? std::string() : pending_;
  pending_.clear();
  return out;
}

}  // namespace chorus::model
