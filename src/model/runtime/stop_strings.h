// StopStrings: finds stop strings in streamed text whose pieces split them anywhere.
//
// feed() takes the next piece of generated text and returns what may be shown now: text that
// could still be the start of a stop string is held back until the following pieces decide it.
// When a stop string completes, everything before it is returned, stopped() becomes true and the
// stop string and anything after it are dropped. finish() returns the held-back text at the end
// of generation. Not thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace chorus::model {

class StopStrings {
 public:
  explicit StopStrings(std::vector<std::string> stops);

  std::string feed(std::string_view piece);
  std::string finish();
  bool stopped() const { return stopped_; }
  // The stop string that matched ("" when none did).
  const std::string& matched() const { return matched_; }

 private:
  // Length of the longest suffix of pending_ that is a proper prefix of some stop string.
  size_t partial_suffix() const;

  std::vector<std::string> stops_;
  std::string pending_;
  bool stopped_ = false;
  std::string matched_;
};

}  // namespace chorus::model
