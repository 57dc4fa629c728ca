// NoteStore: validation of notes and ratings, lazy refits, and statuses that follow
// cross-viewpoint ratings.
#include "trust/notes/note_store.h"

#include <gtest/gtest.h>

#include "trust/notes/polarized_raters.h"

namespace chorus::trust {
namespace {

using testing::polarized_note_ids;
using testing::polarized_ratings;

Helpfulness helpfulness_of(double v) {
  return v == 1     ? Helpfulness::kHelpful
         : v == 0.5 ? Helpfulness::kSomewhatHelpful
                    : Helpfulness::kNotHelpful;
}

NoteStatus status_of(NoteStore& store, const std::string& note_id) {
  for (const NoteView& v : store.notes_for_post("p-" + note_id))
    if (v.note.id == note_id) return v.score.status;
  ADD_FAILURE() << "no note " << note_id;
  return NoteStatus::kNeedsMoreRatings;
}

// Every polarized note is on its own post "p-<id>".
void add_polarized_notes(NoteStore& store, int partisan_per_side) {
  for (const std::string& id : polarized_note_ids(partisan_per_side))
    ASSERT_TRUE(store.add_note({id, "p-" + id, "text of " + id, "writer"}).is_ok());
}

TEST(NoteStoreTest, RejectsBadNotesNamingTheField) {
  NoteStore store;
  Status s = store.add_note({"", "p1", "t", "a"});
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("id"), std::string::npos);
  s = store.add_note({"n1", "p1", std::string(5000, 'x'), "a"});
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("text"), std::string::npos);
  s = store.add_note({"n1", "p1", "t", "\xff\xfe"});
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("author"), std::string::npos);
  EXPECT_EQ(store.notes(), 0u);
}

TEST(NoteStoreTest, SameNoteTwiceIsAcceptedOtherContentConflicts) {
  NoteStore store;
  ASSERT_TRUE(store.add_note({"n1", "p1", "context", "a"}).is_ok());
  EXPECT_TRUE(store.add_note({"n1", "p1", "context", "a"}).is_ok());
  EXPECT_EQ(store.add_note({"n1", "p1", "other", "a"}).code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(store.notes(), 1u);
}

TEST(NoteStoreTest, RatingsNeedAKnownNoteAndReplaceEarlierOnes) {
  NoteStore store;
  EXPECT_EQ(store.add_rating({"r1", "nope", Helpfulness::kHelpful}).code(), StatusCode::kNotFound);
  ASSERT_TRUE(store.add_note({"n1", "p1", "context", "a"}).is_ok());
  EXPECT_EQ(store.add_rating({"", "n1", Helpfulness::kHelpful}).code(),
            StatusCode::kInvalidArgument);
  ASSERT_TRUE(store.add_rating({"r1", "n1", Helpfulness::kHelpful}).is_ok());
  ASSERT_TRUE(store.add_rating({"r1", "n1", Helpfulness::kNotHelpful}).is_ok());
  EXPECT_EQ(store.ratings(), 1u);
  std::vector<NoteView> v = store.notes_for_post("p1");
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].score.ratings, 1u);
  EXPECT_EQ(v[0].score.status, NoteStatus::kNeedsMoreRatings);
  EXPECT_TRUE(store.notes_for_post("p2").empty());
}

TEST(NoteStoreTest, CrossViewpointNoteBecomesHelpfulOneSidedDoesNot) {
  NoteStore store;
  add_polarized_notes(store, 3);
  const std::vector<testing::PlannedRating> plan = polarized_ratings(6, 3);
  // Two raters (one per side) are too few for any status.
  const size_t per_rater = polarized_note_ids(3).size();
  for (size_t i = 0; i < 2 * per_rater; ++i)
    ASSERT_TRUE(
        store.add_rating({plan[i].rater, plan[i].note, helpfulness_of(plan[i].helpful)}).is_ok());
  EXPECT_EQ(status_of(store, "bridge"), NoteStatus::kNeedsMoreRatings);
  EXPECT_TRUE(store.refresh().empty());
  for (size_t i = 2 * per_rater; i < plan.size(); ++i)
    ASSERT_TRUE(
        store.add_rating({plan[i].rater, plan[i].note, helpfulness_of(plan[i].helpful)}).is_ok());
  EXPECT_EQ(status_of(store, "bridge"), NoteStatus::kHelpful);
  EXPECT_NE(status_of(store, "onesided"), NoteStatus::kHelpful);
  for (int k = 0; k < 3; ++k) {
    EXPECT_NE(status_of(store, "left-" + std::to_string(k)), NoteStatus::kHelpful);
    EXPECT_NE(status_of(store, "right-" + std::to_string(k)), NoteStatus::kHelpful);
  }
  // refresh() reports the helpful note once.
  std::vector<Note> helpful = store.refresh();
  ASSERT_EQ(helpful.size(), 1u);
  EXPECT_EQ(helpful[0].id, "bridge");
  EXPECT_TRUE(store.refresh().empty());
}

}  // namespace
}  // namespace chorus::trust
