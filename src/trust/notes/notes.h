// Community notes: notes written on posts, ratings of those notes, and the statuses the
// bridging model (bridging_model.h) gives them — the public face of src/trust/notes.
#pragma once

#include <string>
#include <string_view>

namespace chorus::trust {

struct Note {
  std::string id;
  std::string post_id;  // the post the note is about
  std::string text;
  std::string author;  // account id of the note's writer
};

// How helpful a rater found a note; the model reads it as 1, 0.5 or 0.
enum class Helpfulness { kHelpful, kSomewhatHelpful, kNotHelpful };
constexpr double helpfulness_value(Helpfulness h) {
  return h == Helpfulness::kHelpful ? 1.0 : h == Helpfulness::kSomewhatHelpful ? 0.5 : 0.0;
}

struct Rating {
  std::string rater_id;
  std::string note_id;
  Helpfulness helpfulness = Helpfulness::kNotHelpful;
};

enum class NoteStatus { kNeedsMoreRatings, kHelpful, kNotHelpful };
// "needs_more_ratings", "helpful", "not_helpful".
std::string_view note_status_name(NoteStatus s);

}  // namespace chorus::trust
