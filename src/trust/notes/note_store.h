// NoteStore: the community notes and ratings that arrive through the API (or the simulator), and
// their current statuses from the bridging model (bridging_model.h).
//
// Refit policy: the model is refitted lazily. Adding a note or a rating only marks the fit
// stale; the next read (notes_for_post(), refresh()) refits over all ratings when it is stale.
// The fit runs outside the store's lock on a copy of the ratings, so writers are not blocked
// while it runs; two concurrent stale reads may both fit, and the result of the newest ratings
// wins. A note not yet in the fitted result (no rating) is needs_more_ratings.
// Limits: ids and authors up to 256 bytes, text up to 4096 bytes, all valid UTF-8.
// Thread-safety: every method is thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "base/status.h"
#include "trust/notes/bridging_model.h"
#include "trust/notes/notes.h"

namespace chorus::trust {

// A note with its current score (intercept, factor, ratings, status).
struct NoteView {
  Note note;
  NoteScore score;
};

class NoteStore {
 public:
  explicit NoteStore(BridgingOptions options = {}) : model_(options) {}

  // kInvalidArgument for a missing or oversized field (naming it); kAlreadyExists when the id is
  // taken by a different note (posting the same note again is accepted).
  Status add_note(Note note);
  // kInvalidArgument for an empty rater; kNotFound for an unknown note. A rater rating a note
  // again replaces the earlier rating.
  Status add_rating(Rating rating);

  // The notes on `post_id`, in the order they were added, with current statuses.
  std::vector<NoteView> notes_for_post(std::string_view post_id);
  // Refits when stale. Returns the notes that became helpful since the previous refresh (each
  // note at most once over the store's life), for the credibility history of post authors.
  std::vector<Note> refresh();

  size_t notes() const;
  size_t ratings() const;
  const BridgingOptions& options() const { return model_.options(); }

 private:
  struct Fitted {
    uint64_t version = 0;  // ratings version the fit saw
    std::unordered_map<std::string, NoteScore> by_note;
  };
  // The fit for the current ratings (refitting when stale); never null.
  std::shared_ptr<const Fitted> current_fit();

  BridgingModel model_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Note> notes_;
  std::unordered_map<std::string, std::vector<std::string>> by_post_;  // post id -> note ids
  std::vector<Rating> ratings_;
  std::unordered_map<std::string, size_t> rating_index_;  // rater '\n' note -> index
  uint64_t version_ = 0;                                  // bumped by every write
  std::shared_ptr<const Fitted> fit_ = std::make_shared<Fitted>();
  std::unordered_set<std::string> helpful_reported_;
};

}  // namespace chorus::trust
