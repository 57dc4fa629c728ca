#include "trust/notes/note_store.h"

#include "base/utf8.h"

namespace chorus::trust {
namespace {

constexpr size_t kNoteMaxIdBytes = 256;
constexpr size_t kNoteMaxTextBytes = 4096;

Status check_field(std::string_view name, std::string_view value, size_t max_bytes) {
  if (value.empty()) return invalid_argument(std::string(name) + ": required");
  if (value.size() > max_bytes)
    return invalid_argument(std::string(name) + ": longer than " + std::to_string(max_bytes) +
                            " bytes");
  if (!utf8::valid(value)) return invalid_argument(std::string(name) + ": invalid UTF-8");
  return Status::ok();
}

bool same_note(const Note& a, const Note& b) {
  return a.post_id == b.post_id && a.text == b.text && a.author == b.author;
}

}  // namespace

Status NoteStore::add_note(Note note) {
  CHORUS_RETURN_IF_ERROR(check_field("id", note.id, kNoteMaxIdBytes));
  CHORUS_RETURN_IF_ERROR(check_field("post_id", note.post_id, kNoteMaxIdBytes));
  CHORUS_RETURN_IF_ERROR(check_field("author", note.author, kNoteMaxIdBytes));
  CHORUS_RETURN_IF_ERROR(check_field("text", note.text, kNoteMaxTextBytes));
  std::lock_guard lock(mu_);
  if (auto it = notes_.find(note.id); it != notes_.end()) {
    if (same_note(it->second, note)) return Status::ok();
    return Status(StatusCode::kAlreadyExists, "note " + note.id + " exists with other content");
  }
  by_post_[note.post_id].push_back(note.id);
  std::string id = note.id;
  notes_.emplace(std::move(id), std::move(note));
  ++version_;
  return Status::ok();
}

Status NoteStore::add_rating(Rating rating) {
  CHORUS_RETURN_IF_ERROR(check_field("rater", rating.rater_id, kNoteMaxIdBytes));
  CHORUS_RETURN_IF_ERROR(check_field("note_id", rating.note_id, kNoteMaxIdBytes));
  std::lock_guard lock(mu_);
  if (!notes_.contains(rating.note_id)) return not_found("no note with id " + rating.note_id);
  const std::string key = rating.rater_id + '\n' + rating.note_id;
  if (auto it = rating_index_.find(key); it != rating_index_.end()) {
    ratings_[it->second] = std::move(rating);
  } else {
    rating_index_.emplace(key, ratings_.size());
    ratings_.push_back(std::move(rating));
  }
  ++version_;
  return Status::ok();
}

std::shared_ptr<const NoteStore::Fitted> NoteStore::current_fit() {
  std::vector<Rating> ratings;
  uint64_t version = 0;
  {
    std::lock_guard lock(mu_);
    if (fit_->version == version_) return fit_;
    ratings = ratings_;
    version = version_;
  }
  auto fitted = std::make_shared<Fitted>();
  fitted->version = version;
  // Ratings were validated on the way in, so fit() cannot refuse them; keep the old fit if so.
  if (Result<BridgingResult> r = model_.fit(ratings); r.is_ok())
    for (NoteScore& s : r->notes) fitted->by_note.emplace(s.note_id, std::move(s));
  std::lock_guard lock(mu_);
  if (fitted->version > fit_->version) fit_ = fitted;
  return fit_;
}

std::vector<NoteView> NoteStore::notes_for_post(std::string_view post_id) {
  std::shared_ptr<const Fitted> fit = current_fit();
  std::vector<NoteView> out;
  std::lock_guard lock(mu_);
  auto ids = by_post_.find(std::string(post_id));
  if (ids == by_post_.end()) return out;
  for (const std::string& id : ids->second) {
    NoteView v{notes_.at(id), {}};
    if (auto s = fit->by_note.find(id); s != fit->by_note.end()) v.score = s->second;
    v.score.note_id = id;
    out.push_back(std::move(v));
  }
  return out;
}

std::vector<Note> NoteStore::refresh() {
  std::shared_ptr<const Fitted> fit = current_fit();
  std::vector<Note> out;
  std::lock_guard lock(mu_);
  for (const auto& [id, score] : fit->by_note) {
    if (score.status != NoteStatus::kHelpful || helpful_reported_.contains(id)) continue;
    helpful_reported_.insert(id);
    if (auto n = notes_.find(id); n != notes_.end()) out.push_back(n->second);
  }
  return out;
}

size_t NoteStore::notes() const {
  std::lock_guard lock(mu_);
  return notes_.size();
}

size_t NoteStore::ratings() const {
  std::lock_guard lock(mu_);
  return ratings_.size();
}

}  // namespace chorus::trust
