// A small, deterministic polarized rater population for note tests (store and HTTP alike).
//
// Raters "rL<i>" hold viewpoint -1 and "rR<i>" +1. Partisan notes "left-<k>" / "right-<k>" are
// rated helpful (1) by their own side and not helpful (0) by the other, so the bridging model can
// learn the viewpoints. Two notes under test: "bridge" is rated helpful by everyone; "onesided"
// is rated helpful by the left and not helpful by the right.
#pragma once

#include <string>
#include <vector>

namespace chorus::trust::testing {

struct PlannedRating {
  std::string rater, note;
  double helpful = 0;  // 0, 0.5 or 1
};

inline std::vector<std::string> polarized_note_ids(int partisan_per_side) {
  std::vector<std::string> ids = {"bridge", "onesided"};
  for (int k = 0; k < partisan_per_side; ++k) {
    ids.push_back("left-" + std::to_string(k));
    ids.push_back("right-" + std::to_string(k));
  }
  return ids;
}

// Every rater rates every note, rater by rater (left and right alternating), so that a prefix of
// the list is a cross-viewpoint sample.
inline std::vector<PlannedRating> polarized_ratings(int raters_per_side, int partisan_per_side) {
  std::vector<PlannedRating> out;
  const std::vector<std::string> notes = polarized_note_ids(partisan_per_side);
  for (int i = 0; i < raters_per_side; ++i) {
    for (int side = 0; side < 2; ++side) {
      const bool left = side == 0;
      const std::string rater = (left ? "rL" : "rR") + std::to_string(i);
      for (const std::string& n : notes) {
        double h = 1;
        if (n == "onesided") h = left ? 1 : 0;
        if (n.starts_with("left-")) h = left ? 1 : 0;
        if (n.starts_with("right-")) h = left ? 0 : 1;
        out.push_back({rater, n, h});
      }
    }
  }
  return out;
}

}  // namespace chorus::trust::testing
